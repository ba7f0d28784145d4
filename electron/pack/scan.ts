// The pack-station scan: a tid, a tracking number or an item barcode → the parcel to pack, or a block.
// Reads only; enforcement is `order_lines.locked` and the order's status (a closed order has nothing to pack),
// asked again by `pack.out` at the final step.
import type { ParcelLine, ScanBlock, ScanResult } from '../../shared/api/pack.js';
import { normalizeScan, orderCodeForms } from '../../shared/rules/scan.js';
import { sql, type Db } from '../db/sql.js';
import { getOrder, type ViewContext } from '../orders/index.js';
import { printedBatchOf, slotOf } from '../picklist/index.js';

export function blockFor(db: Db, tid: string): ScanBlock | null {
  const locked = db.all<{ oid: string; sku: string; title: string; qty: number; bin: string | null }>(
    sql`SELECT l.oid, l.sku, l.title, l.qty, COALESCE(l.bin, s.bin) AS bin FROM order_lines l LEFT JOIN skus s ON s.sku = l.sku
      WHERE l.tid = ${tid} AND l.locked = 1 ORDER BY l.line_no`,
  );
  if (!locked.length) return null;
  const reqs = db.all<{ request_id: string; reason: string; source: string }>(
    sql`SELECT DISTINCT i.request_id, i.reason, i.source FROM line_locks k JOIN interceptions i ON i.request_id = k.request_id
      WHERE k.oid IN (${sql.list(locked.map((l) => l.oid))}) ORDER BY i.received_at`,
  );
  const batchNo = locked.map((l) => printedBatchOf(db, l.oid)).find((b) => b != null) ?? null;
  const seq = batchNo
    ? (db.get<{ seq: number }>(sql`SELECT seq FROM batch_slots WHERE batch_no = ${batchNo} AND tid = ${tid}`)?.seq ?? null)
    : null;
  return {
    tid,
    requestIds: reqs.map((r) => r.request_id),
    reasons: reqs.map((r) => r.reason || r.source),
    lockedLines: locked,
    batchNo,
    seq,
  };
}

function resultFor(
  db: Db,
  code: string,
  match: ScanResult['match'],
  tid: string,
  tracking: string | null,
  ctx: ViewContext,
  candidates: ScanResult['candidates'] = [],
): ScanResult {
  const order = getOrder(db, tid, ctx);
  const outs = new Map(
    db
      .all<{ oid: string; at: number; station: string; clerk: string }>(
        sql`SELECT oid, at, station, clerk FROM pack_outs WHERE tid = ${tid}`,
      )
      .map((o) => [o.oid, o]),
  );
  const parcel: ParcelLine[] = [];
  const others: ScanResult['others'] = [];
  const closed = order?.status === 'closed';
  for (const l of order?.lines ?? []) {
    const why =
      l.state === 'refunded'
        ? ('refunded' as const)
        : closed
          ? ('closed' as const)
          : outs.has(l.oid)
            ? ('out' as const)
            : tracking && l.trackingNo && l.trackingNo !== tracking
              ? ('other_parcel' as const)
              : null;
    if (why) others.push({ oid: l.oid, sku: l.sku, title: l.title, qty: l.qty, why });
    else parcel.push({ oid: l.oid, sku: l.sku, title: l.title, qty: l.qty, bin: l.bin, barcode: l.barcode, locked: l.locked });
  }
  const last = [...outs.values()].sort((a, b) => b.at - a.at)[0];
  const slot = slotOf(db, tid);
  return {
    code,
    match,
    order,
    candidates,
    blocked: blockFor(db, tid),
    parcel,
    others,
    slot: slot ? { batchNo: slot.batchNo, seq: slot.seq } : null,
    alreadyOut: !parcel.length && last ? { at: last.at, station: last.station, clerk: last.clerk } : null,
  };
}

export function scan(db: Db, rawCode: string, ctx: ViewContext): ScanResult {
  const code = normalizeScan(rawCode);
  const none: ScanResult = {
    code,
    match: 'none',
    order: null,
    candidates: [],
    blocked: null,
    parcel: [],
    others: [],
    slot: null,
    alreadyOut: null,
  };
  if (!code) return none;
  const forms = orderCodeForms(code);
  const byTid = db.get<{ tid: string }>(sql`SELECT tid FROM orders WHERE tid IN (${sql.list(forms)}) LIMIT 1`);
  if (byTid) return resultFor(db, code, 'tid', byTid.tid, null, ctx);
  const byTracking = db.get<{ tid: string; tracking_no: string }>(
    sql`SELECT tid, tracking_no FROM order_lines WHERE tracking_no IN (${sql.list(forms)}) LIMIT 1`,
  );
  if (byTracking) return resultFor(db, code, 'tracking', byTracking.tid, byTracking.tracking_no, ctx);
  // An item barcode: the open orders that still need this item, earliest deadline first.
  const codes = [...new Set([code, code.toUpperCase()])];
  const candidates = db.all<{ tid: string; ship_deadline: number | null; locked: number }>(
    sql`SELECT o.tid, o.ship_deadline, MAX(l.locked) AS locked
      FROM order_lines l JOIN orders o ON o.tid = l.tid LEFT JOIN skus s ON s.sku = l.sku
      WHERE COALESCE(l.barcode, s.barcode) IN (${sql.list(codes)}) AND o.status = 'paid' AND l.shipped_at IS NULL AND l.refunded_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM pack_outs p WHERE p.oid = l.oid)
      GROUP BY o.tid ORDER BY o.ship_deadline, o.tid LIMIT 50`,
  );
  if (!candidates.length) return none;
  const found = candidates.map((c) => ({ tid: c.tid, shipDeadline: c.ship_deadline, locked: c.locked === 1 }));
  if (found.length === 1) return resultFor(db, code, 'barcode', found[0]!.tid, null, ctx, found);
  return { ...none, match: 'barcode', candidates: found };
}
