// File imports: the write step. Files are parsed and validated first (parse.ts, async: .xlsx is
// streamed), then written here in one synchronous transaction: all or nothing.
import type { ImportFileError, ImportFileSummary, ImportRejection, ImportResult } from '../../shared/api/contract.js';
import type { ExportOrder } from '../../shared/intake/types.js';
import { maskAddress } from '../../shared/rules/masking.js';
import type { CsvItem, CsvSku } from '../../shared/intake/taobao.js';
import type { WriteContext } from '../app/context.js';
import { sql } from '../db/sql.js';
import { receiveRequest } from '../interception/service.js';
import { replaceLines, writeOrder, type OrderRecord, type WriteOutcome } from '../orders/write.js';
import { EventRejectedError, ingest } from './events.js';
import { fileKindOf, ImportError, MAX_ERRORS, parseImportFiles, type ImportFile, type ParsedFile, type ParseOptions } from './parse.js';

export { ImportError, parseImportFiles, type ImportFile, type ParsedFile };

// ---- TEMPORARY GLUE: ExportOrder → the current writer (writeOrder + a few UPDATEs). ----------------------
// Everything from here to applyExportOrderFacts is what the one-writer rewrite of electron/orders/write.ts
// replaces; writeImport calls only exportOrderRecord (phase 1) and applyExportOrderFacts (phase 2).

/** When this view of the order was true: the latest time the export gives for it. */
function versionOf(o: ExportOrder): number {
  return Math.max(o.paidAt ?? 0, o.createdAt ?? 0, o.succeededAt ?? 0, ...o.parcels.map((p) => p.shippedAt ?? 0));
}

const ENCRYPTED = '已加密';
const isCipher = (v: string) => /^(##|\$\$|\*{3})/.test(v.trim());

/**
 * Part of the glue below: a ciphertext receiver is stored as 已加密 (plain province/city/district kept), so
 * no response — not even a supervisor's reveal — can echo the ciphertext or treat it as a name or phone.
 */
function encryptedBuyer(a: ExportOrder['buyer']['address']): OrderRecord['buyer'] {
  const plain = (v: string) => (isCipher(v) ? '' : v);
  return {
    name: ENCRYPTED,
    phone: null,
    secretNo: null,
    extension: null,
    secretExpiresAt: null,
    address: { province: plain(a.province), city: plain(a.city), district: plain(a.district), detail: ENCRYPTED },
  };
}

const plainBuyer = ({ encrypted: _e, ...b }: ExportOrder['buyer']) => b;

function exportOrderRecord(o: ExportOrder): OrderRecord {
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
    buyer: o.buyer.encrypted ? encryptedBuyer(o.buyer.address) : { ...plainBuyer(o.buyer), secretExpiresAt: null },
    lines: o.lines?.map((l) => ({ oid: l.oid, sku: l.sku, title: l.title, qty: l.qty, price: l.price, bin: null, barcode: null })) ?? null,
    source: 'csv',
    versionAt: versionOf(o),
  };
}

/**
 * TEMPORARY GLUE until the one writer (electron/orders/write.ts rewrite) takes ExportOrders: the order
 * facts an export row carries besides the order itself. Idempotent (a re-import changes nothing):
 * refunded lines, parcels (lines shipped), trade success, JD 锁定 as a platform interception request,
 * and an encrypted receiver shown as 已加密 (ciphertext is never masked as if it were a name or phone).
 * Orders the platform's events describe are left alone, as writeOrder leaves them.
 */
function applyExportOrderFacts(ctx: ImportContext, o: ExportOrder): void {
  const src = ctx.db.get<{ source: string }>(sql`SELECT source FROM orders WHERE tid = ${o.tid}`);
  if (!src || src.source !== 'csv') return;
  const at = versionOf(o) || ctx.now;
  for (const l of o.lines ?? []) {
    if (l.refunded)
      ctx.db.run(sql`UPDATE order_lines SET refunded_at = COALESCE(refunded_at, ${at}) WHERE oid = ${l.oid} AND tid = ${o.tid}`);
  }
  for (const p of o.parcels) {
    const oids = p.oids ?? ctx.db.all<{ oid: string }>(sql`SELECT oid FROM order_lines WHERE tid = ${o.tid}`).map((r) => r.oid);
    for (const oid of oids) {
      ctx.db.run(sql`UPDATE order_lines SET shipped_at = COALESCE(shipped_at, ${p.shippedAt ?? at}), carrier = ${p.carrier},
        tracking_no = ${p.trackingNo} WHERE oid = ${oid} AND tid = ${o.tid} AND refunded_at IS NULL`);
    }
  }
  if (o.status === 'succeeded') {
    ctx.db.run(sql`UPDATE orders SET succeeded_at = COALESCE(succeeded_at, ${o.succeededAt ?? ctx.now}) WHERE tid = ${o.tid}`);
  }
  if (o.buyer.encrypted) {
    const a = encryptedBuyer(o.buyer.address).address;
    const address = [maskAddress({ ...a, detail: '' }), ENCRYPTED].filter(Boolean).join(' ');
    ctx.db.run(sql`UPDATE orders SET contact_name = ${ENCRYPTED}, contact_phone = NULL, contact_secret_no = NULL,
      contact_extension = NULL, contact_address = ${address} WHERE tid = ${o.tid}`);
  }
  if (o.platformHold) {
    const fresh = receiveRequest(
      ctx,
      {
        requestId: `export-hold-${o.platform}-${o.tid}`,
        tid: o.tid,
        oids: null,
        source: 'platform',
        reason: '平台锁定订单 (导出状态“锁定”) the platform holds the order',
        platform: o.platform,
        requestedAt: at,
      },
      'import',
    );
    if (fresh) ctx.touched.add(o.tid);
  }
}
// ---- end of TEMPORARY GLUE -------------------------------------------------------------------------------

const ORDER: Record<ParsedFile['kind'], number> = { sku_master: 0, orders: 1, taobao_items: 2, events: 3 };

export interface ImportContext extends WriteContext {
  onProgress?: (file: string, done: number, total: number) => void;
}

/**
 * Writes parsed files as one unit (call inside one transaction). Throws ImportError if a row turns
 * out bad against the stored data (an item for an unknown order). The SKU master goes first, then
 * orders, then their items, then the export facts (parcels need the lines), then events.
 */
export function writeImport(ctx: ImportContext, files: ParsedFile[]): ImportResult {
  const parsed = [...files].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  const errors: ImportFileError[] = [];
  const rejected: ImportRejection[] = [];
  const summaries: ImportFileSummary[] = [];
  const exported: ExportOrder[] = [];
  let factsDone = false;
  const applyFacts = () => {
    if (factsDone) return;
    factsDone = true;
    for (const o of exported) applyExportOrderFacts(ctx, o);
  };
  for (const p of parsed) {
    if (p.kind === 'events') applyFacts();
    const s: ImportFileSummary = { file: p.file, kind: fileKindOf(p), rows: p.rows, imported: 0, updated: 0, unchanged: 0 };
    const count = (o: WriteOutcome) => {
      if (o === 'inserted') s.imported++;
      else if (o === 'updated') s.updated++;
      else s.unchanged++;
    };
    const progress = (done: number) => {
      if (ctx.onProgress && (done % 500 === 0 || done === p.rows)) ctx.onProgress(p.file, done, p.rows);
    };
    if (p.kind === 'sku_master') {
      p.skus.forEach((k, i) => {
        count(upsertSku(ctx, k));
        progress(i + 1);
      });
    } else if (p.kind === 'orders') {
      p.orders.forEach((o, i) => {
        const outcome = writeOrder(ctx.db, exportOrderRecord(o), ctx.settings.shipDeadlineHours, ctx.now);
        if (outcome === 'inserted' || outcome === 'updated') ctx.touched.add(o.tid);
        exported.push(o);
        count(outcome);
        progress(i + 1);
      });
      for (const sk of p.skipped) rejected.push({ file: p.file, row: sk.row, tid: sk.tid, reason: sk.reason });
    } else if (p.kind === 'taobao_items') {
      importItems(ctx, p.file, p.items, count, errors);
      progress(p.rows);
    } else {
      let r;
      try {
        r = ingest(
          ctx,
          p.events.map(({ env, raw }) => ({ env, raw })),
          `file:${p.file}`,
        );
      } catch (e) {
        if (!(e instanceof EventRejectedError)) throw e;
        throw new ImportError([{ file: p.file, row: p.events[e.index]!.row, field: e.path, message: e.message }]);
      }
      s.imported += r.accepted;
      s.unchanged += r.duplicates;
      progress(p.rows);
    }
    ctx.db.run(sql`INSERT INTO imports (file_name, kind, sha256, rows, imported, updated, at)
      VALUES (${p.file}, ${s.kind}, ${p.sha}, ${p.rows}, ${s.imported}, ${s.updated}, ${ctx.now})`);
    summaries.push(s);
  }
  applyFacts();
  if (errors.length) throw new ImportError(errors.slice(0, MAX_ERRORS));
  const sum = (k: 'imported' | 'updated' | 'unchanged') => summaries.reduce((n, s) => n + s[k], 0);
  return { imported: sum('imported'), updated: sum('updated'), unchanged: sum('unchanged'), rejected, files: summaries };
}

/** Parses (async: .xlsx is streamed) then writes in one transaction run by `tx` (core's write). */
export async function importFiles(
  files: ImportFile[],
  opts: ParseOptions,
  tx: <T>(fn: (ctx: WriteContext) => T) => T,
  onProgress?: ImportContext['onProgress'],
): Promise<ImportResult> {
  const parsed = await parseImportFiles(files, opts);
  return tx((ctx) => writeImport({ ...ctx, onProgress }, parsed));
}

function upsertSku(ctx: ImportContext, k: CsvSku): 'inserted' | 'updated' | 'unchanged' {
  const cur = ctx.db.get<{ title: string; barcode: string | null; bin: string | null }>(
    sql`SELECT title, barcode, bin FROM skus WHERE sku = ${k.sku}`,
  );
  if (cur && cur.title === k.title && cur.barcode === k.barcode && cur.bin === k.bin) return 'unchanged';
  ctx.db.run(sql`INSERT INTO skus (sku, title, barcode, bin, updated_at) VALUES (${k.sku}, ${k.title}, ${k.barcode}, ${k.bin}, ${ctx.now})
    ON CONFLICT (sku) DO UPDATE SET title = excluded.title, barcode = excluded.barcode, bin = excluded.bin,
      updated_at = excluded.updated_at`);
  const tids = ctx.db.all<{ tid: string }>(sql`SELECT DISTINCT tid FROM order_lines WHERE sku = ${k.sku}`);
  for (const t of tids) ctx.touched.add(t.tid);
  return cur ? 'updated' : 'inserted';
}

/**
 * Item rows become the lines of orders that came from an export. An order the platform's events describe
 * keeps its own lines (they carry the real sub-order ids). An item for an unknown order is an error.
 */
function importItems(
  ctx: ImportContext,
  file: string,
  items: CsvItem[],
  count: (o: WriteOutcome) => void,
  errors: ImportFileError[],
): void {
  const byTid = new Map<string, CsvItem[]>();
  for (const it of items) byTid.set(it.tid, [...(byTid.get(it.tid) ?? []), it]);
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
    const current = ctx.db.all<{ oid: string; sku: string; title: string; qty: number; price: number | null }>(
      sql`SELECT oid, sku, title, qty, price FROM order_lines WHERE tid = ${tid} ORDER BY line_no`,
    );
    const same =
      current.length === lines.length &&
      current.every(
        (c, i) =>
          c.oid === lines[i]!.oid &&
          c.sku === lines[i]!.sku &&
          c.title === lines[i]!.title &&
          c.qty === lines[i]!.qty &&
          c.price === lines[i]!.price,
      );
    if (same) {
      count('unchanged');
      continue;
    }
    replaceLines(ctx.db, tid, lines, 'csv');
    ctx.touched.add(tid);
    count(current.length ? 'updated' : 'inserted');
  }
}
