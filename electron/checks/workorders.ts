// Urge work orders (催发货 / 催揽收 工单) and negotiated shipping (协商发货): events in, UI actions, closing rules.
// Work orders react to order facts (subscribe.ts): a pickup, a refund or the platform's close completes them.
import type { NegotiationView, WorkorderView } from '../../shared/api/contract.js';
import type { Platform } from '../../shared/domain.js';
import { NEGOTIATION_REFUSALS, negotiationAllowed, urgeShipDue } from '../../shared/rules/checks.js';
import { HOUR } from '../../shared/rules/time.js';
import type { WriteContext } from '../app/context.js';
import { ApiError } from '../app/errors.js';
import { sql, type Db } from '../db/sql.js';
import { correctTracking, setNegotiatedDeadline } from '../orders/index.js';

export type WorkorderAction = 'picked_up' | 'refunded' | 'replied' | 'complaint_filed' | 'closed';

const URGE_SHIP_OPEN = `SELECT w.work_order_id, w.tid, w.due_at, w.platform_due_at, w.created_at, o.ship_deadline,
    (SELECT MIN(p.uploaded_at) FROM parcels p WHERE p.tid = w.tid) AS uploaded_at
  FROM workorders w LEFT JOIN orders o ON o.tid = w.tid
  WHERE w.kind = 'urge_ship' AND w.status = 'open'`;
const URGE_SHIP_OPEN_OF_ORDER = `${URGE_SHIP_OPEN} AND w.tid = ?`;

/**
 * Write contexts (one transaction each) known to have no open urge-ship work order: an order.changed then has
 * nothing to refresh, without a lookup per order. Work orders are created only in workorderCreated, which
 * forgets this for its context; none is ever reopened.
 */
const noOpenUrgeShip = new WeakSet<WriteContext>();

/**
 * An urge-ship work order's complaint clock (rules.md §4): 24 h after shipping; before shipping the order's
 * ship deadline; a platform-given dueAt wins. Recomputed when a parcel is uploaded or the deadline moves.
 */
export function refreshUrgeShipDue(ctx: WriteContext, tid?: string): void {
  if (tid !== undefined && noOpenUrgeShip.has(ctx)) return;
  if (tid !== undefined && !ctx.db.prepare("SELECT 1 FROM workorders WHERE status = 'open' AND kind = 'urge_ship' LIMIT 1").get()) {
    noOpenUrgeShip.add(ctx);
    return;
  }
  // Runs on every order.changed: constant text, so the statement comes straight from the cache.
  const rows = (tid ? ctx.db.prepare(URGE_SHIP_OPEN_OF_ORDER).all(tid) : ctx.db.prepare(URGE_SHIP_OPEN).all()) as Array<{
    work_order_id: string;
    tid: string;
    due_at: number;
    platform_due_at: number | null;
    created_at: number;
    ship_deadline: number | null;
    uploaded_at: number | null;
  }>;
  for (const w of rows) {
    const due = urgeShipDue(
      { platformDueAt: w.platform_due_at, uploadedAt: w.uploaded_at, shipDeadline: w.ship_deadline, createdAt: w.created_at },
      ctx.settings.checks,
    );
    if (due !== w.due_at) {
      ctx.db.run(sql`UPDATE workorders SET due_at = ${due}, updated_at = ${ctx.now} WHERE work_order_id = ${w.work_order_id}`);
      ctx.touched.add(w.tid);
    }
  }
}

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
  noOpenUrgeShip.delete(ctx);
  const note = hadUrgeShip ? '已有催发货工单:不产生催揽收工单,改为发货后 24 小时内须揽收' : '';
  ctx.db.run(sql`INSERT INTO workorders (work_order_id, tid, kind, created_at, due_at, platform_due_at, status, note, updated_at)
    VALUES (${w.workOrderId}, ${w.tid}, ${w.kind}, ${w.createdAt}, ${due}, ${w.dueAt}, ${status}, ${note}, ${ctx.now})`);
  if (w.kind === 'urge_ship') refreshUrgeShipDue(ctx, w.tid);
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

/** A pickup, a refund or the platform's close of the order handles its open work orders (both kinds). */
export function closeWorkordersOfOrder(ctx: WriteContext, tid: string, action: 'picked_up' | 'refunded' | 'closed', at: number): void {
  const open = ctx.db.all<{ work_order_id: string }>(sql`SELECT work_order_id FROM workorders WHERE tid = ${tid} AND status = 'open'`);
  for (const w of open) closeWorkorder(ctx, w.work_order_id, action, at);
}

/**
 * A reply entered in the UI. rules.md §4: an urge-pickup work order is handled by a reply (e.g. with a
 * corrected tracking number); an urge-ship work order "is completed by pickup, by a refund, or by the
 * platform's own close, never by a reply alone" — the reply is recorded and the work order stays open.
 * A corrected tracking number goes to the orders writer (the parcel keeps its upload time).
 */
export function replyWorkorder(
  ctx: WriteContext,
  r: { workOrderId: string; text: string; trackingNo?: string; carrier?: string },
  actor: string,
): void {
  const w = ctx.db.get<{ tid: string; status: string; kind: 'urge_ship' | 'urge_pickup' }>(
    sql`SELECT tid, status, kind FROM workorders WHERE work_order_id = ${r.workOrderId}`,
  );
  if (!w) throw new ApiError(404, 'not_found', `work order ${r.workOrderId} not found`, 'workOrderId');
  if (w.status !== 'open') throw new ApiError(409, 'invalid_state', `work order ${r.workOrderId} is ${w.status}`, 'workOrderId');
  if (r.trackingNo) correctTracking(ctx, { tid: w.tid, trackingNo: r.trackingNo, ...(r.carrier ? { carrier: r.carrier } : {}) }, actor);
  ctx.db.run(sql`INSERT INTO workorder_replies (work_order_id, at, actor, text, tracking_no)
    VALUES (${r.workOrderId}, ${ctx.now}, ${actor}, ${r.text}, ${r.trackingNo ?? null})`);
  const text = `${actor}: ${r.text}${r.trackingNo ? `(更正运单号 ${r.trackingNo})` : ''}`;
  if (w.kind === 'urge_pickup') closeWorkorder(ctx, r.workOrderId, 'replied', ctx.now, text);
  else {
    ctx.db.run(
      sql`UPDATE workorders SET note = ${`已回复,待揽收完结:${text}`}, updated_at = ${ctx.now} WHERE work_order_id = ${r.workOrderId}`,
    );
    ctx.touched.add(w.tid);
  }
  ctx.db.run(
    sql`INSERT INTO audit_log (at, actor, action, tid, detail) VALUES (${ctx.now}, ${actor}, 'workorder_reply', ${w.tid}, ${r.text})`,
  );
}

type WorkorderRow = {
  work_order_id: string;
  tid: string;
  kind: 'urge_ship' | 'urge_pickup';
  created_at: number;
  due_at: number;
  status: 'open' | 'closed' | 'not_applicable';
  closed_at: number | null;
  close_action: string | null;
  note: string;
};

export function listWorkorders(db: Db, f: { tid?: string; open?: boolean; id?: string }): WorkorderView[] {
  const conds = [sql`1 = 1`];
  if (f.tid) conds.push(sql`tid = ${f.tid}`);
  if (f.open) conds.push(sql`status = 'open'`);
  if (f.id) conds.push(sql`work_order_id = ${f.id}`);
  const rows = db.all<WorkorderRow>(sql`SELECT * FROM workorders WHERE ${sql.join(conds, ' AND ')} ORDER BY due_at LIMIT 1000`);
  const replies = rows.length
    ? db.all<{ work_order_id: string; at: number; actor: string; text: string }>(
        sql`SELECT work_order_id, at, actor, text FROM workorder_replies WHERE work_order_id IN (${sql.join(
          rows.map((r) => sql`${r.work_order_id}`),
          ', ',
        )}) ORDER BY id`,
      )
    : [];
  return rows.map((w) => ({
    workOrderId: w.work_order_id,
    tid: w.tid,
    kind: w.kind,
    createdAt: w.created_at,
    dueAt: w.due_at,
    status: w.status,
    closedAt: w.closed_at,
    closeAction: w.close_action,
    note: w.note,
    replies: replies.filter((r) => r.work_order_id === w.work_order_id).map(({ at, actor, text }) => ({ at, actor, text })),
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
  const o = ctx.db.get<{ platform: Platform; status: string; order_type: string; ship_deadline: number | null }>(
    sql`SELECT platform, status, order_type, ship_deadline FROM orders WHERE tid = ${p.tid}`,
  );
  if (!o) throw new ApiError(404, 'not_found', `order ${p.tid} not found`, 'tid');
  const anyLineShipped = ctx.db.get(sql`SELECT 1 FROM order_lines WHERE tid = ${p.tid} AND shipped_at IS NOT NULL`) != null;
  const previous = listNegotiations(ctx, p.tid);
  const cfg = ctx.settings.checks;
  const verdict = negotiationAllowed(
    { platform: o.platform, status: o.status as never, orderType: o.order_type as never, shipDeadline: o.ship_deadline, anyLineShipped },
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

/**
 * negotiation.answered: agreed moves the ship deadline and stops automatic compensation; declined keeps it.
 * rules.md §2: "once one card is agreed every other open card of that order is void (a second agreement is
 * refused)."
 */
export function negotiationAnswered(
  ctx: WriteContext,
  a: { negotiationId: string; tid: string; answer: 'agreed' | 'declined'; answeredAt: number },
): 'applied' | 'unknown' | 'not_open' | 'already_agreed' {
  const n = ctx.db.get<{ tid: string; status: string; proposed_deadline: number; valid_until: number }>(
    sql`SELECT tid, status, proposed_deadline, valid_until FROM negotiations WHERE negotiation_id = ${a.negotiationId}`,
  );
  if (!n) return 'unknown';
  if (n.status === 'void') return 'already_agreed';
  if (n.status !== 'open' && !(n.status === 'expired' && a.answeredAt <= n.valid_until)) return 'not_open';
  if (a.answeredAt > n.valid_until) {
    ctx.db.run(sql`UPDATE negotiations SET status = 'expired' WHERE negotiation_id = ${a.negotiationId}`);
    return 'not_open';
  }
  if (a.answer === 'agreed' && ctx.db.get(sql`SELECT 1 FROM negotiations WHERE tid = ${n.tid} AND status = 'agreed'`)) {
    ctx.db.run(sql`UPDATE negotiations SET status = 'void' WHERE negotiation_id = ${a.negotiationId}`);
    return 'already_agreed';
  }
  ctx.db.run(sql`UPDATE negotiations SET status = ${a.answer}, answered_at = ${a.answeredAt} WHERE negotiation_id = ${a.negotiationId}`);
  if (a.answer === 'agreed') {
    ctx.db.run(sql`UPDATE negotiations SET status = 'void' WHERE tid = ${n.tid} AND status IN ('open', 'expired')
      AND negotiation_id <> ${a.negotiationId}`);
    setNegotiatedDeadline(ctx, n.tid, n.proposed_deadline);
    refreshUrgeShipDue(ctx, n.tid);
  }
  ctx.touched.add(n.tid);
  return 'applied';
}
