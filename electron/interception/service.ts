// Interception requests (锁单): receive, decide, lock, release, refund — each step inside the caller's
// transaction, each state change recorded with who, when and why, each outcome emitted to the outbox once.
// Interception owns its tables (interceptions, history, line_locks, withdrawals). It never writes order
// tables: it asks electron/orders/ (the lock mirror, the memo, a refund) and reacts to the facts orders
// announces (subscribe.ts). It announces its own facts (lines.locked / lines.unlocked) for pick lists.
import type { Platform } from '../../shared/domain.js';
import {
  appendMemo,
  decide,
  nextStatus,
  reasonRequired,
  sourceAllowed,
  type InterceptionAction,
  type InterceptionSource,
  type InterceptionStatus,
} from '../../shared/rules/interception.js';
import { interceptionReady } from '../../shared/settings.js';
import { raiseAlert, resolveAlert } from '../alerts/index.js';
import type { WriteContext } from '../app/context.js';
import { ApiError, RuleRejection } from '../app/errors.js';
import { sql } from '../db/sql.js';
import { recordRefund, setLocked, writeMemo } from '../orders/index.js';
import { emit } from '../outbox/index.js';

export interface InterceptionRequest {
  requestId: string;
  tid: string;
  oids: string[] | null;
  source: InterceptionSource;
  reason: string;
  platform: Platform;
  requestedAt: number;
  /** 'app': a clerk's own request in ShipLock (needs a reason); 'event': platform, card or customer service. */
  origin: 'app' | 'event';
}

interface Row {
  request_id: string;
  tid: string;
  oids: string | null;
  source: InterceptionSource;
  reason: string;
  platform: Platform;
  status: InterceptionStatus;
  result: 'SUCCESS' | 'FAIL' | null;
  message: string | null;
  requested_at: number;
  received_at: number;
  decided_at: number | null;
  decisions: number;
  updated_at: number;
}

function load(ctx: WriteContext, requestId: string): Row | undefined {
  return ctx.db.get<Row>(sql`SELECT * FROM interceptions WHERE request_id = ${requestId}`);
}

function history(
  ctx: WriteContext,
  requestId: string,
  from: InterceptionStatus | null,
  to: InterceptionStatus,
  actor: string,
  note: string,
): void {
  ctx.db.run(sql`INSERT INTO interception_history (request_id, at, from_status, to_status, actor, note)
    VALUES (${requestId}, ${ctx.now}, ${from}, ${to}, ${actor}, ${note})`);
}

/** Moves a request along the state machine, or throws 409 naming the refused transition. */
function transition(ctx: WriteContext, row: Row, action: InterceptionAction, actor: string, note: string): InterceptionStatus {
  const to = nextStatus(row.status, action);
  if (!to) throw new ApiError(409, 'invalid_state', `request ${row.request_id} is ${row.status}; it cannot be ${action}d`, 'requestId');
  ctx.db.run(sql`UPDATE interceptions SET status = ${to}, updated_at = ${ctx.now} WHERE request_id = ${row.request_id}`);
  history(ctx, row.request_id, row.status, to, actor, note);
  row.status = to;
  ctx.touched.add(row.tid);
  return to;
}

/** Mirrors line_locks into order_lines.locked (through the orders writer) for the given lines. */
function syncLocks(ctx: WriteContext, oids: string[]): void {
  if (!oids.length) return;
  const held = new Set(
    ctx.db.all<{ oid: string }>(sql`SELECT DISTINCT oid FROM line_locks WHERE oid IN (${sql.list(oids)})`).map((r) => r.oid),
  );
  setLocked(ctx, oids, (oid) => held.has(oid));
}

/** `requestId` holds locks on `oids` (of order `tid`): line_locks, order_lines.locked, and the lines.locked fact. */
function holdLocks(ctx: WriteContext, requestId: string, tid: string, oids: string[]): void {
  if (!oids.length) return;
  noWholeOrderLocks.delete(ctx);
  for (const oid of oids) {
    ctx.db.run(sql`INSERT OR IGNORE INTO line_locks (oid, request_id, at) VALUES (${oid}, ${requestId}, ${ctx.now})`);
  }
  syncLocks(ctx, oids);
  ctx.facts.announce(ctx, { type: 'lines.locked', tid, oids, requestId });
}

function locksOf(ctx: WriteContext, requestId: string): string[] {
  return ctx.db.all<{ oid: string }>(sql`SELECT oid FROM line_locks WHERE request_id = ${requestId}`).map((r) => r.oid);
}

function dropLocks(ctx: WriteContext, row: Row, only?: string[]): string[] {
  const held = locksOf(ctx, row.request_id).filter((o) => !only || only.includes(o));
  for (const oid of held) ctx.db.run(sql`DELETE FROM line_locks WHERE oid = ${oid} AND request_id = ${row.request_id}`);
  syncLocks(ctx, held);
  if (held.length) ctx.facts.announce(ctx, { type: 'lines.unlocked', tid: row.tid, oids: held });
  return held;
}

function emitResult(ctx: WriteContext, row: Row, status: 'SUCCESS' | 'FAIL', message: string, oids: string[]): void {
  const decisions = row.decisions + 1;
  ctx.db.run(sql`UPDATE interceptions SET result = ${status}, message = ${message}, decided_at = ${ctx.now},
    decisions = ${decisions} WHERE request_id = ${row.request_id}`);
  row.decisions = decisions;
  row.result = status;
  row.message = message;
  emit(ctx.db, {
    id: `interception.result:${row.request_id}:${decisions}`,
    type: 'interception.result',
    tid: row.tid,
    platform: row.platform,
    now: ctx.now,
    payload: { requestId: row.request_id, tid: row.tid, oids, status, message, operateTime: new Date(ctx.now).toISOString() },
  });
}

function buyerMessage(ctx: WriteContext, row: Row, step: 'received' | 'success', text: string): void {
  emit(ctx.db, {
    id: `buyer.message:${row.request_id}:${step}:${row.decisions}`,
    type: 'buyer.message',
    tid: row.tid,
    platform: row.platform,
    now: ctx.now,
    payload: { tid: row.tid, text },
  });
}

/** Checks a request against the stored order before anything is written: unknown or foreign oids are refused. */
export function validateRequest(ctx: WriteContext, req: InterceptionRequest): void {
  if (reasonRequired(req.origin) && !req.reason.trim())
    throw new RuleRejection('reason', '请填写拦截原因 a reason is required for this request');
  if (!req.oids) return;
  const known = ctx.db.all<{ oid: string; tid: string }>(sql`SELECT oid, tid FROM order_lines WHERE oid IN (${sql.list(req.oids)})`);
  const orderKnown = ctx.db.get(sql`SELECT 1 FROM orders WHERE tid = ${req.tid}`) != null;
  const seen = new Set<string>();
  req.oids.forEach((oid, i) => {
    if (seen.has(oid)) throw new RuleRejection(`oids[${i}]`, `子订单 ${oid} 重复 oid ${oid} is listed twice`);
    seen.add(oid);
    const line = known.find((k) => k.oid === oid);
    if (line && line.tid !== req.tid)
      throw new RuleRejection(
        `oids[${i}]`,
        `子订单 ${oid} 属于订单 ${line.tid},不是订单 ${req.tid} oid ${oid} belongs to order ${line.tid}, not ${req.tid}`,
      );
    if (!line && orderKnown)
      throw new RuleRejection(`oids[${i}]`, `子订单 ${oid} 不是订单 ${req.tid} 的商品 oid ${oid} is not a line of order ${req.tid}`);
  });
}

/**
 * Records a request exactly once per requestId and decides it when its order is known.
 * Returns false for a duplicate requestId (redelivery): nothing changes.
 */
export function receiveRequest(ctx: WriteContext, req: InterceptionRequest, actor: string): boolean {
  if (load(ctx, req.requestId)) return false;
  validateRequest(ctx, req);
  const orderKnown = ctx.db.get(sql`SELECT 1 FROM orders WHERE tid = ${req.tid}`) != null;
  const status: InterceptionStatus = orderKnown ? 'received' : 'waiting';
  if (status === 'waiting') noneWaiting.delete(ctx);
  ctx.db.run(sql`INSERT INTO interceptions (request_id, tid, oids, source, reason, platform, status, requested_at, received_at, updated_at)
    VALUES (${req.requestId}, ${req.tid}, ${req.oids ? JSON.stringify(req.oids) : null}, ${req.source}, ${req.reason},
      ${req.platform}, ${status}, ${req.requestedAt}, ${ctx.now}, ${ctx.now})`);
  history(ctx, req.requestId, null, status, actor, req.reason || (orderKnown ? '' : '订单尚未同步,等待订单'));
  ctx.touched.add(req.tid);
  const row = load(ctx, req.requestId)!;
  const early = ctx.db.get<{ by: string; reason: string }>(
    sql`SELECT by, reason FROM interception_withdrawals WHERE request_id = ${req.requestId}`,
  );
  if (early) {
    ctx.db.run(sql`DELETE FROM interception_withdrawals WHERE request_id = ${req.requestId}`);
    transition(ctx, row, 'withdraw', early.by, early.reason || '撤回先于申请到达');
    emitResult(ctx, row, 'FAIL', '买家已撤回拦截申请,继续发货', req.oids ?? []);
    return true;
  }
  if (orderKnown) decideRequest(ctx, row);
  return true;
}

/** The decision, for a request in `received`: lock what is still here, report SUCCESS or FAIL once. */
function decideRequest(ctx: WriteContext, row: Row): void {
  const s = ctx.settings;
  const actor = 'system';
  const order = ctx.db.get<{ seller_memo: string; seller_flag: number; status: string }>(
    sql`SELECT seller_memo, seller_flag, status FROM orders WHERE tid = ${row.tid}`,
  )!;
  const targetedOids: string[] | null = row.oids ? (JSON.parse(row.oids) as string[]) : null;
  const lines = ctx.db.all<{
    oid: string;
    shipped_at: number | null;
    refunded_at: number | null;
    carrier: string | null;
    tracking_no: string | null;
  }>(sql`SELECT oid, shipped_at, refunded_at, carrier, tracking_no FROM order_lines WHERE tid = ${row.tid} ORDER BY line_no`);
  const targeted = targetedOids ? lines.filter((l) => targetedOids.includes(l.oid)) : lines;
  const oids = targeted.map((l) => l.oid);

  if (!sourceAllowed(row.source, row.requested_at, s.interception.buyerCardWindow)) {
    transition(ctx, row, 'fail', actor, '买家拦截卡片不在启用时间内');
    return emitResult(ctx, row, 'FAIL', '拦截失败:买家拦截卡片不在启用时间内,请联系客服', oids);
  }
  const missing = targetedOids?.filter((o) => !lines.some((l) => l.oid === o)) ?? [];
  if (missing.length) {
    transition(ctx, row, 'fail', actor, `子订单不存在 ${missing.join(', ')}`);
    return emitResult(ctx, row, 'FAIL', `拦截失败:子订单不存在 ${missing.join(', ')}`, oids);
  }
  const parcels = ctx.db.all<{ carrier: string; tracking_no: string }>(
    sql`SELECT carrier, tracking_no FROM parcels WHERE tid = ${row.tid} ORDER BY uploaded_at`,
  );
  const d = decide({
    orderStatus: order.status as never,
    targeted: targeted.map((l) => ({
      oid: l.oid,
      shippedAt: l.shipped_at,
      refundedAt: l.refunded_at,
      carrier: l.carrier,
      trackingNo: l.tracking_no,
    })),
    parcels: parcels.map((p) => ({ carrier: p.carrier, trackingNo: p.tracking_no })),
  });
  holdLocks(ctx, row.request_id, row.tid, d.lock);

  const ready = interceptionReady(s);
  // A closed or fully refunded order is not intercepted: no memo, no notice, just the FAIL answer.
  const applicable = order.status !== 'closed' && (targeted.length === 0 || targeted.some((l) => l.refunded_at == null));
  if (ready && applicable) {
    const memo = appendMemo(order.seller_memo, s.interception.memoText);
    const flag = s.interception.flag ?? order.seller_flag;
    if (memo !== order.seller_memo || flag !== order.seller_flag) {
      writeMemo(ctx, row.tid, memo, flag);
      emit(ctx.db, {
        id: `order.memo_updated:${row.request_id}:${row.decisions + 1}`,
        type: 'order.memo_updated',
        tid: row.tid,
        platform: row.platform,
        now: ctx.now,
        payload: { tid: row.tid, sellerMemo: memo, sellerFlag: flag },
      });
    }
    buyerMessage(ctx, row, 'received', s.interception.receivedNotice);
  }
  const setupNote = ready ? '' : '(拦截设置未完成:未写备注、未通知买家)';
  if (!ready && applicable) ctx.db.run(sql`UPDATE interceptions SET notice_pending = 1 WHERE request_id = ${row.request_id}`);
  if (d.result === 'SUCCESS') {
    transition(ctx, row, 'lock', actor, `${d.message}${setupNote}`);
    emitResult(ctx, row, 'SUCCESS', d.message, oids);
    if (ready) buyerMessage(ctx, row, 'success', s.interception.successNotice);
  } else {
    transition(ctx, row, 'fail', actor, `${d.message}${applicable ? setupNote : ''}`);
    emitResult(ctx, row, 'FAIL', d.message, oids);
  }
}

/**
 * Transactions (write contexts) known to have no waiting request at all, so each arriving order needs no lookup
 * of its own. A request starts waiting only in receiveRequest, which forgets this for its context; a context
 * lives for one transaction (a rolled-back one takes its knowledge with it).
 */
const noneWaiting = new WeakSet<WriteContext>();

/** Write contexts known to have no whole-order request holding locks (cleared when this module locks lines). */
const noWholeOrderLocks = new WeakSet<WriteContext>();

/** True while `ctx` is known (in `cache`) or found (by `exists`, once) to have no such request. */
function noneIn(cache: WeakSet<WriteContext>, ctx: WriteContext, exists: string): boolean {
  if (cache.has(ctx)) return true;
  if (ctx.db.prepare(exists).get()) return false;
  cache.add(ctx);
  return true;
}

/**
 * The order of waiting requests has arrived, or its lines have (by any path): decide them now. An order known
 * without its lines (an order export before its item export) can only be answered when it already left or
 * closed; otherwise its requests keep waiting for the lines.
 */
export function settleWaiting(ctx: WriteContext, tid: string): void {
  if (noneIn(noneWaiting, ctx, "SELECT 1 FROM interceptions WHERE status = 'waiting' LIMIT 1")) return;
  // Looked up by tid (interceptions_by_tid): `+status` keeps the planner off interceptions_by_status, which
  // would walk every waiting request of every order for each order that arrives.
  const waiting = ctx.db
    .prepare("SELECT request_id FROM interceptions WHERE tid = ? AND +status = 'waiting' ORDER BY received_at")
    .all(tid) as Array<{ request_id: string }>;
  if (!waiting.length) return;
  const order = ctx.db.get<{ status: string; lines: number }>(
    sql`SELECT status, (SELECT COUNT(*) FROM order_lines l WHERE l.tid = o.tid) AS lines FROM orders o WHERE o.tid = ${tid}`,
  );
  if (!order || (order.lines === 0 && order.status === 'paid')) return;
  for (const w of waiting) {
    const row = load(ctx, w.request_id)!;
    transition(ctx, row, 'order_arrived', 'system', '订单已同步');
    decideRequest(ctx, row);
  }
}

/**
 * A whole-order request (主订单拦截) that holds its locks covers the lines its order gains later. An order first
 * known from an export without sub-order ids (its lines `${tid}-1`, `-2`…), then described by the platform with
 * the real sub-order ids, would otherwise hold its goods twice: once locked, once free for the next pick list.
 */
export function extendWholeOrderLocks(ctx: WriteContext, tid: string): void {
  // Once per write context when no whole-order request holds locks (an import raises order.changed for every
  // order of its item export: one lookup each measured about 0.5 s per 100k orders); a new lock clears it.
  if (noneIn(noWholeOrderLocks, ctx, "SELECT 1 FROM interceptions WHERE status = 'locked' AND oids IS NULL LIMIT 1")) return;
  const held = ctx.db
    .prepare("SELECT request_id FROM interceptions WHERE tid = ? AND oids IS NULL AND +status = 'locked'")
    .all(tid) as Array<{ request_id: string }>;
  for (const { request_id } of held) {
    const free = ctx.db
      .all<{ oid: string }>(
        sql`SELECT oid FROM order_lines WHERE tid = ${tid} AND shipped_at IS NULL AND refunded_at IS NULL
          AND oid NOT IN (SELECT oid FROM line_locks WHERE request_id = ${request_id})`,
      )
      .map((r) => r.oid);
    if (!free.length) continue;
    history(ctx, request_id, 'locked', 'locked', 'system', `新同步的子订单一并锁定 ${free.join(', ')}`);
    holdLocks(ctx, request_id, tid, free);
  }
}

/** Requests whose order never arrived within the configured wait fail as 订单不存在. */
export function expireWaiting(ctx: WriteContext): number {
  const cutoff = ctx.now - ctx.settings.interception.orderWaitMinutes * 60_000;
  const rows = ctx.db.all<Row>(sql`SELECT * FROM interceptions WHERE status = 'waiting' AND received_at <= ${cutoff}`);
  for (const row of rows) {
    const known = ctx.db.get(sql`SELECT 1 FROM orders WHERE tid = ${row.tid}`) != null;
    const why = known ? '订单商品明细未同步' : '订单不存在';
    transition(ctx, row, 'timeout', 'system', `等待 ${ctx.settings.interception.orderWaitMinutes} 分钟:${why}`);
    emitResult(ctx, row, 'FAIL', `拦截失败:${why}`, row.oids ? (JSON.parse(row.oids) as string[]) : []);
  }
  return rows.length;
}

/** interception.withdrawn (继续发货): before the decision it ends the request; after, it releases the locks. */
export function withdraw(ctx: WriteContext, w: { requestId: string; by: string; reason: string }): void {
  const row = load(ctx, w.requestId);
  if (!row) {
    ctx.db.run(sql`INSERT OR IGNORE INTO interception_withdrawals (request_id, by, reason, at)
      VALUES (${w.requestId}, ${w.by}, ${w.reason}, ${ctx.now})`);
    return;
  }
  if (row.status === 'released' || row.status === 'refunded' || row.status === 'withdrawn') return;
  if (row.status === 'failed' && locksOf(ctx, row.request_id).length === 0) return;
  const before = row.status;
  transition(ctx, row, 'withdraw', w.by, w.reason || '买家继续发货');
  dropLocks(ctx, row);
  if (before === 'waiting' || before === 'received') {
    emitResult(ctx, row, 'FAIL', '买家已撤回拦截申请,继续发货', row.oids ? (JSON.parse(row.oids) as string[]) : []);
  }
  resolveShippedAlertIfClear(ctx, row.tid);
}

function requireReason(reason: string): string {
  const r = reason.trim();
  if (!r) throw new ApiError(400, 'invalid_input', 'reason: a reason is required', 'reason');
  return r;
}

function mustLoad(ctx: WriteContext, requestId: string): Row {
  const row = load(ctx, requestId);
  if (!row) throw new ApiError(404, 'not_found', `interception ${requestId} not found`, 'requestId');
  return row;
}

/** A clerk's release with a reason: the lines may be picked and shipped again. */
export function release(ctx: WriteContext, requestId: string, actor: string, reason: string): void {
  const row = mustLoad(ctx, requestId);
  const why = requireReason(reason);
  if (row.status === 'failed' && locksOf(ctx, requestId).length === 0) {
    throw new ApiError(409, 'invalid_state', `request ${requestId} failed and holds no lock; there is nothing to release`, 'requestId');
  }
  transition(ctx, row, 'release', actor, why);
  dropLocks(ctx, row);
  resolveShippedAlertIfClear(ctx, row.tid);
}

/**
 * A clerk marks the request's locked lines refunded (cancelled). The refund is an order fact: it is
 * recorded by the orders writer, and `onLinesRefunded` (the subscriber) moves this request to refunded.
 */
export function refund(ctx: WriteContext, requestId: string, actor: string, reason: string): void {
  const row = mustLoad(ctx, requestId);
  const why = requireReason(reason);
  const held = locksOf(ctx, requestId);
  if (!nextStatus(row.status, 'refund') || (row.status === 'failed' && held.length === 0)) {
    throw new ApiError(
      409,
      'invalid_state',
      `request ${requestId} is ${row.status} and holds no lock; there is nothing to refund`,
      'requestId',
    );
  }
  if (held.length) recordRefund(ctx, { tid: row.tid, oids: held, at: ctx.now, actor, note: why });
  const after = load(ctx, requestId)!;
  if (after.status !== 'refunded') {
    transition(ctx, after, 'refund', actor, why);
    dropLocks(ctx, after);
  }
  resolveShippedAlertIfClear(ctx, row.tid);
}

/** A failed request decided again (e.g. the order arrived late, or a wrong shipment was corrected). */
export function retry(ctx: WriteContext, requestId: string, actor: string, reason: string): void {
  const row = mustLoad(ctx, requestId);
  const why = requireReason(reason);
  transition(ctx, row, 'retry', actor, why);
  dropLocks(ctx, row);
  decideRequest(ctx, row);
}

/** Lines refunded (any source): requests whose locks are all refunded become `refunded`. */
export function onLinesRefunded(ctx: WriteContext, oids: string[], actor: string, note: string): void {
  if (!oids.length) return;
  const holders = ctx.db.all<{ request_id: string }>(sql`SELECT DISTINCT request_id FROM line_locks WHERE oid IN (${sql.list(oids)})`);
  for (const h of holders) {
    const row = load(ctx, h.request_id)!;
    dropLocks(ctx, row, oids);
    if (locksOf(ctx, h.request_id).length === 0 && nextStatus(row.status, 'refund')) {
      transition(ctx, row, 'refund', actor, note || '退款完成,子订单已取消');
    }
    resolveShippedAlertIfClear(ctx, row.tid);
  }
}

/** The order closed (交易关闭): its locks have nothing left to hold back. */
export function onOrderClosed(ctx: WriteContext, tid: string): void {
  const holders = ctx.db.all<{ request_id: string }>(
    sql`SELECT DISTINCT k.request_id FROM line_locks k JOIN interceptions i ON i.request_id = k.request_id WHERE i.tid = ${tid}`,
  );
  for (const h of holders) {
    const row = load(ctx, h.request_id)!;
    dropLocks(ctx, row);
    if (nextStatus(row.status, 'refund')) transition(ctx, row, 'refund', 'platform', '交易关闭');
  }
  resolveShippedAlertIfClear(ctx, tid);
}

/**
 * A shipment or courier scan reported for lines that are locked: the parcel left despite the lock.
 * Raises the critical alert at once and notes it on every request holding those lines.
 */
export function onLockedLinesLeft(ctx: WriteContext, tid: string, oids: string[], detail: string): void {
  if (!oids.length) return;
  const locked = ctx.db.all<{ oid: string; request_id: string }>(
    sql`SELECT oid, request_id FROM line_locks WHERE oid IN (${sql.list(oids)})`,
  );
  if (!locked.length) return;
  raiseAlert(ctx.db, {
    tid,
    kind: 'locked_line_shipped',
    severity: 'critical',
    now: ctx.now,
    detail: `已拦截的子订单离库 ${[...new Set(locked.map((l) => l.oid))].join(', ')}:${detail}`,
  });
  for (const rid of new Set(locked.map((l) => l.request_id))) {
    const status = load(ctx, rid)!.status;
    history(ctx, rid, status, status, 'platform', `锁定的子订单已离库:${detail}`);
  }
  ctx.touched.add(tid);
}

function resolveShippedAlertIfClear(ctx: WriteContext, tid: string): void {
  const stillLocked = ctx.db.get(sql`SELECT 1 FROM order_lines WHERE tid = ${tid} AND locked = 1 AND shipped_at IS NOT NULL`);
  if (!stillLocked) resolveAlert(ctx.db, tid, 'locked_line_shipped', ctx.now);
}

export interface PendingNotice {
  requestId: string;
  tid: string;
  status: InterceptionStatus;
  result: 'SUCCESS' | 'FAIL' | null;
  /** The memo the order will carry, and the flag. */
  memo: string;
  flag: number;
  /** What the buyer will be sent, in order. */
  notices: string[];
}

/**
 * Requests decided before the setup was finished (memo text, terms) whose memo, flag and notices never went
 * out, and what the catch-up would send for each. Requests no longer holding anything back are left out.
 */
export function pendingNotices(ctx: Pick<WriteContext, 'db' | 'settings'>): PendingNotice[] {
  const s = ctx.settings.interception;
  const rows = ctx.db.all<{
    request_id: string;
    tid: string;
    status: InterceptionStatus;
    result: 'SUCCESS' | 'FAIL' | null;
    seller_memo: string;
    seller_flag: number;
  }>(
    sql`SELECT i.request_id, i.tid, i.status, i.result, o.seller_memo, o.seller_flag FROM interceptions i JOIN orders o ON o.tid = i.tid
      WHERE i.notice_pending = 1 AND (i.status = 'locked' OR (i.status = 'failed' AND EXISTS (SELECT 1 FROM line_locks k WHERE k.request_id = i.request_id)))
      ORDER BY i.received_at`,
  );
  return rows.map((r) => ({
    requestId: r.request_id,
    tid: r.tid,
    status: r.status,
    result: r.result,
    memo: appendMemo(r.seller_memo, s.memoText),
    flag: s.flag ?? r.seller_flag,
    notices: r.status === 'locked' ? [s.receivedNotice, s.successNotice] : [s.receivedNotice],
  }));
}

/** Sends what `pendingNotices` showed, for the requests the clerk confirmed. Returns how many went out. */
export function catchUpNotices(ctx: WriteContext, requestIds: string[], actor: string): number {
  if (!interceptionReady(ctx.settings)) {
    throw new ApiError(409, 'setup_incomplete', '拦截设置尚未完成(备注内容、同意条款),不能补发', 'requestIds');
  }
  const wanted = new Set(requestIds);
  let sent = 0;
  for (const p of pendingNotices(ctx).filter((n) => wanted.has(n.requestId))) {
    const row = load(ctx, p.requestId)!;
    writeMemo(ctx, p.tid, p.memo, p.flag);
    emit(ctx.db, {
      id: `order.memo_updated:${p.requestId}:catchup`,
      type: 'order.memo_updated',
      tid: p.tid,
      platform: row.platform,
      now: ctx.now,
      payload: { tid: p.tid, sellerMemo: p.memo, sellerFlag: p.flag },
    });
    p.notices.forEach((text, i) =>
      emit(ctx.db, {
        id: `buyer.message:${p.requestId}:catchup:${i}`,
        type: 'buyer.message',
        tid: p.tid,
        platform: row.platform,
        now: ctx.now,
        payload: { tid: p.tid, text },
      }),
    );
    ctx.db.run(sql`UPDATE interceptions SET notice_pending = 0, updated_at = ${ctx.now} WHERE request_id = ${p.requestId}`);
    history(ctx, p.requestId, row.status, row.status, actor, '补发:已写备注并通知买家');
    ctx.touched.add(p.tid);
    sent++;
  }
  return sent;
}

/**
 * lines.reidentified: numbered lines (`${tid}-n`) took the platform's real sub-order ids. The locks on them and
 * the targets of the order's requests move to the new ids, so a lock keeps holding the same goods and a
 * release frees exactly them.
 */
export function onLinesReidentified(ctx: WriteContext, tid: string, renamed: Array<{ from: string; to: string }>): void {
  const to = new Map(renamed.map((r) => [r.from, r.to]));
  for (const r of renamed) {
    ctx.db.run(
      sql`INSERT OR IGNORE INTO line_locks (oid, request_id, at) SELECT ${r.to}, request_id, at FROM line_locks WHERE oid = ${r.from}`,
    );
    ctx.db.run(sql`DELETE FROM line_locks WHERE oid = ${r.from}`);
  }
  const requests = ctx.db.all<{ request_id: string; oids: string }>(
    sql`SELECT request_id, oids FROM interceptions WHERE tid = ${tid} AND oids IS NOT NULL`,
  );
  for (const q of requests) {
    const oids = JSON.parse(q.oids) as string[];
    if (!oids.some((o) => to.has(o))) continue;
    const moved = JSON.stringify(oids.map((o) => to.get(o) ?? o));
    ctx.db.run(sql`UPDATE interceptions SET oids = ${moved} WHERE request_id = ${q.request_id}`);
  }
}
