// The pack station: scan an order, tracking number or item barcode; acknowledge a block.
import { z } from 'zod';
import type { OrderView } from '../domain.js';
import { by, type InputsFor } from './common.js';

export const scanInput = z.object({ code: z.string().trim().min(1, 'scan something').max(64) });
export const acknowledgeInput = z.object({ code: z.string().trim().min(1).max(64), tid: z.string().trim().min(1).max(64), by });

export interface ScanBlock {
  tid: string;
  requestIds: string[];
  reasons: string[];
  lockedLines: Array<{ oid: string; sku: string; title: string; qty: number; bin: string | null }>;
  /** Set when the line was locked after its batch was printed. */
  batchNo: string | null;
}

export interface ScanResult {
  code: string;
  match: 'tid' | 'tracking' | 'barcode' | 'none';
  /** The order to pack (null when nothing or several candidates matched). */
  order: OrderView | null;
  /** For a barcode that several open orders contain: the candidates, earliest deadline first. */
  candidates: Array<{ tid: string; shipDeadline: number | null; locked: boolean }>;
  blocked: ScanBlock | null;
}

export interface PackOutputs {
  'pack.scan': ScanResult;
  'pack.acknowledge': { ok: true };
}

export const packInputs = {
  'pack.scan': scanInput,
  'pack.acknowledge': acknowledgeInput,
} as const satisfies InputsFor<PackOutputs>;
