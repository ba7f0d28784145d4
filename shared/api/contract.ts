// The one typed contract between the renderer (or any station client) and the main process.
// Each domain declares its methods (input schema + output type); the maps merge into `Api`.
// Electron IPC and the station HTTP API both dispatch through the same handler map, validating
// every argument with these schemas at the boundary.
import { z } from 'zod';
import { ORDER_TYPES, PLATFORMS, type OrderView, type Page } from '../domain.js';
import { INTERCEPTION_STATUSES, type InterceptionSource, type InterceptionStatus } from '../rules/interception.js';
import { settingsPatchSchema, type SettingsView } from '../settings.js';
import { listAlertsInput, officeInputs, type AlertPage, type OfficeOutputs } from './office.js';

/** A query-string-friendly boolean: true/false/1/0. */
const flagInput = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' || v === '' ? false : v), z.boolean());

export const listOrdersInput = z.object({
  view: z.enum(['pending', 'all']).default('pending'),
  q: z.string().trim().max(64).optional(),
  platform: z.enum(PLATFORMS).optional(),
  orderType: z.enum(ORDER_TYPES).optional(),
  flag: z.coerce.number().int().min(0).max(5).optional(),
  /** Only orders whose ship deadline falls within this many hours from now (overdue included). */
  dueWithinHours: z.coerce
    .number()
    .positive()
    .max(24 * 366)
    .optional(),
  /** Only orders with (true) or without (false) a locked line. */
  locked: flagInput.optional(),
  /** Include orders older than the default window (settings: 6 months). */
  includeOlder: flagInput.default(false),
  /** Triage bucket by ship deadline; buckets are disjoint (6h and 24h leave out overdue), see `orders.counts`. */
  due: z.enum(['overdue', '6h', '24h', 'later']).optional(),
  /** Only orders with (true) or without (false) lines in an open pick batch. */
  inBatch: flagInput.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export type ListOrdersInput = z.input<typeof listOrdersInput>;

export const tidInput = z.object({ tid: z.string().trim().min(1).max(64) });

export interface Health {
  ok: true;
  version: string;
  mode: 'electron' | 'station';
  schemaVersion: number;
}

export interface ImportFileError {
  file: string;
  row: number | null;
  field: string | null;
  message: string;
}
export interface ImportRejection {
  file: string;
  row: number;
  tid: string | null;
  reason: string;
}
export interface ImportFileSummary {
  file: string;
  kind: FileKind;
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
}
export interface ImportResult {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: ImportRejection[];
  files: ImportFileSummary[];
}
export type FileKind = 'taobao_orders' | 'taobao_items' | 'sku_master' | 'events';

export const importFilesInput = z.object({
  files: z
    .array(
      z.object({ name: z.string().min(1).max(255), data: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected the file bytes') }),
    )
    .min(1, 'choose at least one file')
    .max(20),
});

const by = z.string().trim().min(1).max(40).optional();
const reason = z.string().trim().min(1, 'a reason is required').max(500);
const requestIdInput = z.object({ requestId: z.string().trim().min(1).max(128) });

export const createInterceptionInput = z.object({
  tid: z.string().trim().min(1).max(64),
  /** Leave out for the whole order (主订单拦截); or the sub-orders (子订单拦截). */
  oids: z.array(z.string().trim().min(1).max(64)).min(1).max(200).optional(),
  reason,
  by,
});
export const interceptionActionInput = requestIdInput.extend({ reason, by });

export const listInterceptionsInput = z.object({
  status: z.enum(INTERCEPTION_STATUSES).optional(),
  /** open = waiting, received, locked, or failed holding locks. */
  open: flagInput.optional(),
  q: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const markShippedInput = z
  .object({
    tid: z.string().trim().min(1).max(64),
    oids: z.array(z.string().trim().min(1).max(64)).min(1).optional(),
    carrier: z.string().trim().max(40).default(''),
    trackingNo: z.string().trim().max(40).default(''),
    /** 无需物流: no tracking number (refused for a partly shipped order). */
    noLogistics: z.boolean().default(false),
    by,
  })
  .superRefine((v, ctx) => {
    if (!v.noLogistics && !v.trackingNo) ctx.addIssue({ code: 'custom', path: ['trackingNo'], message: 'a tracking number is required' });
    if (!v.noLogistics && !v.carrier) ctx.addIssue({ code: 'custom', path: ['carrier'], message: 'a carrier is required' });
  });

export const scanInput = z.object({ code: z.string().trim().min(1, 'scan something').max(64) });
export const acknowledgeInput = z.object({ code: z.string().trim().min(1).max(64), tid: z.string().trim().min(1).max(64), by });

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
const batchNoInput = z.object({
  batchNo: z
    .string()
    .trim()
    .regex(/^B\d{8}-\d{3,}$/, 'not a batch number'),
});
export const printKindInput = z.enum(['picklist', 'slips', 'all']);

/** Method name → input schema. */
export const apiInputs = {
  'app.health': z.object({}),
  'orders.list': listOrdersInput,
  'orders.get': tidInput,
  'imports.run': importFilesInput,
  'settings.get': z.object({}),
  'settings.update': settingsPatchSchema,
  'app.status': z.object({}),
  'orders.markShipped': markShippedInput,
  'interceptions.list': listInterceptionsInput,
  'interceptions.get': requestIdInput,
  'interceptions.create': createInterceptionInput,
  'interceptions.release': interceptionActionInput,
  'interceptions.refund': interceptionActionInput,
  'interceptions.retry': interceptionActionInput,
  'pack.scan': scanInput,
  'pack.acknowledge': acknowledgeInput,
  'alerts.list': listAlertsInput,
  'checks.run': z.object({}),
  'checks.status': z.object({}),
  'workorders.list': z.object({ tid: z.string().trim().min(1).max(64).optional(), open: flagInput.optional() }),
  'workorders.reply': z.object({
    workOrderId: z.string().trim().min(1).max(128),
    text: z.string().trim().min(1, 'write a reply').max(500),
    trackingNo: z.string().trim().min(4).max(40).optional(),
    carrier: z.string().trim().min(1).max(40).optional(),
    by,
  }),
  'negotiations.list': z.object({ tid: z.string().trim().min(1).max(64) }),
  'negotiations.propose': z.object({ tid: z.string().trim().min(1).max(64), proposedDeadline: z.coerce.number().int().positive(), by }),
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
  /** A supervisor's audited reveal of one order's real contact (the only route that returns one). */
  'orders.reveal': z.object({
    tid: z.string().trim().min(1).max(64),
    supervisor: z.string().trim().min(1, 'who is revealing').max(40),
    pin: z.string().min(4).max(32),
    reason: z.string().trim().min(1, 'a reason is required').max(200),
  }),
  'settings.setSupervisorPin': z.object({
    currentPin: z.string().max(32).optional(),
    newPin: z.string().regex(/^\d{4,12}$/, '4–12 digits'),
  }),
  'outbox.list': z.object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  }),
  ...officeInputs,
} as const;

/** Method name → output. */
export interface ApiOutputs extends OfficeOutputs {
  'app.health': Health;
  'orders.list': Page<OrderView>;
  'orders.get': OrderView;
  'imports.run': ImportResult;
  'settings.get': SettingsView;
  'settings.update': SettingsView;
  'app.status': AppStatus;
  'orders.markShipped': OrderView;
  'interceptions.list': { items: InterceptionView[] };
  'interceptions.get': InterceptionView;
  'interceptions.create': InterceptionView;
  'interceptions.release': InterceptionView;
  'interceptions.refund': InterceptionView;
  'interceptions.retry': InterceptionView;
  'pack.scan': ScanResult;
  'pack.acknowledge': { ok: true };
  'alerts.list': AlertPage;
  'outbox.list': { items: OutboxEnvelopeView[]; cursor: string };
  'batches.create': { batch: BatchView; skipped: Array<{ tid: string; reason: string }> };
  'batches.list': { items: BatchSummary[] };
  'batches.get': BatchView;
  'batches.markPrinted': BatchView;
  'batches.withdrawLine': BatchView;
  'batches.exportPdf': { path: string | null };
  'batches.print': { ok: true };
  'printers.list': { items: Array<{ name: string; isDefault: boolean }> };
  'orders.reveal': { tid: string; name: string; phone: string | null; secretNo: string | null; address: string };
  'settings.setSupervisorPin': { ok: true };
  'checks.run': { results: CheckRunResult[]; runs: JobRunView[] };
  'checks.status': { runs: JobRunView[] };
  'workorders.list': { items: WorkorderView[] };
  'workorders.reply': WorkorderView;
  'negotiations.list': { items: NegotiationView[] };
  'negotiations.propose': NegotiationView;
}

export interface PickRowView {
  bin: string | null;
  sku: string;
  title: string;
  barcode: string | null;
  totalQty: number;
  orderCount: number;
}
export interface StaleLine {
  tid: string;
  oid: string;
  sku: string;
  title: string;
  qty: number;
  bin: string | null;
  requestIds: string[];
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
  /** Lines locked after printing (需撤出). */
  staleCount: number;
}
export interface BatchView extends BatchSummary {
  rows: PickRowView[];
  /** One packing slip per order: its unlocked lines in this batch, contact masked. */
  orders: OrderView[];
  stale: StaleLine[];
  history: Array<{ at: number; actor: string; action: string; detail: string }>;
}

export interface CheckRunResult {
  job: string;
  candidates: number;
  raised: number;
  resolved: number;
}
export interface JobRunView {
  name: string;
  lastRunAt: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
  runs: number;
}
export interface WorkorderView {
  workOrderId: string;
  tid: string;
  kind: 'urge_ship' | 'urge_pickup';
  createdAt: number;
  dueAt: number;
  status: 'open' | 'closed' | 'not_applicable';
  closedAt: number | null;
  closeAction: string | null;
  note: string;
}
export interface NegotiationView {
  negotiationId: string;
  tid: string;
  proposedDeadline: number;
  sentAt: number;
  validUntil: number;
  status: 'open' | 'agreed' | 'declined' | 'expired';
  answeredAt: number | null;
  by: string;
}

/** Nav badges and the setup banner. */
export interface AppStatus {
  interceptionReady: boolean;
  /** The interception setup steps done (memo text, terms agreed, enabled). */
  interceptionSetup: { memo: boolean; terms: boolean; enabled: boolean };
  pendingOrders: number;
  openInterceptions: number;
  openAlerts: number;
  criticalAlerts: number;
}

export interface InterceptionHistoryItem {
  at: number;
  from: InterceptionStatus | null;
  to: InterceptionStatus;
  actor: string;
  note: string;
}

export interface InterceptionView {
  requestId: string;
  tid: string;
  /** The targeted sub-orders; null = the whole order. */
  oids: string[] | null;
  /** Lines this request holds locked right now. */
  lockedOids: string[];
  source: InterceptionSource;
  reason: string;
  status: InterceptionStatus;
  result: 'SUCCESS' | 'FAIL' | null;
  message: string | null;
  requestedAt: number;
  receivedAt: number;
  decidedAt: number | null;
  updatedAt: number;
  history: InterceptionHistoryItem[];
}

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

export interface AlertItem {
  id: number;
  tid: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  dueAt: number | null;
  raisedAt: number;
  resolvedAt: number | null;
  detail: string;
}

export interface OutboxEnvelopeView {
  id: string;
  type: string;
  platform: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

export type Method = keyof typeof apiInputs & keyof ApiOutputs;
export type Input<K extends Method> = z.input<(typeof apiInputs)[K]>;
export type ParsedInput<K extends Method> = z.output<(typeof apiInputs)[K]>;
export type Output<K extends Method> = ApiOutputs[K];

/** What the main process implements: one async function per method, taking validated input. */
export type Handlers = { [K in Method]: (input: ParsedInput<K>) => Output<K> | Promise<Output<K>> };

/** What every client offers (Electron preload, station HTTP): `send('orders.list', {...})`. */
export type Send = <K extends Method>(method: K, input: Input<K>) => Promise<Output<K>>;

export const METHODS = Object.keys(apiInputs) as Method[];
export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(apiInputs, name);
}

/** Changes pushed to every connected renderer (IPC event in Electron, SSE in station mode). */
export type ChangeEvent =
  | { kind: 'orders.changed'; tids: string[] }
  | { kind: 'import.progress'; importId: string; file: string; done: number; total: number }
  | { kind: 'settings.changed' }
  | { kind: 'alerts.changed'; critical: Array<{ tid: string; kind: string; detail: string }> };

/** The error body both transports use: `{ error: { code, message, path } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; path?: string | null; errors?: ImportFileError[]; params?: Record<string, string | number> };
}
