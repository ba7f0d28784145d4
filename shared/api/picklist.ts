// Pick-list batches (拣货批次), their print views and (desktop only) printing.
import { z } from 'zod';
import { ORDER_TYPES, PLATFORMS, type OrderView } from '../domain.js';
import { by, type InputsFor } from './common.js';

export const createBatchInput = z
  .object({
    /** A selection from the pending list… */
    tids: z.array(z.string().trim().min(1).max(64)).min(1).max(5000).optional(),
    /** …or filters. */
    filters: z
      .object({
        deadlineBefore: z.coerce.number().int().positive().optional(),
        platform: z.enum(PLATFORMS).optional(),
        orderType: z.enum(ORDER_TYPES).optional(),
        carrier: z.string().trim().min(1).max(40).optional(),
        sku: z.string().trim().min(1).max(128).optional(),
      })
      .strict()
      .optional(),
    maxOrders: z.coerce.number().int().min(1).max(5000).default(200),
    by,
  })
  .refine((v) => v.tids || v.filters, { message: 'give tids or filters', path: ['tids'] });
export type CreateBatchInput = z.output<typeof createBatchInput>;
export const batchNoInput = z.object({
  batchNo: z
    .string()
    .trim()
    .regex(/^B\d{8}-\d{3,}$/, 'not a batch number'),
});
export const printKindInput = z.enum(['picklist', 'slips', 'all']);

export interface PickRowView {
  bin: string | null;
  sku: string;
  title: string;
  barcode: string | null;
  totalQty: number;
  orderCount: number;
}
export interface StaleLine {
  /** Why it must come out: locked (intercepted) after printing, or its order closed (交易关闭). */
  why: 'locked' | 'closed';
  tid: string;
  oid: string;
  sku: string;
  title: string;
  qty: number;
  bin: string | null;
  requestIds: string[];
  /** The slip's number in the batch (篮号). */
  seq: number | null;
}
export interface BatchSummary {
  batchNo: string;
  station: string;
  createdAt: number;
  createdBy: string;
  printedAt: number | null;
  printCount: number;
  status: 'open' | 'cancelled';
  orderCount: number;
  lineCount: number;
  pieceCount: number;
  /** Lines locked, or of orders closed, after printing (需撤出). */
  staleCount: number;
}
export interface BatchView extends BatchSummary {
  rows: PickRowView[];
  /** One packing slip per order: its unlocked lines in this batch, contact masked. */
  orders: OrderView[];
  stale: StaleLine[];
  /** tid → the big number on its slip (篮号 / 序号), fixed when the batch was created. */
  seqs: Record<string, number>;
  history: Array<{ at: number; actor: string; action: string; detail: string }>;
}

export interface PicklistOutputs {
  'batches.create': { batch: BatchView; skipped: Array<{ tid: string; reason: string }> };
  'batches.list': { items: BatchSummary[] };
  'batches.get': BatchView;
  'batches.markPrinted': BatchView;
  'batches.withdrawLine': BatchView;
  'batches.exportPdf': { path: string | null };
  'batches.print': { ok: true };
  'printers.list': { items: Array<{ name: string; isDefault: boolean }> };
}

export const picklistInputs = {
  'batches.create': createBatchInput,
  'batches.list': z.object({}),
  'batches.get': batchNoInput,
  'batches.markPrinted': batchNoInput.extend({ by }),
  'batches.withdrawLine': batchNoInput.extend({ oid: z.string().trim().min(1).max(64), by }),
  /** Desktop app only: Electron's printToPDF to a file the clerk chooses. */
  'batches.exportPdf': batchNoInput.extend({ kind: printKindInput.default('all') }),
  /** Desktop app only: print directly to a chosen printer. */
  'batches.print': batchNoInput.extend({ kind: printKindInput.default('all'), printer: z.string().min(1).max(200), by }),
  'printers.list': z.object({}),
} as const satisfies InputsFor<PicklistOutputs>;
