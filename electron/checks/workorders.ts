// Urge work orders (催发货 / 催揽收 工单) and negotiated shipping (协商发货): events in, UI actions, closing rules.
import { NEGOTIATION_REFUSALS, negotiationAllowed } from '../../shared/rules/checks.js';
import { HOUR } from '../../shared/rules/time.js';
import type { WriteContext } from '../app/context.js';
import { ApiError } from '../app/errors.js';
import type { NegotiationView, WorkorderView } from '../../shared/api/contract.js';
import { sql, type Db } from '../db/sql.js';

export type WorkorderAction = 'picked_up' | 'refunded' | 'replied' | 'complaint_filed';

/** workorder.created. An urge-pickup work order on an order that already had an urge-ship one does not apply. */
export function workorderCreated(
  ctx: WriteContext,
  w: { workOrderId: string; tid: string; kind: 'urge_ship' | 'urge_pickup'; createdAt: number; dueAt: number | null },
): boolean {
  if (ctx.db.get(sql`SELECT 1 FROM workorders WHERE work_order_id = ${w.workOrderId}`)) return false;
  const due = w.dueAt ?? w.createdAt + ctx.settings.checks.workorderHours * HOUR;
  const hadUrgeShip =
    w.kind === 'urge_pickup' && ctx.db.get(sql`SELECT 1 FROM workorders WHERE tid = ${w.tid} AND kind = 'urge_ship'`) != null;
  const status = hadUrgeShip ? 'not_applicable' : 'open';
  const note = hadUrgeShip ? '已有催发货工单:不产生催揽收工单,改为发货后 24 小时内须揽收' : '';
  ctx.db.run(sql`INSERT INTO workorders (work_order_id, tid, kind, created_at, due_at, status, note, updated_at)
    VALUES (${w.workOrderId}, ${w.tid}, ${w.kind}, ${w.createdAt}, ${due}, ${status}, ${note}, ${ctx.now})`);
  ctx.touched.add(w.tid);
  return true;
}

export function closeWorkorder(
  ctx: WriteContext,
  workOrderId: string,
  action: WorkorderAction,
  at: number,
  note = '',
): 'closed' | 'unknown' | 'already' {
  const w = ctx.db.get<{ tid: string; status: string }>(sql`SELECT tid, status FROM workorders WHERE work_order_id = ${workOrderId}`);
  if (!w) return 'unknown';
  if (w.status !== 'open') return 'already';
  ctx.db.run(sql`UPDATE workorders SET status = 'closed', closed_at = ${at}, close_action = ${action},
    note = CASE WHEN ${note} = '' THEN note ELSE ${note} END, updated_at = ${ctx.now} WHERE work_order_id = ${workOrderId}`);
  ctx.touched.add(w.tid);
  return 'closed';
}

/** A pickup scan or a refund on the order handles its open work orders. */
export function closeWorkordersOfOrder(ctx: WriteContext, tid: string, action: 'picked_up' | 'refunded', at: number): void {
  const open = ctx.db.all<{ work_order_id: string }>(sql`SELECT work_order_id FROM workorders WHERE tid = ${tid} AND status = 'open'`);
  for (const w of open) closeWorkorder(ctx, w.work_order_id, action, at);
}

/** A reply entered in the UI closes the work order; a corrected tracking number replaces the old one. */
export function replyWorkorder(
  ctx: WriteContext,
  r: { workOrderId: string; text: string; trackingNo?: string; carrier?: string },
  actor: string,
): void {
  const w = ctx.db.get<{ tid: string; status: string }>(sql`SELECT tid, status FROM workorders WHERE work_order_id = ${r.workOrderId}`);
  if (!w) throw new ApiError(404, 'not_found', `work order ${r.workOrderId} not found`, 'workOrderId');
  if (w.status !== 'open') throw new ApiError(409, 'invalid_state', `work order ${r.workOrderId} is ${w.status}`, 'workOrderId');
  if (r.trackingNo) {
    const used = ctx.db.get<{ tid: string }>(sql`SELECT tid FROM order_lines WHERE tracking_no = ${r.trackingNo} LIMIT 1`);
    if (used) throw new ApiError(409, 'tracking_used', `运单号已被使用 (订单 ${used.tid})`, 'trackingNo');
    const changed = ctx.db.run(sql`UPDATE order_lines SET tracking_no = ${r.trackingNo}, carrier = COALESCE(${r.carrier ?? null}, carrier)
      WHERE tid = ${w.tid} AND shipped_at IS NOT NULL AND picked_up_at IS NULL AND refunded_at IS NULL`).changes;
    if (!changed) throw new ApiError(409, 'invalid_state', 'no shipped, unscanned line to correct the tracking number of', 'trackingNo');
  }
  closeWorkorder(ctx, r.workOrderId, 'replied', ctx.now, `${actor}: ${r.text}${r.trackingNo ? `(更正运单号 ${r.trackingNo})` : ''}`);
  ctx.db.run(
    sql`INSERT INTO audit_log (at, actor, action, tid, detail) VALUES (${ctx.now}, ${actor}, 'workorder_reply', ${w.tid}, ${r.text})`,
  );
}

export function listWorkorders(db: Db, f: { tid?: string; open?: boolean; id?: string }): WorkorderView[] {
  const conds = [sql`1 = 1`];
  if (f.tid) conds.push(sql`tid = ${f.tid}`);
  if (f.open) conds.push(sql`status = 'open'`);
  if (f.id) conds.push(sql`work_order_id = ${f.id}`);
  return db
    .all<{
      work_order_id: string;
      tid: string;
      kind: 'urge_ship' | 'urge_pickup';
      created_at: number;
      due_at: number;
      status: 'open' | 'closed' | 'not_applicable';
      closed_at: number | null;
      close_action: string | null;
      note: string;
    }>(sql`SELECT * FROM workorders WHERE ${sql.join(conds, ' AND ')} ORDER BY due_at LIMIT 1000`)
    .map((w) => ({
      workOrderId: w.work_order_id,
      tid: w.tid,
      kind: w.kind,
      createdAt: w.created_at,
      dueAt: w.due_at,
      status: w.status,
      closedAt: w.closed_at,
      closeAction: w.close_action,
      note: w.note,
    }));
}

export function listNegotiations(ctx: Pick<WriteContext, 'db'>, tid: string): NegotiationView[] {
  return ctx.db
    .all<{
      negotiation_id: string;
      tid: string;
      proposed_deadline: number;
      sent_at: number;
      valid_until: number;
      status: NegotiationView['status'];
      answered_at: number | null;
      by: string;
    }>(sql`SELECT * FROM negotiations WHERE tid = ${tid} ORDER BY sent_at`)
    .map((n) => ({
      negotiationId: n.negotiation_id,
      tid: n.tid,
      proposedDeadline: n.proposed_deadline,
      sentAt: n.sent_at,
      validUntil: n.valid_until,
      status: n.status,
      answeredAt: n.answered_at,
      by: n.by,
    }));
}

/** Sends a 协商发货 card (records the proposal), or refuses naming the failed condition. */
export function propose(ctx: WriteContext, p: { tid: string; proposedDeadline: number }, actor: string, id: string): NegotiationView {
  const o = ctx.db.get<{ status: string; order_type: string; ship_deadline: number | null }>(
    sql`SELECT status, order_type, ship_deadline FROM orders WHERE tid = ${p.tid}`,
  );
  if (!o) throw new ApiError(404, 'not_found', `order ${p.tid} not found`, 'tid');
  const anyLineShipped = ctx.db.get(sql`SELECT 1 FROM order_lines WHERE tid = ${p.tid} AND shipped_at IS NOT NULL`) != null;
  const previous = listNegotiations(ctx, p.tid);
  const cfg = { ...ctx.settings.checks, dueSoonHours: ctx.settings.dueSoonHours };
  const verdict = negotiationAllowed(
    { status: o.status as never, orderType: o.order_type as never, shipDeadline: o.ship_deadline, anyLineShipped },
    previous,
    p.proposedDeadline,
    ctx.now,
    cfg,
  );
  if (!verdict.ok) {
    const message =
      verdict.reason === 'limit_reached' ? `同一订单最多发送 ${cfg.maxNegotiations} 次协商发货卡片` : NEGOTIATION_REFUSALS[verdict.reason];
    throw new ApiError(409, `negotiation_${verdict.reason}`, message, verdict.reason === 'time_not_later' ? 'proposedDeadline' : 'tid');
  }
  ctx.db.run(sql`INSERT INTO negotiations (negotiation_id, tid, proposed_deadline, sent_at, valid_until, status, by)
    VALUES (${id}, ${p.tid}, ${p.proposedDeadline}, ${ctx.now}, ${verdict.validUntil}, 'open', ${actor})`);
  ctx.touched.add(p.tid);
  return listNegotiations(ctx, p.tid).find((n) => n.negotiationId === id)!;
}

/** negotiation.answered: agreed moves the ship deadline and stops automatic compensation; declined keeps it. */
export function negotiationAnswered(
  ctx: WriteContext,
  a: { negotiationId: string; tid: string; answer: 'agreed' | 'declined'; answeredAt: number },
): 'applied' | 'unknown' | 'not_open' {
  const n = ctx.db.get<{ tid: string; status: string; proposed_deadline: number; valid_until: number }>(
    sql`SELECT tid, status, proposed_deadline, valid_until FROM negotiations WHERE negotiation_id = ${a.negotiationId}`,
  );
  if (!n) return 'unknown';
  if (n.status !== 'open' && !(n.status === 'expired' && a.answeredAt <= n.valid_until)) return 'not_open';
  if (a.answeredAt > n.valid_until) {
    ctx.db.run(sql`UPDATE negotiations SET status = 'expired' WHERE negotiation_id = ${a.negotiationId}`);
    return 'not_open';
  }
  ctx.db.run(sql`UPDATE negotiations SET status = ${a.answer}, answered_at = ${a.answeredAt} WHERE negotiation_id = ${a.negotiationId}`);
  if (a.answer === 'agreed') {
    ctx.db.run(sql`UPDATE orders SET negotiated_deadline = ${n.proposed_deadline}, ship_deadline = ${n.proposed_deadline},
      ship_deadline_source = 'negotiated', no_auto_compensation = 1, updated_at = ${ctx.now} WHERE tid = ${n.tid}`);
  }
  ctx.touched.add(n.tid);
  return 'applied';
}
