// Marking lines shipped from the UI or API (a local shipment record). Refused for locked lines,
// a tracking number already used, 无需物流 on a partly shipped order, or a shop under restriction.
import type { WriteContext } from '../app/context.js';
import { ApiError } from '../app/errors.js';
import { sql } from '../db/sql.js';
import { settleLineStatus } from '../intake/events.js';
import { lockedAmong } from '../interception/service.js';

export interface MarkShipped {
  tid: string;
  oids?: string[];
  carrier: string;
  trackingNo: string;
  noLogistics: boolean;
}

export function markShipped(ctx: WriteContext, m: MarkShipped, actor: string): void {
  if (ctx.settings.shippingRestricted) throw new ApiError(409, 'shipping_restricted', '店铺处于发货限制中,不能发货', 'tid');
  const order = ctx.db.get<{ status: string }>(sql`SELECT status FROM orders WHERE tid = ${m.tid}`);
  if (!order) throw new ApiError(404, 'not_found', `order ${m.tid} not found`, 'tid');
  if (order.status !== 'paid') throw new ApiError(409, 'invalid_state', `order ${m.tid} is ${order.status}, not awaiting shipment`, 'tid');
  const lines = ctx.db.all<{ oid: string; shipped_at: number | null; refunded_at: number | null }>(
    sql`SELECT oid, shipped_at, refunded_at FROM order_lines WHERE tid = ${m.tid} ORDER BY line_no`,
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
  const locked = lockedAmong(ctx, target);
  if (locked.length) throw new ApiError(409, 'locked', `已拦截 · 不要发货: ${locked.join(', ')} 已被锁单,不能发货`, 'oids');
  if (m.noLogistics) {
    const partly = live.some((l) => l.shipped_at != null) || target.length < live.length;
    if (partly) throw new ApiError(409, 'partly_shipped', '部分发货(拆单)的订单不能选择无需物流', 'noLogistics');
  } else {
    const used = ctx.db.get<{ tid: string }>(sql`SELECT tid FROM order_lines WHERE tracking_no = ${m.trackingNo} LIMIT 1`);
    if (used)
      throw new ApiError(409, 'tracking_used', `运单号已被使用 (${used.tid === m.tid ? '本订单' : `订单 ${used.tid}`})`, 'trackingNo');
  }
  for (const oid of target) {
    ctx.db.run(sql`UPDATE order_lines SET shipped_at = ${ctx.now}, carrier = ${m.noLogistics ? '无需物流' : m.carrier},
      tracking_no = ${m.noLogistics ? null : m.trackingNo} WHERE oid = ${oid}`);
  }
  settleLineStatus(ctx, m.tid, ctx.now);
  ctx.db.run(sql`INSERT INTO audit_log (at, actor, action, tid, detail) VALUES (${ctx.now}, ${actor}, 'ship', ${m.tid},
    ${`${target.join(',')} ${m.noLogistics ? '无需物流' : `${m.carrier} ${m.trackingNo}`}`})`);
  ctx.touched.add(m.tid);
}
