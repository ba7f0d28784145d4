// Reading orders as clerks may see them: masked contact line, lines with lock state, bins filled in
// from the SKU master. Server-side keyset paging ordered by ship deadline.
import type { ContactView, OrderLineView, OrderView, Page, SellerFlag } from '../../shared/domain.js';
import type { ParsedInput } from '../../shared/api/contract.js';
import { privacyExpiry } from '../../shared/rules/checks.js';
import type { ViewContext } from '../app/context.js';
import { ApiError } from '../app/errors.js';
import { sql, type Db } from '../db/sql.js';
import { searchCondition } from './search.js';

export type { ViewContext };

/**
 * An order as the views read it: one row per order, as an array (better-sqlite3's raw mode: no per-row object
 * with two dozen keys), its lines folded in as one JSON array by the same statement. The names below are the
 * positions of `ORDER_COLUMNS`.
 */
type OrderTuple = [
  tid: string,
  platform: string,
  shop: string,
  order_type: string,
  status: string,
  buyer_nick: string,
  created_at: number | null,
  paid_at: number | null,
  ship_deadline: number | null,
  ship_deadline_source: string,
  paid_amount: number,
  seller_memo: string,
  seller_flag: number,
  contact_name: string,
  contact_phone: string | null,
  contact_secret_no: string | null,
  contact_extension: string | null,
  secret_expires_at: number | null,
  contact_address: string,
  succeeded_at: number | null,
  updated_at: number,
  no_auto_compensation: number,
  buyer_message: string,
  receiver_encrypted: number,
  /** JSON: [[oid, sku, title, qty, bin, barcode, locked, shipped, refunded, carrier, tracking_no, line_no], …] */
  lines: string,
  /** List views only, JSON: [batch_no, printed] of the newest open batch holding its lines, or null. */
  batch?: string | null,
];

type LineTuple = [
  oid: string,
  sku: string,
  title: string,
  qty: number,
  bin: string | null,
  barcode: string | null,
  locked: 0 | 1,
  shipped: 0 | 1,
  refunded: 0 | 1,
  carrier: string | null,
  tracking_no: string | null,
  line_no: number,
];

/**
 * The order's lines in one correlated subquery (index `order_lines_by_tid`), bins and barcodes filled in from the
 * SKU master: one statement per page instead of a second query with an IN list of the page's tids.
 */
const ORDER_COLUMNS = sql.raw(`o.tid, o.platform, o.shop, o.order_type, o.status, o.buyer_nick, o.created_at, o.paid_at,
  o.ship_deadline, o.ship_deadline_source, o.paid_amount, o.seller_memo, o.seller_flag, o.contact_name, o.contact_phone,
  o.contact_secret_no, o.contact_extension, o.secret_expires_at, o.contact_address, o.succeeded_at, o.updated_at,
  o.no_auto_compensation, o.buyer_message, o.receiver_encrypted,
  (SELECT json_group_array(json_array(l.oid, l.sku, l.title, l.qty, COALESCE(l.bin, s.bin), COALESCE(l.barcode, s.barcode), l.locked,
      l.shipped_at IS NOT NULL, l.refunded_at IS NOT NULL, l.carrier, l.tracking_no, l.line_no))
    FROM order_lines l LEFT JOIN skus s ON s.sku = l.sku WHERE l.tid = o.tid) AS lines`);

/** The open batch of each listed order (the newest when its lines sit in several), as `[batch_no, printed]`. */
const BATCH_COLUMN = sql.raw(`(SELECT json_array(b.batch_no, b.printed_at IS NOT NULL)
    FROM batch_lines bl JOIN batches b ON b.batch_no = bl.batch_no
    WHERE bl.tid = o.tid AND b.status = 'open' ORDER BY b.batch_no DESC LIMIT 1) AS batch`);

const byLineNo = (a: LineTuple, b: LineTuple) => a[11] - b[11];

function linesOf(json: string): OrderLineView[] {
  const raw = JSON.parse(json) as LineTuple[];
  // json_group_array keeps the order the index gives (tid, line_no); sorted here only if a plan ever differs.
  for (let i = 1; i < raw.length; i++) {
    if (raw[i - 1]![11] > raw[i]![11]) {
      raw.sort(byLineNo);
      break;
    }
  }
  const out = new Array<OrderLineView>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const [oid, sku, title, qty, bin, barcode, locked, shipped, refunded, carrier, trackingNo] = raw[i]!;
    out[i] = {
      oid,
      sku,
      title,
      qty,
      bin,
      barcode,
      locked: locked === 1,
      state: refunded === 1 ? 'refunded' : shipped === 1 ? 'shipped' : 'open',
      carrier,
      trackingNo,
    };
  }
  return out;
}

function toView(r: OrderTuple, ctx: ViewContext): OrderView {
  const [
    tid,
    platform,
    shop,
    orderType,
    status,
    buyerNick,
    createdAt,
    paidAt,
    shipDeadline,
    shipDeadlineSource,
    paidAmount,
    sellerMemo,
    sellerFlag,
    contactName,
    contactPhone,
    secretNo,
    extension,
    secretExpiresAt,
    address,
    succeededAt,
    updatedAt,
    noAutoCompensation,
    buyerMessage,
    receiverEncrypted,
    linesJson,
  ] = r;
  const lines = linesOf(linesJson);
  let locked = false;
  for (const l of lines) if (l.locked) locked = true;
  // Masked at write time (the writer stores only the masked contact line); the privacy number's expiry is read here.
  const expiresAt = secretNo ? privacyExpiry({ expiresAt: secretExpiresAt, succeededAt }, ctx.privacyNumberDays) : null;
  const contact: ContactView = {
    name: contactName,
    phone: contactPhone,
    secretNo, // stored masked
    extension,
    secretExpiresAt: expiresAt,
    secretExpired: expiresAt != null && ctx.now >= expiresAt,
    address,
    encrypted: receiverEncrypted === 1,
  };
  return {
    tid,
    platform: platform as OrderView['platform'],
    shop,
    buyerNick,
    orderType: orderType as OrderView['orderType'],
    status: status as OrderView['status'],
    paidAmount,
    createdAt,
    paidAt,
    shipDeadline,
    shipDeadlineSource: shipDeadlineSource as OrderView['shipDeadlineSource'],
    noAutoCompensation: noAutoCompensation === 1,
    sellerFlag: sellerFlag as SellerFlag,
    sellerMemo,
    buyerMessage: buyerMessage || null,
    locked,
    lines,
    contact,
    updatedAt,
  };
}

function toViews(rows: OrderTuple[], ctx: ViewContext): OrderView[] {
  const out = new Array<OrderView>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = toView(rows[i]!, ctx);
  return out;
}

/** Views of many orders at once (chunked IN lists), in no particular order. */
export function getOrders(db: Db, tids: string[], ctx: ViewContext): OrderView[] {
  const out: OrderView[] = [];
  for (let i = 0; i < tids.length; i += 500) {
    const chunk = sql.list(tids.slice(i, i + 500));
    out.push(...toViews(db.rows<OrderTuple>(sql`SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.tid IN (${chunk})`), ctx));
  }
  return out;
}

export function getOrder(db: Db, tid: string, ctx: ViewContext): OrderView | null {
  const row = db.rows<OrderTuple>(sql`SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.tid = ${tid}`)[0];
  return row ? toView(row, ctx) : null;
}

export class BadCursorError extends ApiError {
  constructor() {
    super(400, 'invalid_input', 'cursor: cursor is not one this server issued', 'cursor');
  }
}

function encodeCursor(deadline: number | null, tid: string): string {
  return Buffer.from(JSON.stringify([deadline, tid])).toString('base64url');
}

function decodeCursor(c: string): [number | null, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && (typeof v[0] === 'number' || v[0] === null) && typeof v[1] === 'string')
      return [v[0] as number | null, v[1]];
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
  const conds = conditions(input, now, ctx.windowMonths, true);
  const sum: OrderCounts = { total: 0, overdue: 0, due6h: 0, due24h: 0, later: 0, locked: 0, inBatch: 0, notInBatch: 0 };
  for (const part of byStatus(input)) {
    const r = db.get<Omit<OrderCounts, 'notInBatch'>>(sql`SELECT COUNT(*) AS total,
      COALESCE(SUM(o.ship_deadline <= ${now}), 0) AS overdue,
      COALESCE(SUM(o.ship_deadline > ${now} AND o.ship_deadline <= ${now + 6 * HOUR}), 0) AS due6h,
      COALESCE(SUM(o.ship_deadline > ${now + 6 * HOUR} AND o.ship_deadline <= ${now + 24 * HOUR}), 0) AS due24h,
      COALESCE(SUM(o.ship_deadline > ${now + 24 * HOUR} OR o.ship_deadline IS NULL), 0) AS later,
      COALESCE(SUM(${LOCKED}), 0) AS locked,
      COALESCE(SUM(${IN_BATCH}), 0) AS inBatch
    FROM orders o WHERE ${sql.join([...conds, ...part], ' AND ')}`)!;
    for (const k of ['total', 'overdue', 'due6h', 'due24h', 'later', 'locked', 'inBatch'] as const) sum[k] += r[k];
  }
  sum.notInBatch = sum.total - sum.inBatch;
  return sum;
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

/**
 * A list reads its orders in deadline order from the covering index of their status (migration 012): the
 * pending list (paid orders) from one, the history views from both, merged here. Each part is a condition
 * added to the list's own.
 */
const PAID = sql`o.status = 'paid'`;
const NOT_PAID = sql`o.status <> 'paid'`;
function byStatus(input: Filters) {
  return input.view === 'pending' ? [[]] : [[PAID], [NOT_PAID]];
}

/** SQLite's order of `ORDER BY o.ship_deadline, o.tid`: NULL first, then by number; tids by their bytes (ASCII ids). */
function byDeadline(a: OrderTuple, b: OrderTuple): number {
  const da = a[8];
  const db = b[8];
  if (da !== db) return da == null ? -1 : db == null ? 1 : da - db;
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

export function listOrders(db: Db, input: ParsedInput<'orders.list'>, ctx: ViewContext & { windowMonths: number }): Page<OrderView> {
  const conds = conditions(input, ctx.now, ctx.windowMonths);
  const parts = byStatus(input);
  const { cursor: _c, limit: _l, ...filters } = input;
  const clockBound = input.due !== undefined || input.dueWithinHours !== undefined;
  const key = JSON.stringify([filters, ctx.windowMonths, clockBound ? Math.floor(ctx.now / 1000) : Math.floor(ctx.now / 60_000)]);
  const total = cachedTotal(db, key, () =>
    parts.reduce(
      (n, part) => n + db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM orders o WHERE ${sql.join([...conds, ...part], ' AND ')}`)!.n,
      0,
    ),
  );
  const page = [...conds];
  if (input.cursor) {
    const [d, t] = decodeCursor(input.cursor);
    // Orders without a deadline sort first (SQLite's NULL order), so after one of them come the rest of those and every dated one.
    page.push(
      d == null
        ? sql`(o.ship_deadline IS NOT NULL OR o.tid > ${t})`
        : sql`(o.ship_deadline > ${d} OR (o.ship_deadline = ${d} AND o.tid > ${t}))`,
    );
  }
  const read = (part: (typeof PAID)[]) =>
    db.rows<OrderTuple>(sql`SELECT ${ORDER_COLUMNS}, ${BATCH_COLUMN} FROM orders o WHERE ${sql.join([...page, ...part], ' AND ')}
    ORDER BY o.ship_deadline, o.tid LIMIT ${input.limit + 1}`);
  const rows = parts.length === 1 ? read(parts[0]!) : parts.flatMap(read).sort(byDeadline);
  const more = rows.length > input.limit;
  const n = more ? input.limit : rows.length;
  const items = new Array<OrderView>(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const v = toView(r, ctx);
    const b = r[25] ? (JSON.parse(r[25]) as [string, 0 | 1]) : null;
    v.batch = b ? { batchNo: b[0], printed: b[1] === 1 } : null;
    items[i] = v;
  }
  const last = items[n - 1];
  return { items, nextCursor: more && last ? encodeCursor(last.shipDeadline, last.tid) : null, total };
}
