// The one writer of order facts. Every source (platform events, every file import, the clerk's mark-shipped
// and work-order reply) turns its input into calls here; nothing else writes orders, lines, parcels, refunds
// or trade success. Each call runs inside the caller's transaction and announces what happened as typed
// facts (app/facts.ts), so interception, checks, pick lists and intake react in the same commit.
import crypto from 'node:crypto';
import type { Amounts, OrderStatus, OrderType, Platform, SellerFlag } from '../../shared/domain.js';
import { paidAmount } from '../../shared/rules/amounts.js';
import { isNumberedLine, matchNumberedLines, type LineIdentity } from '../../shared/rules/lines.js';
import { deriveShipDeadline, type ShipDeadlineHours } from '../../shared/rules/deadlines.js';
import { isEncrypted } from '../../shared/intake/common.js';
import { maskAddress, maskName, maskPhone, type Address } from '../../shared/rules/masking.js';
import type { Vault, WriteContext } from '../app/context.js';
import { ApiError, RuleRejection } from '../app/errors.js';
import { sql, type Db } from '../db/sql.js';

export interface OrderLineRecord {
  oid: string;
  sku: string;
  title: string;
  qty: number;
  price: number | null;
  bin: string | null;
  barcode: string | null;
}

export interface BuyerRecord {
  name: string;
  phone: string | null;
  secretNo: string | null;
  extension: string | null;
  secretExpiresAt: number | null;
  address: Address;
  /** Receiver exported as platform ciphertext (`##…`, `$$…`, `***`): stored as given, shown as 已加密. */
  encrypted?: boolean;
}

export interface OrderRecord {
  tid: string;
  platform: Platform;
  shop: string;
  orderType: OrderType;
  status: OrderStatus;
  buyerNick: string;
  createdAt: number | null;
  paidAt: number | null;
  platformShipDeadline: number | null;
  collectDeadline: number | null;
  amounts: Amounts;
  sellerMemo: string;
  sellerFlag: SellerFlag;
  buyerMessage?: string;
  buyer: BuyerRecord;
  /** null: this source has no lines (an order export without its item export); keep what is stored. */
  lines: OrderLineRecord[] | null;
  source: 'event' | 'csv';
  /** Where it came from, for facts and history: 'event', 'export:taobao', 'export:douyin', … */
  origin?: string;
  /** When this view of the order was true (event occurredAt; for exports, the latest time in the row). */
  versionAt: number;
  /** With status `succeeded`: when the trade succeeded (event occurredAt, export time column, or import time). */
  succeededAt?: number | null;
  /** Parcels the source reports (an export's 物流单号 / 快递信息); oids null = every line of the order. */
  parcels?: Array<{ carrier: string; trackingNo: string; oids: string[] | null; at?: number }>;
  /** Lines the source reports refunded (售后状态 退款成功). */
  refundedOids?: string[];
  /** The platform holds the order (JD 锁定). */
  platformHold?: boolean;
}

export type WriteOutcome = 'inserted' | 'updated' | 'unchanged' | 'stale';

/** Text shown for every receiver field the platform exported as ciphertext. */
export const ENCRYPTED = '已加密';

interface ExistingRow {
  version_at: number;
  status_at: number;
  status: OrderStatus;
  content_hash: string;
  source: string;
  succeeded_at: number | null;
}

/** An encrypted receiver's address: the plain province, city and district (if the platform left them plain), then 已加密. */
function encryptedAddress(a: Address): string {
  return [a.province, a.city, a.district]
    .map((v) => v.trim())
    .filter((v) => v && !isEncrypted(v))
    .concat(ENCRYPTED)
    .join(' ');
}

function contentHash(r: OrderRecord): string {
  const { versionAt: _v, origin: _o, succeededAt: _s, ...rest } = r;
  // The one-shot crypto.hash: the same digest, measured about 3× faster than createHash().update().digest() on
  // these ~800-character strings in Node 20.20 (no Hash object per call).
  return crypto.hash('sha1', JSON.stringify(rest), 'hex');
}

// The statements every order write runs, as constant text: `db.prepare` finds them in its cache by this very
// string (no per-call template building over 36 columns), and better-sqlite3 binds them positionally.
const SELECT_EXISTING = 'SELECT version_at, status_at, status, content_hash, source, succeeded_at FROM orders WHERE tid = ?';
const SELECT_LINE_OWNER = 'SELECT tid FROM order_lines WHERE oid = ?';
const INSERT_ORDER = `INSERT INTO orders (
    tid, platform, shop, order_type, status, buyer_nick, created_at, paid_at, ship_deadline, ship_deadline_source,
    platform_ship_deadline, collect_deadline, amount_items, amount_postage, amount_coupon, amount_red_packet,
    amount_taobao_coin, amount_deposit, amount_balance, paid_amount, seller_memo, seller_flag, contact_name,
    contact_phone, contact_secret_no, contact_extension, secret_expires_at, contact_address, version_at, status_at,
    source, content_hash, updated_at, window_at, buyer_message, receiver_encrypted)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
// The sealed buyer in one value; a row from before migration 011 loses its per-column sealed values.
const UPSERT_BUYER_PRIVATE = `INSERT INTO buyer_private (tid, sealed) VALUES (?, ?)
  ON CONFLICT (tid) DO UPDATE SET sealed = excluded.sealed, name = '', phone = NULL, secret_no = NULL, address = '{}'`;
/** The writer queues the tid of every order and line it inserts for the search index (migration 010). */
const QUEUE_SEARCH = 'INSERT OR IGNORE INTO search_queue (tid) VALUES (?)';
const SELECT_LINES_OF = 'SELECT oid, sku, title, qty, price, locked, shipped_at FROM order_lines WHERE tid = ? ORDER BY line_no';
const SELECT_LINE_FACTS = 'SELECT oid, locked, shipped_at FROM order_lines WHERE tid = ?';
const SELECT_UNLINED_PARCELS = `SELECT p.id, p.carrier, p.tracking_no, p.uploaded_at FROM parcels p
  WHERE p.tid = ? AND NOT EXISTS (SELECT 1 FROM parcel_lines pl WHERE pl.parcel_id = p.id)`;
// An order written earlier in this same transaction already has this updated_at: nothing to rewrite then.
const TOUCH_ORDER = 'UPDATE orders SET updated_at = ? WHERE tid = ? AND updated_at <> ?';
const COUNT_LINES = `SELECT COUNT(*) AS lines, COALESCE(SUM(refunded_at IS NULL), 0) AS live,
    COALESCE(SUM(refunded_at IS NULL AND shipped_at IS NULL), 0) AS open
  FROM order_lines WHERE tid = ?`;
const INSERT_LINE = `INSERT INTO order_lines (oid, tid, line_no, sku, title, qty, price, bin, barcode, source)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const UPSERT_LINE = `INSERT INTO order_lines (oid, tid, line_no, sku, title, qty, price, bin, barcode, source)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (oid) DO UPDATE SET line_no = excluded.line_no, sku = excluded.sku,
    title = excluded.title, qty = excluded.qty, price = excluded.price, bin = excluded.bin,
    barcode = excluded.barcode, source = excluded.source`;

function changed(ctx: WriteContext, tid: string): void {
  ctx.touched.add(tid);
}

/**
 * Writes one order's view. A record older than the stored view is `stale` and changes nothing; an identical
 * one is `unchanged`. An export never overwrites the view of an order the platform's events describe (its
 * facts — parcels, refunds, trade success — are still recorded by the caller through the functions below).
 */
export function upsertOrder(ctx: WriteContext, r: OrderRecord): WriteOutcome {
  const { db } = ctx;
  const existing = db.prepare(SELECT_EXISTING).get(r.tid) as ExistingRow | undefined;
  // A new order's lines are checked as they are inserted (writeLines): a taken oid fails the insert.
  if (r.lines && existing) checkLineOwnership(db, r.tid, r.lines, 'lines');
  const hash = contentHash(r);
  let outcome: WriteOutcome;
  if (existing && r.source === 'csv' && existing.source === 'event') outcome = 'unchanged';
  else if (existing && r.versionAt < existing.version_at) outcome = 'stale';
  else if (existing && existing.content_hash === hash) outcome = 'unchanged';
  else {
    writeView(ctx, r, existing, hash);
    outcome = existing ? 'updated' : 'inserted';
  }
  if (outcome === 'inserted' || outcome === 'updated') {
    changed(ctx, r.tid);
    const statusWon = !existing || r.versionAt >= existing.status_at;
    if (statusWon && r.status === 'succeeded') recordTradeSucceeded(ctx, { tid: r.tid, at: r.succeededAt ?? r.versionAt });
    if (statusWon && r.status === 'closed' && existing?.status !== 'closed') {
      db.run(sql`UPDATE orders SET closed_at = COALESCE(closed_at, ${r.versionAt}) WHERE tid = ${r.tid}`);
      ctx.facts.announce(ctx, { type: 'order.closed', tid: r.tid, at: r.versionAt, previous: existing?.status ?? 'paid' });
    }
  } else if (outcome === 'unchanged' && existing && r.status === 'succeeded') {
    // Facts stay facts even when the view is not taken (an export of an order the events describe).
    recordTradeSucceeded(ctx, { tid: r.tid, at: r.succeededAt ?? r.versionAt });
  }
  // Everything the source says happened to the order is recorded before anyone hears it arrived, so a
  // waiting interception is decided on the whole truth (an export row 卖家已发货 carries its parcel).
  const source = r.origin ?? r.source;
  if (outcome !== 'stale') {
    for (const p of r.parcels ?? []) {
      recordShipment(ctx, {
        tid: r.tid,
        ...(p.oids ? { oids: p.oids } : {}),
        carrier: p.carrier,
        trackingNo: p.trackingNo,
        at: p.at ?? r.versionAt,
        source,
      });
    }
    if (r.refundedOids?.length)
      recordRefund(ctx, { tid: r.tid, oids: r.refundedOids, at: r.versionAt, actor: 'platform', note: `${source}: 退款成功` });
  }
  if (outcome === 'inserted') {
    ctx.facts.announce(ctx, { type: 'order.arrived', tid: r.tid, platform: r.platform, source });
  } else if (outcome === 'updated') {
    ctx.facts.announce(ctx, { type: 'order.changed', tid: r.tid });
  }
  if (outcome !== 'stale' && r.platformHold) recordPlatformHold(ctx, { tid: r.tid, at: r.versionAt, source });
  return outcome;
}

function writeView(ctx: WriteContext, r: OrderRecord, existing: ExistingRow | undefined, hash: string): void {
  const { db } = ctx;
  const base = r.paidAt ?? r.createdAt ?? r.versionAt;
  const deadline = deriveShipDeadline(
    { orderType: r.orderType, paidAt: base, platformDeadline: r.platformShipDeadline },
    ctx.settings.shipDeadlineHours,
  );
  const paid = paidAmount(r.amounts);
  const c = r.buyer;
  const encrypted = c.encrypted === true;
  // With number protection on, the secret number replaces the phone: the real one is never stored.
  const phone = c.secretNo ? null : c.phone;
  const masked = encrypted
    ? { name: ENCRYPTED, phone: ENCRYPTED, secretNo: null, address: encryptedAddress(c.address) }
    : { name: maskName(c.name), phone: maskPhone(phone), secretNo: maskPhone(c.secretNo), address: maskAddress(c.address) };
  const a = r.amounts;
  const memo = r.sellerMemo;
  const message = r.buyerMessage ?? '';
  if (!existing) {
    db.prepare(INSERT_ORDER).run(
      r.tid,
      r.platform,
      r.shop,
      r.orderType,
      r.status,
      r.buyerNick,
      r.createdAt,
      r.paidAt,
      deadline.at,
      deadline.source,
      r.platformShipDeadline,
      r.collectDeadline,
      a.items,
      a.postage,
      a.coupon,
      a.redPacket,
      a.taobaoCoin,
      a.deposit,
      a.balance,
      paid,
      memo,
      r.sellerFlag,
      masked.name,
      masked.phone,
      masked.secretNo,
      encrypted ? null : c.extension,
      c.secretExpiresAt,
      masked.address,
      r.versionAt,
      r.versionAt,
      r.source,
      hash,
      ctx.now,
      base,
      message,
      encrypted ? 1 : 0,
    );
    db.prepare(QUEUE_SEARCH).run(r.tid);
  } else {
    const statusWins = r.versionAt >= existing.status_at;
    db.run(sql`UPDATE orders SET platform = ${r.platform}, shop = ${r.shop}, order_type = ${r.orderType},
        status = CASE WHEN ${statusWins} THEN ${r.status} ELSE status END,
        status_at = CASE WHEN ${statusWins} THEN ${r.versionAt} ELSE status_at END,
        buyer_nick = ${r.buyerNick}, created_at = ${r.createdAt}, paid_at = ${r.paidAt},
        ship_deadline = COALESCE(negotiated_deadline, ${deadline.at}),
        ship_deadline_source = CASE WHEN negotiated_deadline IS NOT NULL THEN 'negotiated' ELSE ${deadline.source} END,
        platform_ship_deadline = ${r.platformShipDeadline}, collect_deadline = ${r.collectDeadline},
        amount_items = ${a.items}, amount_postage = ${a.postage}, amount_coupon = ${a.coupon},
        amount_red_packet = ${a.redPacket}, amount_taobao_coin = ${a.taobaoCoin}, amount_deposit = ${a.deposit},
        amount_balance = ${a.balance}, paid_amount = ${paid}, seller_memo = ${memo}, seller_flag = ${r.sellerFlag},
        contact_name = ${masked.name}, contact_phone = ${masked.phone}, contact_secret_no = ${masked.secretNo},
        contact_extension = ${encrypted ? null : c.extension}, secret_expires_at = ${c.secretExpiresAt},
        contact_address = ${masked.address}, version_at = ${r.versionAt}, source = ${r.source}, content_hash = ${hash},
        updated_at = ${ctx.now}, window_at = ${base}, buyer_message = ${message}, receiver_encrypted = ${encrypted}
      WHERE tid = ${r.tid}`);
  }
  writeBuyerPrivate(ctx, r.tid, c, phone);
  // A new order has no lines or parcels yet (both reference orders, with foreign keys on).
  if (r.lines) writeLines(ctx, r.tid, r.lines, r.source, !existing);
}

/**
 * The buyer's real name, phone (null with number protection), secret number and address: the one row that
 * holds them (read only by the audited reveal). Every order write stores them here and nowhere else.
 */
function writeBuyerPrivate(ctx: WriteContext, tid: string, c: BuyerRecord, phone: string | null): void {
  // Sealed with the data key as one value bound to its order: a copy of the data folder reveals none of it.
  ctx.db
    .prepare(UPSERT_BUYER_PRIVATE)
    .run(tid, sealBuyer(ctx.vault, tid, { name: c.name, phone, secretNo: c.secretNo, address: c.address }));
}

/** What buyer_private.sealed holds, sealed (migration 011). */
export interface SealedBuyer {
  name: string;
  /** null with number protection: the real phone is never stored. */
  phone: string | null;
  secretNo: string | null;
  address: Address;
}

function sealBuyer(vault: Vault, tid: string, b: SealedBuyer): string {
  return vault.seal(JSON.stringify(b), tid);
}

/**
 * Seals buyer_private rows written before sealing existed (once, at start), into the one sealed value of
 * migration 011. Rows sealed column by column before that migration are left as they are (they open).
 * Returns how many.
 */
export function sealLegacyBuyerRows(db: Db, vault: Vault): number {
  const rows = db.all<{ tid: string; name: string; phone: string | null; secret_no: string | null; address: string }>(
    sql`SELECT tid, name, phone, secret_no, address FROM buyer_private WHERE sealed IS NULL AND address NOT LIKE 'sl1:%'`,
  );
  for (const r of rows) {
    const sealed = sealBuyer(vault, r.tid, {
      name: r.name,
      phone: r.phone,
      secretNo: r.secret_no,
      address: JSON.parse(r.address) as Address,
    });
    db.run(
      sql`UPDATE buyer_private SET sealed = ${sealed}, name = '', phone = NULL, secret_no = NULL, address = '{}' WHERE tid = ${r.tid}`,
    );
  }
  return rows.length;
}

/** A line id that already belongs to another order is refused: an event must not move another order's line. */
function checkLineOwnership(db: Db, tid: string, lines: OrderLineRecord[], field: string): void {
  const owner = db.prepare(SELECT_LINE_OWNER);
  // One primary-key lookup per line; with several foreign lines the lowest oid is reported (index order).
  let taken: { oid: string; tid: string } | null = null;
  for (const l of lines) {
    const row = owner.get(l.oid) as { tid: string } | undefined;
    if (row && row.tid !== tid && (!taken || l.oid < taken.oid)) taken = { oid: l.oid, tid: row.tid };
  }
  if (!taken) return;
  const i = lines.findIndex((l) => l.oid === taken.oid);
  throw new RuleRejection(`${field}[${i}].oid`, `子订单 ${taken.oid} 属于订单 ${taken.tid},不能移到订单 ${tid}`);
}

/**
 * Makes the order's lines match the record. Returns whether the order's parcel (uploaded before its lines were
 * known) shipped them. Facts the warehouse owns (lock, shipment, pickup, refund)
 * survive; a line that is locked or already shipped is never deleted, even if the new view omits it.
 */
function writeLines(
  ctx: WriteContext,
  tid: string,
  lines: OrderLineRecord[],
  source: 'event' | 'csv',
  newOrder = false,
  stored?: Array<{ oid: string; locked: number; shipped_at: number | null }>,
  noParcel = false,
): boolean {
  const { db } = ctx;
  // A new order has nothing to delete and no parcel to ship its lines with: its row was written just now.
  const current = newOrder
    ? []
    : (stored ?? (db.prepare(SELECT_LINE_FACTS).all(tid) as Array<{ oid: string; locked: number; shipped_at: number | null }>));
  // Lines new to this order are inserted: queued for the search index (updates and deletions queue themselves);
  // a new order was queued with its row.
  if (!newOrder) db.prepare(QUEUE_SEARCH).run(tid);
  if (current.length) {
    reidentifyLines(ctx, tid, current, lines);
    const keep = new Set(lines.map((l) => l.oid));
    for (const row of current) {
      if (!keep.has(row.oid) && !row.locked && row.shipped_at == null) db.run(sql`DELETE FROM order_lines WHERE oid = ${row.oid}`);
    }
    const upsert = db.prepare(UPSERT_LINE);
    lines.forEach((l, i) => upsert.run(l.oid, tid, i + 1, l.sku, l.title, l.qty, l.price, l.bin, l.barcode, source));
  } else insertLines(db, tid, lines, source);
  if (newOrder || noParcel) return false;
  // An order the platform already reported shipped (an export row 卖家已发货 with no line detail) ships its new lines too.
  const orderParcels = db.prepare(SELECT_UNLINED_PARCELS).all(tid) as Array<{
    id: number;
    carrier: string;
    tracking_no: string;
    uploaded_at: number;
  }>;
  if (orderParcels.length === 1) {
    const p = orderParcels[0]!;
    attachLines(
      ctx,
      p.id,
      tid,
      lines.map((l) => l.oid),
      p.carrier,
      p.tracking_no,
      p.uploaded_at,
    );
    return true;
  }
  return false;
}

/**
 * Numbered lines (`${tid}-n`, from an export without sub-order ids) that the new view lists under their real
 * sub-order ids take those ids (shared/rules/lines.ts): the same goods stay one line, with their lock,
 * shipment, refund and pickup, instead of a second copy a later release would free for picking. The writer
 * moves its own rows (order_lines, parcel_lines) and announces `lines.reidentified`, so each capability moves
 * what it holds under the old id. `current` is updated in place.
 */
function reidentifyLines(ctx: WriteContext, tid: string, current: Array<{ oid: string }>, lines: OrderLineRecord[]): void {
  const incoming = new Set(lines.map((l) => l.oid));
  const stored = new Set(current.map((l) => l.oid));
  if (!current.some((l) => !incoming.has(l.oid) && isNumberedLine(tid, l.oid))) return;
  if (!lines.some((l) => !stored.has(l.oid) && !isNumberedLine(tid, l.oid))) return;
  const rows = ctx.db.all<{ oid: string; sku: string; title: string; qty: number }>(
    sql`SELECT oid, sku, title, qty FROM order_lines WHERE tid = ${tid} ORDER BY line_no`,
  );
  const renamed = matchNumberedLines(tid, rows, lines);
  if (!renamed.length) return;
  for (const { from, to } of renamed) {
    ctx.db.run(sql`UPDATE order_lines SET oid = ${to} WHERE oid = ${from} AND tid = ${tid}`);
    ctx.db.run(sql`UPDATE parcel_lines SET oid = ${to} WHERE oid = ${from}`);
    for (const row of current) if (row.oid === from) row.oid = to;
  }
  ctx.facts.announce(ctx, { type: 'lines.reidentified', tid, renamed });
}

/**
 * The other way round: an item export without sub-order ids (`${tid}-n`) after the order's lines were stored
 * under their real ids (an export with 子订单编号). The same goods keep the ids they have (shared/rules/lines.ts,
 * read with the roles swapped), so nothing is renamed and no second copy appears.
 */
function keepStoredIds(tid: string, current: readonly LineIdentity[], lines: OrderLineRecord[]): OrderLineRecord[] {
  if (!lines.some((l) => isNumberedLine(tid, l.oid))) return lines;
  const to = new Map(matchNumberedLines(tid, lines, current).map((p) => [p.from, p.to]));
  return to.size ? lines.map((l) => (to.has(l.oid) ? { ...l, oid: to.get(l.oid)! } : l)) : lines;
}

/**
 * The lines of an order that has none stored. Every oid is new to this order, so a plain insert (no upsert:
 * order_lines' update trigger would make SQLite keep a statement journal for it) stands in for
 * checkLineOwnership's lookups: an oid another order owns fails it, and checkLineOwnership then refuses the
 * write exactly as it would have up front (the caller's transaction is rolled back). An oid twice in one
 * record falls back to the upsert.
 */
function insertLines(db: Db, tid: string, lines: OrderLineRecord[], source: 'event' | 'csv'): void {
  const insert = db.prepare(INSERT_LINE);
  let i = 0;
  try {
    for (; i < lines.length; i++) {
      const l = lines[i]!;
      insert.run(l.oid, tid, i + 1, l.sku, l.title, l.qty, l.price, l.bin, l.barcode, source);
    }
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw e;
    checkLineOwnership(db, tid, lines, 'lines');
    const upsert = db.prepare(UPSERT_LINE);
    for (; i < lines.length; i++) {
      const l = lines[i]!;
      upsert.run(l.oid, tid, i + 1, l.sku, l.title, l.qty, l.price, l.bin, l.barcode, source);
    }
  }
}

/**
 * Lines of an order that came from an item export. Returns whether anything changed. `bare`: the caller wrote
 * the order in this same transaction, without lines and without a parcel (its order export row came first),
 * so there are no lines or parcels to read.
 */
export function setLines(
  ctx: WriteContext,
  tid: string,
  lines: OrderLineRecord[],
  source: 'event' | 'csv',
  bare = false,
): 'inserted' | 'updated' | 'unchanged' {
  const current = (bare ? [] : ctx.db.prepare(SELECT_LINES_OF).all(tid)) as Array<{
    oid: string;
    sku: string;
    title: string;
    qty: number;
    price: number | null;
    locked: number;
    shipped_at: number | null;
  }>;
  if (current.length) lines = keepStoredIds(tid, current, lines);
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
  if (same) return 'unchanged';
  // Lines of an order without any are checked as they are inserted (insertLines).
  if (current.length) checkLineOwnership(ctx.db, tid, lines, 'lines');
  const shipped = writeLines(ctx, tid, lines, source, false, current, bare);
  ctx.db.prepare(TOUCH_ORDER).run(ctx.now, tid, ctx.now);
  ctx.facts.announce(ctx, { type: 'order.changed', tid });
  // An order that had no lines now has only open ones, unless its parcel took them: nothing to settle then.
  if (current.length || shipped) settleStatus(ctx, tid, ctx.now);
  changed(ctx, tid);
  return current.length ? 'updated' : 'inserted';
}

// ---------------------------------------------------------------------------------------------------------
// Status

const RANK: Record<OrderStatus, number> = { paid: 0, shipped: 1, picked_up: 2, succeeded: 3, closed: 4 };

/** Moves the order's status forward (never back) when `at` is at least as new as the last status change. */
function advanceStatus(ctx: WriteContext, tid: string, to: OrderStatus, at: number): boolean {
  const cur = ctx.db.get<{ status: OrderStatus; status_at: number }>(sql`SELECT status, status_at FROM orders WHERE tid = ${tid}`);
  if (!cur || RANK[cur.status] >= RANK[to] || cur.status === 'closed') return false;
  ctx.db.run(sql`UPDATE orders SET status = ${to}, status_at = MAX(status_at, ${at}), updated_at = ${ctx.now} WHERE tid = ${tid}`);
  return true;
}

/**
 * After lines or parcels changed: every line refunded closes the order; every live line shipped makes it
 * `shipped`; every live parcel picked up (and every live line shipped) makes it `picked_up`.
 * Returns the new status when it moved.
 */
function settleStatus(ctx: WriteContext, tid: string, at: number): OrderStatus | null {
  const c = ctx.db.prepare(COUNT_LINES).get(tid) as { lines: number; live: number; open: number };
  if (c.lines > 0 && c.live === 0) {
    const cur = ctx.db.get<{ status: OrderStatus }>(sql`SELECT status FROM orders WHERE tid = ${tid}`);
    if (cur && cur.status !== 'closed') {
      ctx.db.run(sql`UPDATE orders SET status = 'closed', status_at = MAX(status_at, ${at}), closed_at = COALESCE(closed_at, ${at}),
        updated_at = ${ctx.now} WHERE tid = ${tid}`);
      ctx.facts.announce(ctx, { type: 'order.closed', tid, at, previous: cur.status });
      return 'closed';
    }
    return null;
  }
  if (c.lines === 0 || c.open > 0) return null;
  const unscanned = ctx.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM parcels p WHERE p.tid = ${tid} AND p.picked_up_at IS NULL
      AND (NOT EXISTS (SELECT 1 FROM parcel_lines pl WHERE pl.parcel_id = p.id)
        OR EXISTS (SELECT 1 FROM parcel_lines pl JOIN order_lines l ON l.oid = pl.oid WHERE pl.parcel_id = p.id AND l.refunded_at IS NULL))`)!.n;
  const anyParcel = ctx.db.get(sql`SELECT 1 FROM parcels WHERE tid = ${tid}`) != null;
  if (unscanned === 0 && anyParcel && advanceStatus(ctx, tid, 'picked_up', at)) return 'picked_up';
  if (advanceStatus(ctx, tid, 'shipped', at)) return 'shipped';
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Parcels

export interface Shipment {
  tid: string;
  /** The lines in the parcel; undefined = every line still to ship (or the whole order when no lines are known). */
  oids?: string[];
  carrier: string;
  trackingNo: string;
  at: number;
  /** 'event', 'export:taobao', 'clerk', … */
  source: string;
}

/** Strips the export's `No:` prefix and blanks; tracking numbers compare as upper case. */
export function normalizeTrackingNo(t: string): string {
  return t
    .replace(/^\s*No[:：]\s*/i, '')
    .replace(/\s+/g, '')
    .toUpperCase();
}

function attachLines(
  ctx: WriteContext,
  parcelId: number,
  tid: string,
  oids: string[],
  carrier: string,
  trackingNo: string,
  at: number,
): string[] {
  const attached: string[] = [];
  for (const oid of oids) {
    const r = ctx.db
      .run(sql`UPDATE order_lines SET shipped_at = COALESCE(shipped_at, ${at}), carrier = ${carrier}, tracking_no = ${trackingNo}
      WHERE oid = ${oid} AND tid = ${tid} AND refunded_at IS NULL AND shipped_at IS NULL`);
    if (r.changes) {
      ctx.db.run(sql`INSERT OR IGNORE INTO parcel_lines (parcel_id, oid) VALUES (${parcelId}, ${oid})`);
      attached.push(oid);
    }
  }
  return attached;
}

/**
 * A tracking number uploaded for lines of an order (发货). Platform and export shipments are facts and are
 * recorded even for locked lines (interception raises `locked_line_shipped`); the clerk's path refuses first.
 * Returns the parcel and the lines it now carries, or null when the order is unknown.
 */
export function recordShipment(
  ctx: WriteContext,
  s: Shipment,
): { parcelId: number; oids: string[] } | { error: string; path: string } | null {
  const { db } = ctx;
  const trackingNo = normalizeTrackingNo(s.trackingNo);
  if (!trackingNo) return { error: 'tracking number is empty', path: 'trackingNo' };
  if (!db.get(sql`SELECT 1 FROM orders WHERE tid = ${s.tid}`)) return null;
  const lines = db.all<{ oid: string; shipped_at: number | null; refunded_at: number | null }>(
    sql`SELECT oid, shipped_at, refunded_at FROM order_lines WHERE tid = ${s.tid} ORDER BY line_no`,
  );
  let target: string[];
  if (s.oids) {
    const unknown = s.oids.filter((o) => !lines.some((l) => l.oid === o));
    if (unknown.length) return { error: `oid ${unknown.join(', ')} is not a line of order ${s.tid}`, path: 'oids' };
    target = s.oids;
  } else {
    target = lines.filter((l) => l.shipped_at == null && l.refunded_at == null).map((l) => l.oid);
  }
  const before = db.get<{ id: number; uploaded_at: number; carrier: string }>(
    sql`SELECT id, uploaded_at, carrier FROM parcels WHERE tid = ${s.tid} AND tracking_no = ${trackingNo}`,
  );
  // A new parcel is what was just inserted: no need to read it back.
  const parcel = before ?? {
    id: Number(
      db.run(sql`INSERT INTO parcels (tid, carrier, tracking_no, uploaded_at, source)
        VALUES (${s.tid}, ${s.carrier}, ${trackingNo}, ${s.at}, ${s.source})`).lastInsertRowid,
    ),
    uploaded_at: s.at,
    carrier: s.carrier,
  };
  const oids = attachLines(ctx, parcel.id, s.tid, target, parcel.carrier || s.carrier, trackingNo, s.at);
  // Redelivered or re-imported: nothing new, nothing announced.
  if (before && !oids.length) return { parcelId: parcel.id, oids };
  db.prepare(TOUCH_ORDER).run(ctx.now, s.tid, ctx.now);
  ctx.facts.announce(ctx, {
    type: 'parcel.uploaded',
    parcelId: parcel.id,
    carrier: parcel.carrier || s.carrier,
    trackingNo,
    tid: s.tid,
    oids,
    at: parcel.uploaded_at,
    source: s.source,
  });
  // An export row 卖家已发货 without line detail still says the order left.
  settleStatus(ctx, s.tid, s.at);
  changed(ctx, s.tid);
  return { parcelId: parcel.id, oids };
}

export type ScanState = 'picked_up' | 'in_transit' | 'signed' | 'exception';

/**
 * A courier scan of a parcel (tracking number). The first picked_up scan is the pickup (揽收); in_transit
 * and signed imply it. An exception scan is not a pickup: it marks an abnormal trail.
 * Returns 'unknown' when no parcel has this tracking number yet (the caller keeps the event pending).
 */
export function recordScan(
  ctx: WriteContext,
  s: { carrier: string; trackingNo: string; state: ScanState; at: number; site?: string | null },
): 'applied' | 'unknown' {
  const { db } = ctx;
  const trackingNo = normalizeTrackingNo(s.trackingNo);
  const parcels = db.all<{ id: number; tid: string; carrier: string; picked_up_at: number | null; abnormal_at: number | null }>(
    sql`SELECT id, tid, carrier, picked_up_at, abnormal_at FROM parcels WHERE tracking_no = ${trackingNo}`,
  );
  if (!parcels.length) return 'unknown';
  const pickup = s.state !== 'exception';
  for (const p of parcels) {
    db.run(sql`UPDATE parcels SET last_scan_at = MAX(COALESCE(last_scan_at, ${s.at}), ${s.at}),
        last_scan_state = CASE WHEN last_scan_at IS NULL OR ${s.at} >= last_scan_at THEN ${s.state} ELSE last_scan_state END,
        picked_up_at = CASE WHEN ${pickup} THEN MIN(COALESCE(picked_up_at, ${s.at}), ${s.at}) ELSE picked_up_at END,
        abnormal_at = CASE WHEN ${!pickup} THEN COALESCE(abnormal_at, ${s.at}) ELSE abnormal_at END,
        abnormal_note = CASE WHEN ${!pickup} THEN ${`${s.state}${s.site ? ` ${s.site}` : ''}`} ELSE abnormal_note END
      WHERE id = ${p.id}`);
    if (pickup) {
      db.run(sql`UPDATE order_lines SET picked_up_at = MIN(COALESCE(picked_up_at, ${s.at}), ${s.at})
        WHERE oid IN (SELECT oid FROM parcel_lines WHERE parcel_id = ${p.id})`);
    }
    db.run(sql`UPDATE orders SET updated_at = ${ctx.now} WHERE tid = ${p.tid}`);
    changed(ctx, p.tid);
  }
  const tids = [...new Set(parcels.map((p) => p.tid))];
  const ref = { parcelId: parcels[0]!.id, carrier: parcels[0]!.carrier || s.carrier, trackingNo };
  if (pickup) {
    const first = parcels.filter((p) => p.picked_up_at == null);
    const pickedUpOrders = tids.filter((tid) => settleStatus(ctx, tid, s.at) === 'picked_up');
    if (first.length) {
      const oids = db
        .all<{ oid: string }>(sql`SELECT oid FROM parcel_lines WHERE parcel_id IN (${sql.list(first.map((p) => String(p.id)))})`)
        .map((r) => r.oid);
      ctx.facts.announce(ctx, { type: 'parcel.picked_up', ...ref, tids, oids, at: s.at, pickedUpOrders });
    }
  } else if (parcels.some((p) => p.abnormal_at == null)) {
    ctx.facts.announce(ctx, { type: 'parcel.abnormal', ...ref, tids, at: s.at, note: `${s.state}${s.site ? ` ${s.site}` : ''}` });
  }
  return 'applied';
}

// ---------------------------------------------------------------------------------------------------------
// Refunds, trade success, platform hold

/**
 * These lines were refunded (cancelled): from `refund.completed`, an export's 售后状态 退款成功, or a clerk's
 * refund of an intercepted request. Returns the lines newly refunded, or null when the order is unknown.
 */
export function recordRefund(
  ctx: WriteContext,
  r: { tid: string; oids?: string[]; at: number; actor: string; note: string },
): { oids: string[] } | { error: string; path: string } | null {
  const { db } = ctx;
  if (!db.get(sql`SELECT 1 FROM orders WHERE tid = ${r.tid}`)) return null;
  const lines = db.all<{ oid: string; refunded_at: number | null }>(sql`SELECT oid, refunded_at FROM order_lines WHERE tid = ${r.tid}`);
  if (r.oids) {
    const unknown = r.oids.filter((o) => !lines.some((l) => l.oid === o));
    if (unknown.length) return { error: `oid ${unknown.join(', ')} is not a line of order ${r.tid}`, path: 'oids' };
  }
  const target = (r.oids ?? lines.map((l) => l.oid)).filter((o) => lines.find((l) => l.oid === o)?.refunded_at == null);
  for (const oid of target) db.run(sql`UPDATE order_lines SET refunded_at = ${r.at} WHERE oid = ${oid}`);
  if (target.length) db.run(sql`UPDATE orders SET updated_at = ${ctx.now} WHERE tid = ${r.tid}`);
  if (target.length) ctx.facts.announce(ctx, { type: 'lines.refunded', tid: r.tid, oids: target, at: r.at, actor: r.actor, note: r.note });
  if (!lines.length && !r.oids) {
    // A whole-order refund of an order whose lines are not known yet: the order closes.
    const cur = db.get<{ status: OrderStatus }>(sql`SELECT status FROM orders WHERE tid = ${r.tid}`)!;
    if (cur.status !== 'closed') {
      db.run(
        sql`UPDATE orders SET status = 'closed', status_at = MAX(status_at, ${r.at}), closed_at = COALESCE(closed_at, ${r.at}) WHERE tid = ${r.tid}`,
      );
      ctx.facts.announce(ctx, { type: 'order.closed', tid: r.tid, at: r.at, previous: cur.status });
    }
  } else settleStatus(ctx, r.tid, r.at);
  changed(ctx, r.tid);
  return { oids: target };
}

/** 交易成功 from any source: starts the privacy-number clock (first time wins) and moves the status on. */
export function recordTradeSucceeded(ctx: WriteContext, s: { tid: string; at: number }): boolean {
  const cur = ctx.db.get<{ succeeded_at: number | null }>(sql`SELECT succeeded_at FROM orders WHERE tid = ${s.tid}`);
  if (!cur) return false;
  advanceStatus(ctx, s.tid, 'succeeded', s.at);
  if (cur.succeeded_at == null) {
    ctx.db.run(sql`UPDATE orders SET succeeded_at = ${s.at}, updated_at = ${ctx.now} WHERE tid = ${s.tid}`);
    ctx.facts.announce(ctx, { type: 'trade.succeeded', tid: s.tid, at: s.at });
  }
  changed(ctx, s.tid);
  return true;
}

/** The platform holds the order (JD 锁定). Announced once per order. */
export function recordPlatformHold(ctx: WriteContext, h: { tid: string; at: number; source: string }): void {
  const o = ctx.db.get<{ platform: Platform; platform_hold_at: number | null }>(
    sql`SELECT platform, platform_hold_at FROM orders WHERE tid = ${h.tid}`,
  );
  if (!o || o.platform_hold_at != null) return;
  ctx.db.run(sql`UPDATE orders SET platform_hold_at = ${h.at}, updated_at = ${ctx.now} WHERE tid = ${h.tid}`);
  ctx.facts.announce(ctx, { type: 'order.platform_hold', tid: h.tid, platform: o.platform, at: h.at, source: h.source });
  changed(ctx, h.tid);
}

// ---------------------------------------------------------------------------------------------------------
// Clerk actions

export interface MarkShipped {
  tid: string;
  oids?: string[];
  carrier: string;
  trackingNo: string;
  noLogistics: boolean;
}

/** The tid that already uses this tracking number, if any (运单号已被使用). */
function trackingUsedBy(db: Db, trackingNo: string): string | null {
  return db.get<{ tid: string }>(sql`SELECT tid FROM parcels WHERE tracking_no = ${normalizeTrackingNo(trackingNo)} LIMIT 1`)?.tid ?? null;
}

/**
 * Marking lines shipped from the UI or API. Refused for locked lines, a tracking number already used,
 * 无需物流 on a partly shipped order, or a shop under restriction.
 */
export function markShipped(ctx: WriteContext, m: MarkShipped, actor: string): void {
  if (ctx.settings.shippingRestricted) throw new ApiError(409, 'shipping_restricted', '店铺处于发货限制中,不能发货', 'tid');
  const order = ctx.db.get<{ status: string }>(sql`SELECT status FROM orders WHERE tid = ${m.tid}`);
  if (!order) throw new ApiError(404, 'not_found', `order ${m.tid} not found`, 'tid');
  if (order.status !== 'paid') throw new ApiError(409, 'invalid_state', `order ${m.tid} is ${order.status}, not awaiting shipment`, 'tid');
  const lines = ctx.db.all<{ oid: string; shipped_at: number | null; refunded_at: number | null; locked: number }>(
    sql`SELECT oid, shipped_at, refunded_at, locked FROM order_lines WHERE tid = ${m.tid} ORDER BY line_no`,
  );
  const live = lines.filter((l) => l.refunded_at == null);
  let target = live.filter((l) => l.shipped_at == null).map((l) => l.oid);
  if (m.oids) {
    m.oids.forEach((oid, i) => {
      const l = lines.find((x) => x.oid === oid);
      if (!l) throw new ApiError(400, 'invalid_input', `oids[${i}]: ${oid} is not a line of order ${m.tid}`, `oids[${i}]`);
      if (l.refunded_at != null) throw new ApiError(409, 'invalid_state', `oids[${i}]: ${oid} was refunded`, `oids[${i}]`);
      if (l.shipped_at != null) throw new ApiError(409, 'invalid_state', `oids[${i}]: ${oid} has already shipped`, `oids[${i}]`);
    });
    target = m.oids;
  }
  if (!target.length) throw new ApiError(409, 'invalid_state', `order ${m.tid} has no line left to ship`, 'tid');
  const locked = target.filter((oid) => lines.find((l) => l.oid === oid)?.locked === 1);
  if (locked.length) throw new ApiError(409, 'locked', `已拦截 · 不要发货: ${locked.join(', ')} 已被锁单,不能发货`, 'oids');
  if (m.noLogistics) {
    const partly = live.some((l) => l.shipped_at != null) || target.length < live.length;
    if (partly) throw new ApiError(409, 'partly_shipped', '部分发货(拆单)的订单不能选择无需物流', 'noLogistics');
    for (const oid of target)
      ctx.db.run(sql`UPDATE order_lines SET shipped_at = ${ctx.now}, carrier = '无需物流', tracking_no = NULL WHERE oid = ${oid}`);
    settleStatus(ctx, m.tid, ctx.now);
    changed(ctx, m.tid);
  } else {
    const used = trackingUsedBy(ctx.db, m.trackingNo);
    if (used) throw new ApiError(409, 'tracking_used', `运单号已被使用 (${used === m.tid ? '本订单' : `订单 ${used}`})`, 'trackingNo');
    recordShipment(ctx, { tid: m.tid, oids: target, carrier: m.carrier, trackingNo: m.trackingNo, at: ctx.now, source: 'clerk' });
  }
  ctx.db.run(sql`INSERT INTO audit_log (at, actor, action, tid, detail) VALUES (${ctx.now}, ${actor}, 'ship', ${m.tid},
    ${`${target.join(',')} ${m.noLogistics ? '无需物流' : `${m.carrier} ${m.trackingNo}`}`})`);
}

/**
 * A corrected tracking number (a work-order reply): replaces the number of the order's parcel that has not
 * been picked up yet. Refused when the number is used elsewhere or there is no such parcel.
 */
export function correctTracking(ctx: WriteContext, c: { tid: string; trackingNo: string; carrier?: string }, actor: string): void {
  const trackingNo = normalizeTrackingNo(c.trackingNo);
  const used = trackingUsedBy(ctx.db, trackingNo);
  if (used) throw new ApiError(409, 'tracking_used', `运单号已被使用 (订单 ${used})`, 'trackingNo');
  const parcel = ctx.db.get<{ id: number; carrier: string; uploaded_at: number }>(
    sql`SELECT id, carrier, uploaded_at FROM parcels WHERE tid = ${c.tid} AND picked_up_at IS NULL ORDER BY uploaded_at DESC LIMIT 1`,
  );
  if (!parcel) throw new ApiError(409, 'invalid_state', 'no shipped, unscanned parcel to correct the tracking number of', 'trackingNo');
  const carrier = c.carrier ?? parcel.carrier;
  ctx.db.run(sql`UPDATE parcels SET tracking_no = ${trackingNo}, carrier = ${carrier}, abnormal_at = NULL, abnormal_note = NULL
    WHERE id = ${parcel.id}`);
  ctx.db.run(sql`UPDATE order_lines SET tracking_no = ${trackingNo}, carrier = ${carrier}
    WHERE oid IN (SELECT oid FROM parcel_lines WHERE parcel_id = ${parcel.id})`);
  ctx.db.run(sql`UPDATE orders SET updated_at = ${ctx.now} WHERE tid = ${c.tid}`);
  ctx.db.run(sql`INSERT INTO audit_log (at, actor, action, tid, detail) VALUES (${ctx.now}, ${actor}, 'tracking_corrected', ${c.tid},
    ${`${carrier} ${trackingNo}`})`);
  ctx.facts.announce(ctx, { type: 'order.changed', tid: c.tid });
  changed(ctx, c.tid);
}

// ---------------------------------------------------------------------------------------------------------
// Writes other capabilities ask for (they never write order tables themselves)

/** Mirrors interception's locks into order_lines.locked, the one column every enforcement point reads. */
export function setLocked(ctx: WriteContext, oids: string[], locked: (oid: string) => boolean): void {
  for (const oid of oids) ctx.db.run(sql`UPDATE order_lines SET locked = ${locked(oid)} WHERE oid = ${oid}`);
}

/** The interception memo and flag (the outbox carries the same change to the platform). */
export function writeMemo(ctx: WriteContext, tid: string, memo: string, flag: number): void {
  ctx.db.run(sql`UPDATE orders SET seller_memo = ${memo}, seller_flag = ${flag}, updated_at = ${ctx.now} WHERE tid = ${tid}`);
  changed(ctx, tid);
}

/** 协商发货 agreed: the ship deadline becomes the agreed time, with no automatic compensation. */
export function setNegotiatedDeadline(ctx: WriteContext, tid: string, at: number): void {
  ctx.db.run(sql`UPDATE orders SET negotiated_deadline = ${at}, ship_deadline = ${at}, ship_deadline_source = 'negotiated',
    no_auto_compensation = 1, updated_at = ${ctx.now} WHERE tid = ${tid}`);
  changed(ctx, tid);
}

/** Re-derives ship deadlines that came from settings (platform deadlines stay), e.g. after the hours change. */
export function recomputeDerivedDeadlines(db: Db, hours: ShipDeadlineHours): number {
  let n = 0;
  for (const [type, h] of Object.entries(hours)) {
    n += db.run(sql`UPDATE orders SET ship_deadline = COALESCE(paid_at, created_at, version_at) + ${Math.round(h * 3_600_000)}
      WHERE ship_deadline_source = 'derived' AND order_type = ${type}
        AND ship_deadline IS NOT COALESCE(paid_at, created_at, version_at) + ${Math.round(h * 3_600_000)}`).changes;
  }
  return n;
}

export interface SkuRecord {
  sku: string;
  title: string;
  barcode: string | null;
  bin: string | null;
}

/** The SKU master fills in bins and barcodes of lines. */
export function upsertSku(ctx: WriteContext, k: SkuRecord): 'inserted' | 'updated' | 'unchanged' {
  const cur = ctx.db.get<{ title: string; barcode: string | null; bin: string | null }>(
    sql`SELECT title, barcode, bin FROM skus WHERE sku = ${k.sku}`,
  );
  if (cur && cur.title === k.title && cur.barcode === k.barcode && cur.bin === k.bin) return 'unchanged';
  ctx.db.run(sql`INSERT INTO skus (sku, title, barcode, bin, updated_at) VALUES (${k.sku}, ${k.title}, ${k.barcode}, ${k.bin}, ${ctx.now})
    ON CONFLICT (sku) DO UPDATE SET title = excluded.title, barcode = excluded.barcode, bin = excluded.bin,
      updated_at = excluded.updated_at`);
  for (const t of ctx.db.all<{ tid: string }>(sql`SELECT DISTINCT tid FROM order_lines WHERE sku = ${k.sku}`)) changed(ctx, t.tid);
  return cur ? 'updated' : 'inserted';
}
