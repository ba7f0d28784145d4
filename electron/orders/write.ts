// Writing orders: one normalised record from any source (platform event, Taobao export),
// masked contact columns computed here, real contact data kept apart in buyer_private.
import crypto from 'node:crypto';
import type { Amounts, OrderStatus, OrderType, Platform, SellerFlag } from '../../shared/domain.js';
import { paidAmount } from '../../shared/rules/amounts.js';
import { deriveShipDeadline, type ShipDeadlineHours } from '../../shared/rules/deadlines.js';
import { maskAddress, maskName, maskPhone, type Address } from '../../shared/rules/masking.js';
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
  buyer: {
    name: string;
    phone: string | null;
    secretNo: string | null;
    extension: string | null;
    secretExpiresAt: number | null;
    address: Address;
  };
  /** null: this source has no lines (an order export without its item export); keep what is stored. */
  lines: OrderLineRecord[] | null;
  source: 'event' | 'csv';
  /** When this view of the order was true (event occurredAt; for exports, the latest time in the row). */
  versionAt: number;
}

export type WriteOutcome = 'inserted' | 'updated' | 'unchanged' | 'stale';

interface ExistingRow {
  version_at: number;
  status_at: number;
  content_hash: string;
  source: string;
}

function contentHash(r: OrderRecord): string {
  const { versionAt: _v, ...rest } = r;
  return crypto.createHash('sha1').update(JSON.stringify(rest)).digest('hex');
}

/**
 * Writes one order. A record older than the stored view is `stale` and changes nothing; an identical
 * one is `unchanged`. An export never overwrites an order the platform's events already describe.
 * Must run inside a transaction (callers batch many records into one).
 */
export function writeOrder(db: Db, r: OrderRecord, hours: ShipDeadlineHours, now: number): WriteOutcome {
  const existing = db.get<ExistingRow>(sql`SELECT version_at, status_at, content_hash, source FROM orders WHERE tid = ${r.tid}`);
  const hash = contentHash(r);
  if (existing) {
    if (r.source === 'csv' && existing.source === 'event') return 'unchanged';
    if (r.versionAt < existing.version_at) return 'stale';
    if (existing.content_hash === hash) return 'unchanged';
  }
  const base = r.paidAt ?? r.createdAt ?? r.versionAt;
  const deadline = deriveShipDeadline({ orderType: r.orderType, paidAt: base, platformDeadline: r.platformShipDeadline }, hours);
  const paid = paidAmount(r.amounts);
  const c = r.buyer;
  const masked = {
    name: maskName(c.name),
    // With number protection on (a secret number), the receiver's own phone is hidden entirely.
    phone: c.secretNo ? null : maskPhone(c.phone),
    secretNo: maskPhone(c.secretNo),
    address: maskAddress(c.address),
  };
  const a = r.amounts;
  if (!existing) {
    db.run(sql`INSERT INTO orders (
        tid, platform, shop, order_type, status, buyer_nick, created_at, paid_at, ship_deadline, ship_deadline_source,
        platform_ship_deadline, collect_deadline, amount_items, amount_postage, amount_coupon, amount_red_packet,
        amount_taobao_coin, amount_deposit, amount_balance, paid_amount, seller_memo, seller_flag, contact_name,
        contact_phone, contact_secret_no, contact_extension, secret_expires_at, contact_address, version_at, status_at,
        source, content_hash, updated_at, window_at)
      VALUES (${r.tid}, ${r.platform}, ${r.shop}, ${r.orderType}, ${r.status}, ${r.buyerNick}, ${r.createdAt}, ${r.paidAt},
        ${deadline.at}, ${deadline.source}, ${r.platformShipDeadline}, ${r.collectDeadline}, ${a.items}, ${a.postage},
        ${a.coupon}, ${a.redPacket}, ${a.taobaoCoin}, ${a.deposit}, ${a.balance}, ${paid}, ${r.sellerMemo}, ${r.sellerFlag},
        ${masked.name}, ${masked.phone}, ${masked.secretNo}, ${c.extension}, ${c.secretExpiresAt}, ${masked.address},
        ${r.versionAt}, ${r.versionAt}, ${r.source}, ${hash}, ${now}, ${base})`);
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
        amount_balance = ${a.balance}, paid_amount = ${paid}, seller_memo = ${r.sellerMemo}, seller_flag = ${r.sellerFlag},
        contact_name = ${masked.name}, contact_phone = ${masked.phone}, contact_secret_no = ${masked.secretNo},
        contact_extension = ${c.extension}, secret_expires_at = ${c.secretExpiresAt}, contact_address = ${masked.address},
        version_at = ${r.versionAt}, source = ${r.source}, content_hash = ${hash}, updated_at = ${now}, window_at = ${base}
      WHERE tid = ${r.tid}`);
  }
  db.run(sql`INSERT INTO buyer_private (tid, name, phone, secret_no, address)
      VALUES (${r.tid}, ${c.name}, ${c.phone}, ${c.secretNo}, ${JSON.stringify(c.address)})
      ON CONFLICT (tid) DO UPDATE SET name = excluded.name, phone = excluded.phone, secret_no = excluded.secret_no,
        address = excluded.address`);
  if (r.lines) replaceLines(db, r.tid, r.lines, r.source);
  return existing ? 'updated' : 'inserted';
}

/**
 * Makes the order's lines match the record. Facts the warehouse owns (lock, shipment, pickup, refund)
 * survive; a line that is locked or already shipped is never deleted, even if the new view omits it.
 */
export function replaceLines(db: Db, tid: string, lines: OrderLineRecord[], source: 'event' | 'csv'): void {
  const keep = new Set(lines.map((l) => l.oid));
  const current = db.all<{ oid: string; locked: number; shipped_at: number | null }>(
    sql`SELECT oid, locked, shipped_at FROM order_lines WHERE tid = ${tid}`,
  );
  for (const row of current) {
    if (!keep.has(row.oid) && !row.locked && row.shipped_at == null) db.run(sql`DELETE FROM order_lines WHERE oid = ${row.oid}`);
  }
  lines.forEach((l, i) => {
    db.run(sql`INSERT INTO order_lines (oid, tid, line_no, sku, title, qty, price, bin, barcode, source)
      VALUES (${l.oid}, ${tid}, ${i + 1}, ${l.sku}, ${l.title}, ${l.qty}, ${l.price}, ${l.bin}, ${l.barcode}, ${source})
      ON CONFLICT (oid) DO UPDATE SET tid = excluded.tid, line_no = excluded.line_no, sku = excluded.sku,
        title = excluded.title, qty = excluded.qty, price = excluded.price, bin = excluded.bin,
        barcode = excluded.barcode, source = excluded.source`);
  });
}

/** Re-derives ship deadlines that came from settings (platform deadlines stay), e.g. after the hours change. */
export function recomputeDerivedDeadlines(db: Db, hours: ShipDeadlineHours): number {
  let changed = 0;
  for (const [type, h] of Object.entries(hours)) {
    changed += db.run(sql`UPDATE orders SET ship_deadline = COALESCE(paid_at, created_at, version_at) + ${Math.round(h * 3_600_000)}
      WHERE ship_deadline_source = 'derived' AND order_type = ${type}
        AND ship_deadline IS NOT COALESCE(paid_at, created_at, version_at) + ${Math.round(h * 3_600_000)}`).changes;
  }
  return changed;
}
