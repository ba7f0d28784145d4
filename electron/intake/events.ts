// Platform events in: dedupe by id, log every event, apply the order-facing types now.
// A batch is one transaction: all of it is stored, or none of it.
import type { OrderStatus } from '../../shared/domain.js';
import { parseEnvelope, type Envelope, type EventType, type OrderPayload } from '../../shared/events.js';
import type { WriteContext } from '../app/context.js';
import { sql } from '../db/sql.js';
import {
  InterceptionRequestError,
  onLinesRefunded,
  onLockedLinesLeft,
  onOrderArrived,
  receiveRequest,
  withdraw,
} from '../interception/service.js';
import { closeWorkorder, closeWorkordersOfOrder, negotiationAnswered, workorderCreated } from '../checks/workorders.js';
import { writeOrder, type OrderRecord } from '../orders/write.js';

export type EventState = 'applied' | 'pending' | 'stale' | 'deferred' | 'rejected';

/** Types applied here; the others are kept in the log (and deferred) until a capability applies them. */
const APPLIED_HERE = new Set<EventType>([
  'order.upserted',
  'order.shipped',
  'logistics.scanned',
  'trade.succeeded',
  'refund.completed',
  'interception.requested',
  'interception.withdrawn',
  'workorder.created',
  'workorder.closed',
  'negotiation.answered',
]);

export type IntakeContext = WriteContext;

/** A valid envelope that a rule refuses (e.g. an interception naming another order's oid): the batch is refused. */
export class EventRejectedError extends Error {
  constructor(
    readonly index: number,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

export function orderRecordFromEvent(env: Envelope<'order.upserted'>): OrderRecord {
  const p: OrderPayload = env.payload;
  return {
    tid: p.tid,
    platform: env.platform,
    shop: p.shop,
    orderType: p.orderType,
    status: p.status,
    buyerNick: p.buyer.nick,
    createdAt: ms(p.createdAt),
    paidAt: ms(p.paidAt),
    platformShipDeadline: ms(p.shipDeadline),
    collectDeadline: ms(p.collectDeadline),
    amounts: {
      items: p.amounts.items,
      postage: p.amounts.postage,
      coupon: p.amounts.coupon,
      redPacket: p.amounts.redPacket,
      taobaoCoin: p.amounts.taobaoCoin,
      deposit: p.amounts.deposit ?? null,
      balance: p.amounts.balance ?? null,
    },
    sellerMemo: p.sellerMemo,
    sellerFlag: p.sellerFlag as OrderRecord['sellerFlag'],
    buyer: {
      name: p.buyer.name,
      phone: p.buyer.phone ?? null,
      secretNo: p.buyer.privacy?.secretNo ?? null,
      extension: p.buyer.privacy?.extension ?? null,
      secretExpiresAt: ms(p.buyer.privacy?.expiresAt),
      address: p.buyer.address,
    },
    lines: p.lines.map((l) => ({
      oid: l.oid,
      sku: l.sku,
      title: l.title,
      qty: l.qty,
      price: null,
      bin: l.bin ?? null,
      barcode: l.barcode ?? null,
    })),
    source: 'event',
    versionAt: Date.parse(env.occurredAt),
  };
}

function keysOf(env: Envelope): { tid: string | null; trackingNo: string | null } {
  const p = env.payload as { tid?: string; trackingNo?: string };
  return { tid: p.tid ?? null, trackingNo: env.type === 'logistics.scanned' ? (p.trackingNo ?? null) : null };
}

/**
 * Stores and applies a batch of validated envelopes. Duplicates (an id seen before, or twice in the
 * batch) change nothing. Must be called inside a transaction.
 */
export function ingest(ctx: IntakeContext, envs: Array<{ env: Envelope; raw: unknown }>, source: string): IngestResult {
  let accepted = 0;
  let duplicates = 0;
  const inBatch = new Set<string>();
  for (const [index, { env, raw }] of envs.entries()) {
    if (inBatch.has(env.id) || ctx.db.get(sql`SELECT 1 FROM event_log WHERE id = ${env.id}`)) {
      duplicates++;
      continue;
    }
    inBatch.add(env.id);
    accepted++;
    let outcome: Outcome;
    try {
      outcome = settle(ctx, env);
    } catch (e) {
      if (e instanceof InterceptionRequestError) throw new EventRejectedError(index, `payload.${e.path}`, e.message);
      throw e;
    }
    // Logged once, with what became of it (written after applying, so the big row is never rewritten for that).
    const { tid, trackingNo } = keysOf(env);
    ctx.db.run(sql`INSERT INTO event_log (id, type, platform, occurred_at, received_at, tid, tracking_no, source, state, note, envelope)
      VALUES (${env.id}, ${env.type}, ${env.platform}, ${Date.parse(env.occurredAt)}, ${ctx.now}, ${tid}, ${trackingNo},
        ${source}, ${outcome[0]}, ${outcome[1]}, ${JSON.stringify(raw)})`);
  }
  return { accepted, duplicates };
}

/** Applies one event and says what became of it. */
function settle(ctx: IntakeContext, env: Envelope): Outcome {
  if (!APPLIED_HERE.has(env.type)) return ['deferred', null];
  return apply(ctx, env);
}

type Outcome = [EventState, string | null];

function apply(ctx: IntakeContext, env: Envelope): Outcome {
  switch (env.type) {
    case 'order.upserted':
      return applyUpsert(ctx, env as Envelope<'order.upserted'>);
    case 'order.shipped':
      return applyShipped(ctx, env as Envelope<'order.shipped'>);
    case 'logistics.scanned':
      return applyScanned(ctx, env as Envelope<'logistics.scanned'>);
    case 'trade.succeeded':
      return applySucceeded(ctx, env as Envelope<'trade.succeeded'>);
    case 'refund.completed':
      return applyRefund(ctx, env as Envelope<'refund.completed'>);
    case 'interception.requested': {
      const p = (env as Envelope<'interception.requested'>).payload;
      const fresh = receiveRequest(
        ctx,
        {
          requestId: p.requestId,
          tid: p.tid,
          oids: p.oids ?? null,
          source: p.source,
          reason: p.reason ?? '',
          platform: env.platform,
          requestedAt: Date.parse(env.occurredAt),
        },
        p.source,
      );
      return fresh ? ['applied', null] : ['stale', `request ${p.requestId} was already received`];
    }
    case 'workorder.created': {
      const p = (env as Envelope<'workorder.created'>).payload;
      const fresh = workorderCreated(ctx, {
        workOrderId: p.workOrderId,
        tid: p.tid,
        kind: p.kind,
        createdAt: Date.parse(p.createdAt),
        dueAt: p.dueAt ? Date.parse(p.dueAt) : null,
      });
      if (fresh)
        replayPending(
          ctx,
          sql`type = 'workorder.closed' AND tid IS NULL AND json_extract(envelope, '$.payload.workOrderId') = ${p.workOrderId}`,
        );
      return fresh ? ['applied', null] : ['stale', `work order ${p.workOrderId} already known`];
    }
    case 'workorder.closed': {
      const p = (env as Envelope<'workorder.closed'>).payload;
      const r = closeWorkorder(ctx, p.workOrderId, p.action, Date.parse(p.closedAt));
      if (r === 'unknown') return ['pending', 'work order not known yet'];
      return r === 'closed' ? ['applied', null] : ['stale', 'work order already closed'];
    }
    case 'negotiation.answered': {
      const p = (env as Envelope<'negotiation.answered'>).payload;
      const r = negotiationAnswered(ctx, {
        negotiationId: p.negotiationId,
        tid: p.tid,
        answer: p.answer,
        answeredAt: Date.parse(p.answeredAt),
      });
      if (r === 'unknown') return ['rejected', `negotiation ${p.negotiationId} was not sent from this station`];
      return r === 'applied' ? ['applied', null] : ['rejected', 'the card was no longer valid when answered'];
    }
    case 'interception.withdrawn': {
      const p = (env as Envelope<'interception.withdrawn'>).payload;
      withdraw(ctx, { requestId: p.requestId, by: p.by, reason: p.reason ?? '' });
      return ['applied', null];
    }
    default:
      return ['deferred', null];
  }
}

function applyUpsert(ctx: IntakeContext, env: Envelope<'order.upserted'>): Outcome {
  const outcome = writeOrder(ctx.db, orderRecordFromEvent(env), ctx.settings.shipDeadlineHours, ctx.now);
  if (outcome === 'stale') return ['stale', 'older than the stored view of the order'];
  ctx.touched.add(env.payload.tid);
  if (outcome === 'inserted') {
    replayPending(ctx, sql`tid = ${env.payload.tid}`);
    onOrderArrived(ctx, env.payload.tid);
  }
  return ['applied', outcome];
}

interface OrderState {
  status: OrderStatus;
  status_at: number;
}

function orderState(ctx: IntakeContext, tid: string): OrderState | undefined {
  return ctx.db.get<OrderState>(sql`SELECT status, status_at FROM orders WHERE tid = ${tid}`);
}

/** Moves the order's status forward when the event is at least as new as the last status change. */
function setStatus(ctx: IntakeContext, tid: string, status: OrderStatus, at: number, from: OrderStatus[]): void {
  const allowed = sql.join(
    from.map((s) => sql`${s}`),
    ', ',
  );
  ctx.db.run(sql`UPDATE orders SET status = ${status}, status_at = ${at}, updated_at = ${ctx.now}
    WHERE tid = ${tid} AND status IN (${allowed}) AND status_at <= ${at}`);
}

/** After a line changed: every line refunded closes the order; every live line shipped marks it shipped. */
export function settleLineStatus(ctx: IntakeContext, tid: string, at: number): void {
  const c = ctx.db.get<{ live: number; open: number }>(sql`SELECT
      COALESCE(SUM(refunded_at IS NULL), 0) AS live,
      COALESCE(SUM(refunded_at IS NULL AND shipped_at IS NULL), 0) AS open
    FROM order_lines WHERE tid = ${tid}`)!;
  if (c.live === 0) setStatus(ctx, tid, 'closed', at, ['paid', 'shipped', 'picked_up', 'succeeded']);
  else if (c.open === 0) setStatus(ctx, tid, 'shipped', at, ['paid']);
}

/** The targeted lines: the given oids (each must belong to the order) or every line. */
function targetLines(ctx: IntakeContext, tid: string, oids: string[] | undefined): { oids: string[] } | { error: string } {
  const all = ctx.db.all<{ oid: string }>(sql`SELECT oid FROM order_lines WHERE tid = ${tid}`).map((r) => r.oid);
  if (!oids) return { oids: all };
  const unknown = oids.filter((o) => !all.includes(o));
  if (unknown.length) return { error: `oid ${unknown.join(', ')} is not a line of order ${tid}` };
  return { oids };
}

function applyShipped(ctx: IntakeContext, env: Envelope<'order.shipped'>): Outcome {
  const p = env.payload;
  if (!orderState(ctx, p.tid)) return ['pending', 'order not known yet'];
  const target = targetLines(ctx, p.tid, p.oids);
  if ('error' in target) return ['rejected', target.error];
  const at = Date.parse(p.shippedAt);
  onLockedLinesLeft(ctx, p.tid, target.oids, `${p.carrier} ${p.trackingNo}`);
  for (const oid of target.oids) {
    ctx.db.run(sql`UPDATE order_lines SET shipped_at = ${at}, carrier = ${p.carrier}, tracking_no = ${p.trackingNo}
      WHERE oid = ${oid} AND refunded_at IS NULL`);
  }
  settleLineStatus(ctx, p.tid, Date.parse(env.occurredAt));
  ctx.touched.add(p.tid);
  replayPending(ctx, sql`tracking_no = ${p.trackingNo}`);
  return ['applied', null];
}

function applyScanned(ctx: IntakeContext, env: Envelope<'logistics.scanned'>): Outcome {
  const p = env.payload;
  const lines = ctx.db.all<{ oid: string; tid: string }>(sql`SELECT oid, tid FROM order_lines WHERE tracking_no = ${p.trackingNo}`);
  if (lines.length === 0) return ['pending', 'tracking number not known yet'];
  const at = Date.parse(p.scannedAt);
  for (const tid of new Set(lines.map((l) => l.tid))) {
    onLockedLinesLeft(
      ctx,
      tid,
      lines.filter((l) => l.tid === tid).map((l) => l.oid),
      `${p.carrier} ${p.trackingNo} ${p.state}`,
    );
  }
  // Any scan proves the courier has the parcel; the first one is the pickup (揽收).
  ctx.db.run(sql`UPDATE order_lines SET picked_up_at = MIN(COALESCE(picked_up_at, ${at}), ${at})
    WHERE tracking_no = ${p.trackingNo}`);
  for (const tid of new Set(lines.map((l) => l.tid))) {
    closeWorkordersOfOrder(ctx, tid, 'picked_up', at);
    setStatus(ctx, tid, 'picked_up', Date.parse(env.occurredAt), ['shipped']);
    ctx.touched.add(tid);
  }
  return ['applied', null];
}

function applySucceeded(ctx: IntakeContext, env: Envelope<'trade.succeeded'>): Outcome {
  const p = env.payload;
  if (!orderState(ctx, p.tid)) return ['pending', 'order not known yet'];
  ctx.db.run(sql`UPDATE orders SET succeeded_at = ${Date.parse(p.succeededAt)}, updated_at = ${ctx.now} WHERE tid = ${p.tid}`);
  setStatus(ctx, p.tid, 'succeeded', Date.parse(env.occurredAt), ['paid', 'shipped', 'picked_up']);
  ctx.touched.add(p.tid);
  return ['applied', null];
}

function applyRefund(ctx: IntakeContext, env: Envelope<'refund.completed'>): Outcome {
  const p = env.payload;
  if (!orderState(ctx, p.tid)) return ['pending', 'order not known yet'];
  const target = targetLines(ctx, p.tid, p.oids);
  if ('error' in target) return ['rejected', target.error];
  const at = Date.parse(p.completedAt);
  for (const oid of target.oids) {
    ctx.db.run(sql`UPDATE order_lines SET refunded_at = COALESCE(refunded_at, ${at}) WHERE oid = ${oid}`);
  }
  onLinesRefunded(ctx, target.oids);
  closeWorkordersOfOrder(ctx, p.tid, 'refunded', at);
  settleLineStatus(ctx, p.tid, Date.parse(env.occurredAt));
  ctx.touched.add(p.tid);
  return ['applied', null];
}

/** Applies events that were waiting for this order (or tracking number), oldest first. */
function replayPending(ctx: IntakeContext, key: ReturnType<typeof sql>): void {
  const waiting = ctx.db.all<{ seq: number; envelope: string }>(
    sql`SELECT seq, envelope FROM event_log WHERE state = 'pending' AND ${key} ORDER BY occurred_at, seq`,
  );
  for (const w of waiting) {
    const parsed = parseEnvelope(JSON.parse(w.envelope));
    if (!parsed.ok) continue;
    const [state, note] = settle(ctx, parsed.value);
    ctx.db.run(sql`UPDATE event_log SET state = ${state}, note = ${note} WHERE seq = ${w.seq}`);
  }
}
