// File imports: the write step. Files are parsed and validated first (parse.ts, async: .xlsx is
// streamed), then written here in one synchronous transaction: all or nothing. Every export row becomes
// order facts for the one writer (electron/orders/): the order's view, its lines, its parcels (物流单号,
// 快递信息), refunded lines (售后 退款成功), trade success (交易成功) and a platform hold (JD 锁定).
import type { ImportFileError, ImportFileSummary, ImportRejection, ImportResult } from '../../shared/api/contract.js';
import type { Envelope } from '../../shared/events.js';
import type { CsvItem, CsvSku } from '../../shared/intake/taobao.js';
import type { ExportOrder } from '../../shared/intake/types.js';
import type { WriteContext } from '../app/context.js';
import { RuleRejection } from '../app/errors.js';
import { sql } from '../db/sql.js';
import { setLines, upsertOrder, upsertSku, type OrderRecord, type WriteOutcome } from '../orders/index.js';
import { EventRejectedError, type EventRouter } from './events.js';
import { fileKindOf, ImportError, MAX_ERRORS, parseImportFiles, type ImportFile, type ParsedFile, type ParseOptions } from './parse.js';

export { ImportError, parseImportFiles, type ImportFile, type ParsedFile };

/** When this view of the order was true: the latest time the export gives for it. */
function versionOf(o: ExportOrder): number {
  let v = Math.max(o.paidAt ?? 0, o.createdAt ?? 0, o.succeededAt ?? 0);
  for (const p of o.parcels) if (p.shippedAt != null && p.shippedAt > v) v = p.shippedAt;
  return v;
}

/**
 * An export row as order facts. rules.md §1: "an export row 卖家已发货 with a tracking number" is a shipment;
 * §5: "an export row 交易成功" starts the privacy clock "(use its time if given, else the time the app learnt
 * it)"; receivers exported as ciphertext are kept as given, flagged, and shown as 已加密.
 */
export function exportOrderRecord(o: ExportOrder, now: number): OrderRecord {
  const versionAt = versionOf(o) || now;
  const left = o.status === 'shipped' || o.status === 'picked_up' || o.status === 'succeeded';
  const { encrypted, ...buyer } = o.buyer;
  return {
    tid: o.tid,
    platform: o.platform,
    shop: o.shop,
    orderType: o.orderType,
    status: o.status,
    buyerNick: o.buyerNick,
    createdAt: o.createdAt,
    paidAt: o.paidAt,
    platformShipDeadline: o.shipDeadline,
    collectDeadline: null,
    amounts: o.amounts,
    sellerMemo: o.sellerMemo,
    sellerFlag: o.sellerFlag,
    buyerMessage: o.buyerMessage,
    buyer: { ...buyer, secretExpiresAt: null, encrypted },
    lines: o.lines?.map((l) => ({ oid: l.oid, sku: l.sku, title: l.title, qty: l.qty, price: l.price, bin: null, barcode: null })) ?? null,
    source: 'csv',
    origin: `export:${o.platform}`,
    versionAt,
    succeededAt: o.status === 'succeeded' ? (o.succeededAt ?? now) : null,
    // A parcel a line-level export lists (Douyin 快递信息) is a fact whatever the order's status says.
    parcels: o.parcels
      .filter((p) => left || p.oids != null)
      .map((p) => ({ carrier: p.carrier, trackingNo: p.trackingNo, oids: p.oids, ...(p.shippedAt != null ? { at: p.shippedAt } : {}) })),
    refundedOids: o.lines?.filter((l) => l.refunded).map((l) => l.oid) ?? [],
    platformHold: o.platformHold,
  };
}

const ORDER: Readonly<Record<ParsedFile['kind'], number>> = { sku_master: 0, orders: 1, taobao_items: 2, events: 3 };

export interface ImportContext extends WriteContext {
  onProgress?: (file: string, done: number, total: number) => void;
  /** Where event files go (the same router as POST /api/events). */
  router: EventRouter;
}

/** A file's summary before anything of it is written. */
export function newSummary(file: string, kind: ImportFileSummary['kind'], rows: number): ImportFileSummary {
  return { file, kind, rows, imported: 0, updated: 0, unchanged: 0 };
}

function counter(s: ImportFileSummary) {
  return (o: WriteOutcome | 'inserted' | 'updated' | 'unchanged') => {
    if (o === 'inserted') s.imported++;
    else if (o === 'updated') s.updated++;
    else s.unchanged++;
  };
}

/** One export order through the writer; a rule's refusal becomes an error naming its row. */
export function writeExportOrder(ctx: ImportContext, file: string, o: ExportOrder, s: ImportFileSummary, errors: ImportFileError[]): void {
  try {
    counter(s)(upsertOrder(ctx, exportOrderRecord(o, ctx.now)));
  } catch (e) {
    if (!(e instanceof RuleRejection)) throw e;
    errors.push({ file, row: o.row, field: '子订单编号', message: e.message });
  }
}

/** The `imports` row of a written file. */
export function recordImport(ctx: ImportContext, s: ImportFileSummary, sha: string): void {
  ctx.db.run(sql`INSERT INTO imports (file_name, kind, sha256, rows, imported, updated, at)
    VALUES (${s.file}, ${s.kind}, ${sha}, ${s.rows}, ${s.imported}, ${s.updated}, ${ctx.now})`);
}

/** Writes one parsed file (inside the import's transaction); rule refusals go to errors, unpaid orders to rejected. */
export function writeParsedFile(
  ctx: ImportContext,
  p: ParsedFile,
  errors: ImportFileError[],
  rejected: ImportRejection[],
): ImportFileSummary {
  const s = newSummary(p.file, fileKindOf(p), p.rows);
  const count = counter(s);
  const progress = (done: number) => {
    if (ctx.onProgress && (done % 500 === 0 || done === p.rows)) ctx.onProgress(p.file, done, p.rows);
  };
  if (p.kind === 'sku_master') {
    p.skus.forEach((k: CsvSku, i) => {
      count(upsertSku(ctx, { sku: k.sku, title: k.title, barcode: k.barcode, bin: k.bin }));
      progress(i + 1);
    });
  } else if (p.kind === 'orders') {
    p.orders.forEach((o, i) => {
      writeExportOrder(ctx, p.file, o, s, errors);
      progress(i + 1);
    });
    for (const sk of p.skipped) rejected.push({ file: p.file, row: sk.row, tid: sk.tid, reason: sk.reason });
  } else if (p.kind === 'taobao_items') {
    importItems(ctx, p.file, p.items, s, errors);
    progress(p.rows);
  } else {
    const refused = ingestEvents(ctx, p.file, p.events, s);
    if (refused) throw new ImportError([refused]);
    progress(p.rows);
  }
  recordImport(ctx, s, p.sha);
  return s;
}

/**
 * Events of an event file through the router (the same path as POST /api/events), counted in the file's
 * summary. A refused event (a rule's refusal) comes back as the error naming its row; nothing after it is
 * applied, and the caller's transaction must not commit.
 */
export function ingestEvents(
  ctx: ImportContext,
  file: string,
  events: Array<{ env: Envelope; raw: unknown; row: number }>,
  s: ImportFileSummary,
): ImportFileError | null {
  try {
    const r = ctx.router.ingest(
      ctx,
      events.map(({ env, raw }) => ({ env, raw })),
      `file:${file}`,
    );
    s.imported += r.accepted;
    s.unchanged += r.duplicates;
    return null;
  } catch (e) {
    if (!(e instanceof EventRejectedError)) throw e;
    return { file, row: events[e.index]!.row, field: e.field, message: e.message };
  }
}

/** The request's totals from its file summaries. */
export function importResult(summaries: ImportFileSummary[], rejected: ImportRejection[]): ImportResult {
  const sum = (k: 'imported' | 'updated' | 'unchanged') => summaries.reduce((n, s) => n + s[k], 0);
  return { imported: sum('imported'), updated: sum('updated'), unchanged: sum('unchanged'), rejected, files: summaries };
}

/** Write order of file kinds: the SKU master first, then orders, then their items, then events. */
export const writeRank = (kind: ParsedFile['kind']): number => ORDER[kind];

/**
 * Writes parsed files as one unit (call inside one transaction). Throws ImportError if a row turns out bad
 * against the stored data (an item for an unknown order, a line id of another order). The SKU master goes
 * first, then orders, then their items, then events.
 */
export function writeImport(ctx: ImportContext, files: ParsedFile[]): ImportResult {
  const parsed = [...files].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  const errors: ImportFileError[] = [];
  const rejected: ImportRejection[] = [];
  const summaries = parsed.map((p) => writeParsedFile(ctx, p, errors, rejected));
  if (errors.length) throw new ImportError(errors.slice(0, MAX_ERRORS));
  return importResult(summaries, rejected);
}

/** Parses (async: .xlsx is streamed) then writes in one transaction run by `tx` (core's write). */
export async function importFiles(
  files: ImportFile[],
  opts: ParseOptions,
  tx: <T>(fn: (ctx: WriteContext) => T) => T,
  router: EventRouter,
  onProgress?: ImportContext['onProgress'],
): Promise<ImportResult> {
  const parsed = await parseImportFiles(files, opts);
  return tx((ctx) => writeImport({ ...ctx, router, ...(onProgress ? { onProgress } : {}) }, parsed));
}

/**
 * Item rows become the lines of orders that came from an export. An order the platform's events describe
 * keeps its own lines (they carry the real sub-order ids). An item for an unknown order is an error.
 */
export function importItems(ctx: ImportContext, file: string, items: CsvItem[], s: ImportFileSummary, errors: ImportFileError[]): void {
  const count = counter(s);
  const byTid = new Map<string, CsvItem[]>();
  for (const it of items) {
    const list = byTid.get(it.tid);
    if (list) list.push(it);
    else byTid.set(it.tid, [it]);
  }
  for (const [tid, list] of byTid) {
    const order = ctx.db.get<{ source: string }>(sql`SELECT source FROM orders WHERE tid = ${tid}`);
    if (!order) {
      errors.push({
        file,
        row: list[0]!.row,
        field: '订单编号',
        message: `订单 ${tid} 不存在,请先(或同时)导入订单报表 order not found: import the order export first or together`,
      });
      continue;
    }
    if (order.source === 'event') {
      count('unchanged');
      continue;
    }
    const lines = list.map((it, i) => ({
      oid: it.oid ?? `${tid}-${i + 1}`,
      sku: it.sku,
      title: it.title,
      qty: it.qty,
      price: it.price,
      bin: null,
      barcode: null,
    }));
    try {
      count(setLines(ctx, tid, lines, 'csv'));
    } catch (e) {
      if (!(e instanceof RuleRejection)) throw e;
      errors.push({ file, row: list[0]!.row, field: '子订单编号', message: e.message });
    }
  }
}
