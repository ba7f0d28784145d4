// Reading orders as clerks may see them: masked contact line, lines with lock state, bins filled in
// from the SKU master. Server-side keyset paging ordered by ship deadline.
import type { ContactView, LineState, OrderLineView, OrderView, Page, SellerFlag } from '../../shared/domain.js';
import type { ParsedInput } from '../../shared/api/contract.js';
import { privacyExpiry } from '../../shared/rules/checks.js';
import type { ViewContext } from '../app/context.js';
import { ApiError } from '../app/errors.js';
import { sql, type Db } from '../db/sql.js';
import { searchCondition } from './search.js';

export type { ViewContext };

export interface OrderRow {
  tid: string;
  platform: string;
  shop: string;
  order_type: string;
  status: string;
  buyer_nick: string;
  created_at: number | null;
  paid_at: number | null;
  ship_deadline: number | null;
  ship_deadline_source: string;
  paid_amount: number;
  seller_memo: string;
  seller_flag: number;
  contact_name: string;
  contact_phone: string | null;
  contact_secret_no: string | null;
  contact_extension: string | null;
  secret_expires_at: number | null;
  contact_address: string;
  succeeded_at: number | null;
  updated_at: number;
  no_auto_compensation: number;
  buyer_message: string;
  receiver_encrypted: number;
}

interface LineRow {
  oid: string;
  tid: string;
  sku: string;
  title: string;
  qty: number;
  bin: string | null;
  barcode: string | null;
  locked: number;
  shipped_at: number | null;
  refunded_at: number | null;
  carrier: string | null;
  tracking_no: string | null;
}

const ORDER_COLUMNS = sql.raw(`o.tid, o.platform, o.shop, o.order_type, o.status, o.buyer_nick, o.created_at, o.paid_at,
  o.ship_deadline, o.ship_deadline_source, o.paid_amount, o.seller_memo, o.seller_flag, o.contact_name, o.contact_phone,
  o.contact_secret_no, o.contact_extension, o.secret_expires_at, o.contact_address, o.succeeded_at, o.updated_at,
  o.no_auto_compensation, o.buyer_message, o.receiver_encrypted`);

function contactOf(row: OrderRow, ctx: ViewContext): ContactView {
  const expiresAt = row.contact_secret_no
    ? privacyExpiry({ expiresAt: row.secret_expires_at, succeededAt: row.succeeded_at }, ctx.privacyNumberDays)
    : null;
  return {
    name: row.contact_name,
    phone: row.contact_phone,
    secretNo: row.contact_secret_no, // stored masked
    extension: row.contact_extension,
    secretExpiresAt: expiresAt,
    secretExpired: expiresAt != null && ctx.now >= expiresAt,
    address: row.contact_address,
    encrypted: row.receiver_encrypted === 1,
  };
}

function lineState(l: LineRow): LineState {
  if (l.refunded_at != null) return 'refunded';
  if (l.shipped_at != null) return 'shipped';
  return 'open';
}

function linesFor(db: Db, tids: string[]): Map<string, OrderLineView[]> {
  const out = new Map<string, OrderLineView[]>();
  if (tids.length === 0) return out;
  const placeholders = sql.list(tids);
  const rows = db.all<LineRow>(sql`SELECT l.oid, l.tid, l.sku, l.title, l.qty, COALESCE(l.bin, s.bin) AS bin,
      COALESCE(l.barcode, s.barcode) AS barcode, l.locked, l.shipped_at, l.refunded_at, l.carrier, l.tracking_no
    FROM order_lines l LEFT JOIN skus s ON s.sku = l.sku
    WHERE l.tid IN (${placeholders}) ORDER BY l.tid, l.line_no`);
  for (const l of rows) {
    const list = out.get(l.tid) ?? [];
    list.push({
      oid: l.oid,
      sku: l.sku,
      title: l.title,
      qty: l.qty,
      bin: l.bin,
      barcode: l.barcode,
      locked: l.locked === 1,
      state: lineState(l),
      carrier: l.carrier,
      trackingNo: l.tracking_no,
    });
    out.set(l.tid, list);
  }
  return out;
}

export function toViews(db: Db, rows: OrderRow[], ctx: ViewContext): OrderView[] {
  const lines = linesFor(
    db,
    rows.map((r) => r.tid),
  );
  return rows.map((r) => {
    const ls = lines.get(r.tid) ?? [];
    return {
      tid: r.tid,
      platform: r.platform as OrderView['platform'],
      shop: r.shop,
      buyerNick: r.buyer_nick,
      orderType: r.order_type as OrderView['orderType'],
      status: r.status as OrderView['status'],
      paidAmount: r.paid_amount,
      createdAt: r.created_at,
      paidAt: r.paid_at,
      shipDeadline: r.ship_deadline,
      shipDeadlineSource: r.ship_deadline_source as OrderView['shipDeadlineSource'],
      noAutoCompensation: r.no_auto_compensation === 1,
      sellerFlag: r.seller_flag as SellerFlag,
      sellerMemo: r.seller_memo,
      buyerMessage: r.buyer_message || null,
      locked: ls.some((l) => l.locked),
      lines: ls,
      contact: contactOf(r, ctx),
      updatedAt: r.updated_at,
    };
  });
}

/** Views of many orders at once (chunked IN lists), in no particular order. */
export function getOrders(db: Db, tids: string[], ctx: ViewContext): OrderView[] {
  const out: OrderView[] = [];
  for (let i = 0; i < tids.length; i += 500) {
    const chunk = sql.list(tids.slice(i, i + 500));
    out.push(...toViews(db, db.all<OrderRow>(sql`SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.tid IN (${chunk})`), ctx));
  }
  return out;
}

export function getOrder(db: Db, tid: string, ctx: ViewContext): OrderView | null {
  const row = db.get<OrderRow>(sql`SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.tid = ${tid}`);
  return row ? toViews(db, [row], ctx)[0]! : null;
}

export class BadCursorError extends ApiError {
  constructor() {
    super(400, 'invalid_input', 'cursor: cursor is not one this server issued', 'cursor');
  }
}

function encodeCursor(deadline: number | null, tid: string): string {
  return Buffer.from(JSON.stringify([deadline, tid])).toString('base64url');
}

function decodeCursor(c: string): [number, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    /* fall through */
  }
  throw new BadCursorError();
}

const HOUR = 3_600_000;
const LOCKED = sql.raw(`EXISTS (SELECT 1 FROM order_lines l WHERE l.tid = o.tid AND l.locked = 1)`);
const IN_BATCH = sql.raw(`EXISTS (SELECT 1 FROM batch_lines bl JOIN batches b ON b.batch_no = bl.batch_no
  WHERE bl.tid = o.tid AND b.status = 'open')`);

type Filters = ParsedInput<'orders.list'>;

/** The filters of a list request as SQL conditions on `orders o`. `skip` leaves out the triage filters (for counts). */
function conditions(input: Filters, now: number, windowMonths: number, skipTriage = false) {
  const conds = [input.view === 'pending' ? sql`o.status = 'paid'` : sql`1 = 1`];
  // 待发货 shows every paid, unshipped order whatever its age; the window is for history views only.
  if (!input.includeOlder && input.view !== 'pending') {
    // The window starts on a whole minute, so equal requests within a minute are equal (the total cache).
    const since = new Date(now - (now % 60_000));
    since.setUTCMonth(since.getUTCMonth() - windowMonths);
    conds.push(sql`o.window_at >= ${since.getTime()}`);
  }
  if (input.platform) conds.push(sql`o.platform = ${input.platform}`);
  if (input.orderType) conds.push(sql`o.order_type = ${input.orderType}`);
  if (input.flag !== undefined) conds.push(sql`o.seller_flag = ${input.flag}`);
  if (input.dueWithinHours !== undefined) conds.push(sql`o.ship_deadline <= ${now + input.dueWithinHours * HOUR}`);
  if (!skipTriage) {
    if (input.due === 'overdue') conds.push(sql`o.ship_deadline <= ${now}`);
    if (input.due === '6h') conds.push(sql`o.ship_deadline > ${now} AND o.ship_deadline <= ${now + 6 * HOUR}`);
    if (input.due === '24h') conds.push(sql`o.ship_deadline > ${now + 6 * HOUR} AND o.ship_deadline <= ${now + 24 * HOUR}`);
    if (input.due === 'later') conds.push(sql`(o.ship_deadline > ${now + 24 * HOUR} OR o.ship_deadline IS NULL)`);
    if (input.locked !== undefined) conds.push(input.locked ? LOCKED : sql`NOT ${LOCKED}`);
    if (input.inBatch !== undefined) conds.push(input.inBatch ? IN_BATCH : sql`NOT ${IN_BATCH}`);
  }
  const q = input.q?.trim();
  if (q) conds.push(searchCondition(q));
  return conds;
}

/** The triage counts of a list (its filters without the deadline, lock and batch chips). They add up:
 * overdue + due6h + due24h + later = total, and inBatch + notInBatch = total. */
export interface OrderCounts {
  total: number;
  overdue: number;
  due6h: number;
  due24h: number;
  later: number;
  locked: number;
  inBatch: number;
  notInBatch: number;
}

export function countOrders(db: Db, input: Filters, ctx: ViewContext & { windowMonths: number }): OrderCounts {
  const now = ctx.now;
  const where = sql.join(conditions(input, now, ctx.windowMonths, true), ' AND ');
  const r = db.get<Omit<OrderCounts, 'notInBatch'>>(sql`SELECT COUNT(*) AS total,
      COALESCE(SUM(o.ship_deadline <= ${now}), 0) AS overdue,
      COALESCE(SUM(o.ship_deadline > ${now} AND o.ship_deadline <= ${now + 6 * HOUR}), 0) AS due6h,
      COALESCE(SUM(o.ship_deadline > ${now + 6 * HOUR} AND o.ship_deadline <= ${now + 24 * HOUR}), 0) AS due24h,
      COALESCE(SUM(o.ship_deadline > ${now + 24 * HOUR} OR o.ship_deadline IS NULL), 0) AS later,
      COALESCE(SUM(${LOCKED}), 0) AS locked,
      COALESCE(SUM(${IN_BATCH}), 0) AS inBatch
    FROM orders o WHERE ${where}`)!;
  return { ...r, notInBatch: r.total - r.inBatch };
}

/** The open batch of each order (the newest when lines sit in several). */
function batchesOf(db: Db, tids: string[]): Map<string, { batchNo: string; printed: boolean }> {
  const out = new Map<string, { batchNo: string; printed: boolean }>();
  if (!tids.length) return out;
  const list = sql.list(tids);
  for (const r of db.all<{ tid: string; batch_no: string; printed_at: number | null }>(sql`SELECT DISTINCT bl.tid, b.batch_no, b.printed_at
      FROM batch_lines bl JOIN batches b ON b.batch_no = bl.batch_no
      WHERE bl.tid IN (${list}) AND b.status = 'open' ORDER BY b.batch_no`)) {
    out.set(r.tid, { batchNo: r.batch_no, printed: r.printed_at != null });
  }
  return out;
}

/**
 * The filtered total of a list, cached per filter while the database is unchanged: paging through a list (or
 * re-reading its first page) counts once, not once per page. "Unchanged" is SQLite's own change counters:
 * total_changes() for this connection's writes, PRAGMA data_version for other connections' commits.
 * Lists whose filter depends on the clock (deadline buckets) are cached for one second at most.
 */
const totals = new WeakMap<Db, Map<string, { version: string; total: number }>>();
function cachedTotal(db: Db, key: string, count: () => number): number {
  const version = `${db.get<{ c: number }>(sql`SELECT total_changes() AS c`)!.c}:${db.raw.pragma('data_version', { simple: true }) as number}`;
  let cache = totals.get(db);
  if (!cache) totals.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.total;
  const total = count();
  if (cache.size > 64) cache.delete(cache.keys().next().value!);
  cache.set(key, { version, total });
  return total;
}

export function listOrders(db: Db, input: ParsedInput<'orders.list'>, ctx: ViewContext & { windowMonths: number }): Page<OrderView> {
  const conds = conditions(input, ctx.now, ctx.windowMonths);
  const where = sql.join(conds, ' AND ');
  const { cursor: _c, limit: _l, ...filters } = input;
  const clockBound = input.due !== undefined || input.dueWithinHours !== undefined;
  const key = JSON.stringify([filters, ctx.windowMonths, clockBound ? Math.floor(ctx.now / 1000) : Math.floor(ctx.now / 60_000)]);
  const total = cachedTotal(db, key, () => db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM orders o WHERE ${where}`)!.n);
  const page = [...conds];
  if (input.cursor) {
    const [d, t] = decodeCursor(input.cursor);
    page.push(sql`(o.ship_deadline > ${d} OR (o.ship_deadline = ${d} AND o.tid > ${t}))`);
  }
  const rows = db.all<OrderRow>(sql`SELECT ${ORDER_COLUMNS} FROM orders o WHERE ${sql.join(page, ' AND ')}
    ORDER BY o.ship_deadline, o.tid LIMIT ${input.limit + 1}`);
  const more = rows.length > input.limit;
  const items = toViews(db, more ? rows.slice(0, input.limit) : rows, ctx);
  const batches = batchesOf(
    db,
    items.map((o) => o.tid),
  );
  for (const o of items) o.batch = batches.get(o.tid) ?? null;
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor(last.shipDeadline, last.tid) : null, total };
}
