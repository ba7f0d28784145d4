// The pack-station scan: a tid, a tracking number or an item barcode → what to pack, or a block.
import type { ScanBlock, ScanResult } from '../../shared/api/contract.js';
import { sql, type Db } from '../db/sql.js';
import { getOrder, type ViewContext } from '../orders/index.js';
import { printedBatchOf } from '../picklist/index.js';

function blockFor(db: Db, tid: string): ScanBlock | null {
  const locked = db.all<{ oid: string; sku: string; title: string; qty: number; bin: string | null }>(
    sql`SELECT l.oid, l.sku, l.title, l.qty, COALESCE(l.bin, s.bin) AS bin FROM order_lines l LEFT JOIN skus s ON s.sku = l.sku
      WHERE l.tid = ${tid} AND l.locked = 1 ORDER BY l.line_no`,
  );
  if (!locked.length) return null;
  const reqs = db.all<{ request_id: string; reason: string; source: string }>(
    sql`SELECT DISTINCT i.request_id, i.reason, i.source FROM line_locks k JOIN interceptions i ON i.request_id = k.request_id
      WHERE k.oid IN (${sql.join(
        locked.map((l) => sql`${l.oid}`),
        ', ',
      )}) ORDER BY i.received_at`,
  );
  return {
    tid,
    requestIds: reqs.map((r) => r.request_id),
    reasons: reqs.map((r) => r.reason || r.source),
    lockedLines: locked,
    batchNo: locked.map((l) => printedBatchOf(db, l.oid)).find((b) => b != null) ?? null,
  };
}

export function scan(db: Db, code: string, ctx: ViewContext): ScanResult {
  const none: ScanResult = { code, match: 'none', order: null, candidates: [], blocked: null };
  const byTid = db.get<{ tid: string }>(sql`SELECT tid FROM orders WHERE tid = ${code}`);
  const byTracking = byTid ? null : db.get<{ tid: string }>(sql`SELECT tid FROM order_lines WHERE tracking_no = ${code} LIMIT 1`);
  const tid = byTid?.tid ?? byTracking?.tid;
  if (tid) {
    return { code, match: byTid ? 'tid' : 'tracking', order: getOrder(db, tid, ctx), candidates: [], blocked: blockFor(db, tid) };
  }
  // An item barcode: the open orders that still need this item, earliest deadline first.
  const candidates = db.all<{ tid: string; ship_deadline: number | null; locked: number }>(
    sql`SELECT o.tid, o.ship_deadline, MAX(l.locked) AS locked
      FROM order_lines l JOIN orders o ON o.tid = l.tid LEFT JOIN skus s ON s.sku = l.sku
      WHERE COALESCE(l.barcode, s.barcode) = ${code} AND o.status = 'paid' AND l.shipped_at IS NULL AND l.refunded_at IS NULL
      GROUP BY o.tid ORDER BY o.ship_deadline, o.tid LIMIT 50`,
  );
  if (!candidates.length) return none;
  const list = candidates.map((c) => ({ tid: c.tid, shipDeadline: c.ship_deadline, locked: c.locked === 1 }));
  if (list.length === 1) {
    const only = list[0]!;
    return { code, match: 'barcode', order: getOrder(db, only.tid, ctx), candidates: list, blocked: blockFor(db, only.tid) };
  }
  return { code, match: 'barcode', order: null, candidates: list, blocked: null };
}
