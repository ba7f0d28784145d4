// The pack capability's contract (打包台: scan, 验货出库, counters, 出库 records) and the new-interception
// alarms every screen shows. Merged into `apiInputs` / `ApiOutputs` in contract.ts.
import { z } from 'zod';
import type { OrderView } from '../domain.js';
import type { InputsFor } from './common.js';

const by = z.string().trim().min(1).max(40).optional();
/** The pack screen's own settings: which station and which clerk (工号) did it. */
const station = z.string().trim().max(40).optional();
const clerk = z.string().trim().max(20).optional();
const tid = z.string().trim().min(1).max(64);
const code = z.string().trim().min(1, 'scan something').max(64);

export const packInputs = {
  /** A tid, tracking number (waybill) or item barcode → the parcel to pack, or a block. No side effects. */
  'pack.scan': z.object({ code }),
  /** The packer saw the red block: audited. */
  'pack.acknowledge': z.object({ code, tid, by, station, clerk }),
  /**
   * 出库: the final step. Asks again whether any line of the order is locked and refuses if so; otherwise
   * records each line (who, when, which station). `verify`: every piece was scanned (验货); `quick`: scan and go.
   */
  'pack.out': z.object({
    tid,
    code: z.string().trim().max(64).default(''),
    mode: z.enum(['verify', 'quick']),
    lines: z
      .array(z.object({ oid: z.string().trim().min(1).max(64), qty: z.number().int().positive() }))
      .min(1, 'nothing to hand over')
      .max(500),
    station,
    clerk,
  }),
  /** The per-shift counter of a station: today, this hour, and the batch it is packing. */
  'pack.stats': z.object({ station: z.string().trim().max(40).default('') }),
  /** 出库 records of an order (the order's history). */
  'pack.records': z.object({ tid }),
  /** New interceptions no clerk has acknowledged yet (the red banner). */
  'alarms.list': z.object({}),
  'alarms.acknowledge': z.object({
    requestIds: z.array(z.string().trim().min(1).max(128)).min(1).max(200),
    by,
    station,
  }),
} as const satisfies InputsFor<PackOutputs>;

export interface PackOutputs {
  'pack.scan': ScanResult;
  'pack.acknowledge': { ok: true };
  'pack.out': PackOutResult;
  'pack.stats': PackStats;
  'pack.records': { items: PackOutRecord[] };
  'alarms.list': { items: InterceptionAlarm[] };
  'alarms.acknowledge': { ok: true };
}

/** Where a slip sits: its batch and the big number printed on it (篮号 / 序号). */
export interface SlotRef {
  batchNo: string;
  seq: number;
}

export interface ScanBlock {
  tid: string;
  requestIds: string[];
  reasons: string[];
  lockedLines: Array<{ oid: string; sku: string; title: string; qty: number; bin: string | null }>;
  /** Set when the line was locked after its batch was printed. */
  batchNo: string | null;
  /** The slip's number in that batch (篮号), to find the pulled parcel. */
  seq: number | null;
}

export interface ParcelLine {
  oid: string;
  sku: string;
  title: string;
  qty: number;
  bin: string | null;
  barcode: string | null;
  locked: boolean;
}

export interface ScanResult {
  /** The code as looked up (normalised: full-width folded, Tab/Enter and spaces removed). */
  code: string;
  match: 'tid' | 'tracking' | 'barcode' | 'none';
  /** The order to pack (null when nothing or several candidates matched). */
  order: OrderView | null;
  /** For a barcode that several open orders contain: the candidates, earliest deadline first. */
  candidates: Array<{ tid: string; shipDeadline: number | null; locked: boolean }>;
  blocked: ScanBlock | null;
  /** The lines to pack now: not refunded, not handed over yet (a tracking scan: that parcel's lines). */
  parcel: ParcelLine[];
  /**
   * The order's other lines, and why they are not in this parcel. A closed order (交易关闭: the trade was
   * cancelled) has every line here as `closed`: nothing of it is packed.
   */
  others: Array<{ oid: string; sku: string; title: string; qty: number; why: 'refunded' | 'out' | 'other_parcel' | 'closed' }>;
  /** The batch slip of this order (the most recent open batch holding it). */
  slot: SlotRef | null;
  /** When every line already went out: the last 出库. */
  alreadyOut: { at: number; station: string; clerk: string } | null;
}

export interface PackOutRecord {
  outId: string;
  tid: string;
  oid: string;
  sku: string;
  title: string;
  qty: number;
  at: number;
  station: string;
  clerk: string;
  mode: 'verify' | 'quick';
  batchNo: string | null;
}

export interface PackStats {
  station: string;
  /** Orders handed over by this station since local midnight (station time zone), and this clock hour. */
  today: number;
  hour: number;
  /** The batch of this station's last 出库: orders out of that batch (any station) / orders in it. */
  batch: { batchNo: string; done: number; total: number } | null;
}

export type PackOutResult =
  | { ok: true; outId: string; tid: string; at: number; records: PackOutRecord[]; stats: PackStats }
  | { ok: false; reason: 'locked'; blocked: ScanBlock };

/** A request that just locked lines: the banner on every screen, a sound and a desktop notification. */
export interface InterceptionAlarm {
  requestId: string;
  tid: string;
  source: string;
  reason: string;
  lockedAt: number;
  lines: Array<{ oid: string; sku: string; title: string; qty: number; bin: string | null }>;
  /** The printed open batch holding a locked line (the parcel must be pulled out), and its slip number. */
  batchNo: string | null;
  seq: number | null;
  printed: boolean;
}
