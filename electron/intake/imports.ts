// File imports: Taobao order/item exports, the SKU master and .jsonl event files.
// All files of one request are validated first, then written in one transaction: all or nothing.
import crypto from 'node:crypto';
import type { FileKind, ImportFileError, ImportFileSummary, ImportRejection, ImportResult } from '../../shared/api/contract.js';
import { parseEnvelope, type Envelope } from '../../shared/events.js';
import {
  columnIndex,
  mapItemRows,
  mapOrderRows,
  mapSkuRows,
  recognizeHeader,
  type CsvItem,
  type CsvOrder,
  type CsvSku,
} from '../../shared/intake/taobao.js';
import type { WriteContext } from '../app/context.js';
import { ImportError, RuleRejection } from '../app/errors.js';
import { sql } from '../db/sql.js';
import { setLines, upsertOrder, upsertSku, type OrderRecord } from '../orders/index.js';
import { CsvSyntaxError, decodeText, parseCsv } from './decode.js';
import { EventRejectedError, type EventRouter } from './events.js';

export { ImportError };

export interface ImportFile {
  name: string;
  data: Uint8Array;
}

type Parsed =
  | {
      kind: 'taobao_orders';
      file: string;
      sha: string;
      rows: number;
      orders: CsvOrder[];
      skipped: { row: number; tid: string; reason: string }[];
    }
  | { kind: 'taobao_items'; file: string; sha: string; rows: number; items: CsvItem[] }
  | { kind: 'sku_master'; file: string; sha: string; rows: number; skus: CsvSku[] }
  | { kind: 'events'; file: string; sha: string; rows: number; events: Array<{ env: Envelope; raw: unknown; row: number }> };

const MAX_ERRORS = 200;

function parseEvents(file: string, text: string, errors: ImportFileError[]) {
  const events: Array<{ env: Envelope; raw: unknown; row: number }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      errors.push({ file, row: i + 1, field: null, message: `不是 JSON is not JSON: ${(e as Error).message}` });
      return;
    }
    const parsed = parseEnvelope(raw);
    if (!parsed.ok) errors.push({ file, row: i + 1, field: parsed.error.path, message: parsed.error.message });
    else events.push({ env: parsed.value, raw, row: i + 1 });
  });
  return events;
}

/** Decodes and validates one file; adds any problems to errors. */
export function parseImportFile(f: ImportFile, timeZone: string, errors: ImportFileError[]): Parsed | null {
  const sha = crypto.createHash('sha256').update(f.data).digest('hex');
  const { text } = decodeText(f.data);
  const looksJson = /\.jsonl?$/i.test(f.name) || text.trimStart().startsWith('{');
  if (looksJson) {
    const events = parseEvents(f.name, text, errors);
    return { kind: 'events', file: f.name, sha, rows: events.length, events };
  }
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (e) {
    const err = e as CsvSyntaxError;
    errors.push({ file: f.name, row: err.row ?? null, field: null, message: err.message });
    return null;
  }
  if (rows.length === 0) {
    errors.push({ file: f.name, row: null, field: null, message: '文件是空的 the file is empty' });
    return null;
  }
  const header = rows[0]!;
  const kind = recognizeHeader(header);
  if (!kind) {
    errors.push({
      file: f.name,
      row: 1,
      field: null,
      message: '无法识别文件类型:需要淘宝订单报表、宝贝报表、商品库位表或事件 .jsonl the header matches no known file kind',
    });
    return null;
  }
  const { idx, errors: colErrors } = columnIndex(header, kind, f.name);
  if (colErrors.length) {
    errors.push(...colErrors);
    return null;
  }
  const body = rows.slice(1);
  if (kind === 'taobao_orders') {
    const r = mapOrderRows(body, idx, f.name, timeZone);
    errors.push(...r.errors);
    return { kind, file: f.name, sha, rows: body.length, orders: r.orders, skipped: r.skipped };
  }
  if (kind === 'taobao_items') {
    const r = mapItemRows(body, idx, f.name);
    errors.push(...r.errors);
    return { kind, file: f.name, sha, rows: body.length, items: r.items };
  }
  const r = mapSkuRows(body, idx, f.name);
  errors.push(...r.errors);
  return { kind, file: f.name, sha, rows: body.length, skus: r.skus };
}

/**
 * A Taobao export row as order facts. rules.md §1: "an export row 卖家已发货 with a tracking number" is a
 * shipment (a parcel of the order's lines); §5: "an export row 交易成功" starts the privacy clock at import
 * time when the export gives no time.
 */
function orderRecordFromCsv(o: CsvOrder, now: number): OrderRecord {
  const left = o.status === 'shipped' || o.status === 'picked_up' || o.status === 'succeeded';
  return {
    tid: o.tid,
    platform: 'taobao',
    shop: o.shop,
    orderType: o.orderType,
    status: o.status,
    buyerNick: o.buyerNick,
    createdAt: o.createdAt,
    paidAt: o.paidAt,
    platformShipDeadline: null,
    collectDeadline: null,
    amounts: o.amounts,
    sellerMemo: o.sellerMemo,
    sellerFlag: 0,
    buyerMessage: o.buyerMessage,
    buyer: { ...o.buyer, secretExpiresAt: null },
    lines: null,
    source: 'csv',
    origin: 'export:taobao',
    versionAt: Math.max(o.paidAt ?? 0, o.createdAt ?? 0),
    succeededAt: o.status === 'succeeded' ? now : null,
    parcels: left && o.trackingNo ? [{ carrier: o.carrier ?? '', trackingNo: o.trackingNo, oids: null }] : [],
  };
}

const ORDER: Record<FileKind, number> = { sku_master: 0, taobao_orders: 1, taobao_items: 2, events: 3 };

export interface ImportContext extends WriteContext {
  onProgress?: (file: string, done: number, total: number) => void;
  /** Where event files go (the same router as POST /api/events). */
  router: EventRouter;
}

/**
 * Imports the files as one unit. Throws ImportError (nothing stored) if any file or row is bad.
 * The SKU master goes first, then orders, then their items, then events.
 */
export function importFiles(ctx: ImportContext, files: ImportFile[]): ImportResult {
  const errors: ImportFileError[] = [];
  const parsed = files.map((f) => parseImportFile(f, ctx.settings.timeZone, errors)).filter((p): p is Parsed => p != null);
  if (errors.length) throw new ImportError(errors.slice(0, MAX_ERRORS));
  parsed.sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);

  const rejected: ImportRejection[] = [];
  const summaries: ImportFileSummary[] = [];
  // Orders this import wrote first, without lines or a parcel: their item rows need not read either.
  const bare = new Set<string>();
  ctx.db.tx(() => {
    for (const p of parsed) {
      const s: ImportFileSummary = { file: p.file, kind: p.kind, rows: p.rows, imported: 0, updated: 0, unchanged: 0 };
      const count = (o: 'inserted' | 'updated' | 'unchanged' | 'stale') => {
        if (o === 'inserted') s.imported++;
        else if (o === 'updated') s.updated++;
        else s.unchanged++;
      };
      const progress = (done: number) => {
        if (ctx.onProgress && (done % 500 === 0 || done === p.rows)) ctx.onProgress(p.file, done, p.rows);
      };
      if (p.kind === 'sku_master') {
        p.skus.forEach((k, i) => {
          count(upsertSku(ctx, { sku: k.sku, title: k.title, barcode: k.barcode, bin: k.bin }));
          progress(i + 1);
        });
      } else if (p.kind === 'taobao_orders') {
        p.orders.forEach((o, i) => {
          try {
            const record = orderRecordFromCsv(o, ctx.now);
            const outcome = upsertOrder(ctx, record);
            if (outcome === 'inserted' && !record.parcels?.length) bare.add(o.tid);
            else bare.delete(o.tid);
            count(outcome);
          } catch (e) {
            if (!(e instanceof RuleRejection)) throw e;
            errors.push({ file: p.file, row: o.row, field: '订单编号', message: e.message });
          }
          progress(i + 1);
        });
        for (const sk of p.skipped) rejected.push({ file: p.file, row: sk.row, tid: sk.tid, reason: sk.reason });
      } else if (p.kind === 'taobao_items') {
        importItems(ctx, p.file, p.items, count, errors, bare);
        progress(p.rows);
      } else {
        let r;
        try {
          r = ctx.router.ingest(
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
        VALUES (${p.file}, ${p.kind}, ${p.sha}, ${p.rows}, ${s.imported}, ${s.updated}, ${ctx.now})`);
      summaries.push(s);
    }
    if (errors.length) throw new ImportError(errors.slice(0, MAX_ERRORS));
  });
  const sum = (k: 'imported' | 'updated' | 'unchanged') => summaries.reduce((n, s) => n + s[k], 0);
  return { imported: sum('imported'), updated: sum('updated'), unchanged: sum('unchanged'), rejected, files: summaries };
}

/**
 * Item rows become the lines of orders that came from an export. An order the platform's events describe
 * keeps its own lines (they carry the real sub-order ids). An item for an unknown order is an error.
 */
function importItems(
  ctx: ImportContext,
  file: string,
  items: CsvItem[],
  count: (o: 'inserted' | 'updated' | 'unchanged') => void,
  errors: ImportFileError[],
  bare: Set<string>,
): void {
  const byTid = new Map<string, CsvItem[]>();
  for (const it of items) {
    const list = byTid.get(it.tid);
    if (list) list.push(it);
    else byTid.set(it.tid, [it]);
  }
  const orderSource = ctx.db.prepare('SELECT source FROM orders WHERE tid = ?');
  for (const [tid, list] of byTid) {
    const order = orderSource.get(tid) as { source: string } | undefined;
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
      count(setLines(ctx, tid, lines, 'csv', bare.delete(tid)));
    } catch (e) {
      if (!(e instanceof RuleRejection)) throw e;
      errors.push({ file, row: list[0]!.row, field: '子订单编号', message: e.message });
    }
  }
}
