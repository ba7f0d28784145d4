// Platform events in: dedupe by id, log every event, route each type to whoever applies it.
// A batch is one transaction: all of it is stored, or none of it. Intake knows no capability: the order
// facts go to electron/orders/ (order-events.ts), and the composition root registers the other capabilities'
// appliers (interception, work orders, negotiations) on the router.
import { parseEnvelope, type Envelope, type EventType } from '../../shared/events.js';
import type { WriteContext } from '../app/context.js';
import { RuleRejection, ShipLockError } from '../app/errors.js';
import type { EventApplier, EventOutcome, EventState } from '../app/facts.js';
import type { Statement } from 'better-sqlite3';
import { sql, type Sql } from '../db/sql.js';

export type { EventState };

/** A valid envelope that a rule refuses (e.g. an interception naming another order's oid): the batch is refused. */
export class EventRejectedError extends ShipLockError {
  constructor(
    readonly index: number,
    readonly field: string,
    message: string,
  ) {
    super(400, 'invalid_event', message, field);
  }
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

interface Registration {
  apply: EventApplier<Envelope>;
  /** Pending events this one may unblock once applied (e.g. a work order's close waiting for the work order). */
  unblocks?: (env: Envelope) => Sql;
}

function keysOf(env: Envelope): { tid: string | null; trackingNo: string | null } {
  const p = env.payload as { tid?: string; trackingNo?: string };
  return { tid: p.tid ?? null, trackingNo: env.type === 'logistics.scanned' ? (p.trackingNo ?? null) : null };
}

const SELECT_LOGGED_IDS = 'SELECT id FROM event_log WHERE id IN (SELECT value FROM json_each(?))';
const INSERT_EVENT_LOG = `INSERT INTO event_log (id, type, platform, occurred_at, received_at, tid, tracking_no, source, state, note,
    envelope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * The envelope as kept in the log: an order's buyer block (name, phone, address) is replaced by a reference to
 * its sealed buyer_private row, so the log never holds a buyer's contact. Nothing replays an order.upserted
 * from the log (only events waiting for their order are replayed), so nothing needs the block back.
 */
export function redactBuyer(env: Envelope, raw: unknown): unknown {
  if (env.type !== 'order.upserted' || !raw || typeof raw !== 'object') return raw;
  const r = raw as { payload?: { tid?: unknown; buyer?: { nick?: unknown } } };
  if (!r.payload || typeof r.payload !== 'object') return raw;
  const nick = r.payload.buyer && typeof r.payload.buyer === 'object' ? r.payload.buyer.nick : undefined;
  return {
    ...r,
    payload: { ...r.payload, buyer: { ref: `buyer_private:${String(r.payload.tid)}`, ...(nick !== undefined ? { nick } : {}) } },
  };
}

/** The event log row of one received event: its keys, what became of it, and the envelope as received. */
function logEvent(log: Statement, ctx: WriteContext, env: Envelope, raw: unknown, source: string, outcome: EventOutcome): void {
  const { tid, trackingNo } = keysOf(env);
  log.run(
    env.id,
    env.type,
    env.platform,
    Date.parse(env.occurredAt),
    ctx.now,
    tid,
    trackingNo,
    source,
    outcome[0],
    outcome[1],
    JSON.stringify(redactBuyer(env, raw)),
  );
}

export class EventRouter {
  private readonly appliers = new Map<EventType, Registration>();
  /**
   * Transactions (write contexts) known to have no pending event at all: an order's arrival then has nothing to
   * replay, without a lookup per order. Only this router writes event_log, and a context lives for one
   * transaction, so the knowledge holds until this router logs an event as pending in that context.
   */
  private readonly nonePending = new WeakSet<WriteContext>();

  on<T extends EventType>(type: T, apply: EventApplier<Envelope<T>>, opts: { unblocks?: (env: Envelope<T>) => Sql } = {}): void {
    this.appliers.set(type, { apply: apply as EventApplier<Envelope>, unblocks: opts.unblocks as Registration['unblocks'] });
  }

  /**
   * Stores and applies a batch of validated envelopes. Duplicates (an id seen before, or twice in the
   * batch) change nothing. Must be called inside a transaction.
   */
  ingest(ctx: WriteContext, envs: Array<{ env: Envelope; raw: unknown }>, source: string): IngestResult {
    let accepted = 0;
    let duplicates = 0;
    const inBatch = new Set<string>();
    // The ids of the batch already in the log, in one statement (sqlite_autoindex_event_log_1).
    const seen = new Set(
      (ctx.db.prepare(SELECT_LOGGED_IDS).all(JSON.stringify(envs.map((e) => e.env.id))) as Array<{ id: string }>).map((r) => r.id),
    );
    const log = ctx.db.prepare(INSERT_EVENT_LOG);
    for (const [index, { env, raw }] of envs.entries()) {
      if (inBatch.has(env.id) || seen.has(env.id)) {
        duplicates++;
        continue;
      }
      inBatch.add(env.id);
      accepted++;
      let outcome: EventOutcome;
      try {
        outcome = this.settle(ctx, env);
      } catch (e) {
        if (e instanceof RuleRejection) throw new EventRejectedError(index, `payload.${e.path}`, e.message);
        throw e;
      }
      // Logged once, with what became of it (written after applying, so the big row is never rewritten for that).
      logEvent(log, ctx, env, raw, source, outcome);
      if (outcome[0] === 'pending') this.nonePending.delete(ctx);
    }
    return { accepted, duplicates };
  }

  /** Applies one event and says what became of it. */
  private settle(ctx: WriteContext, env: Envelope): EventOutcome {
    const reg = this.appliers.get(env.type);
    if (!reg) return ['deferred', null];
    const outcome = reg.apply(ctx, env);
    if (outcome[0] === 'applied' && reg.unblocks) this.replayPending(ctx, reg.unblocks(env));
    return outcome;
  }

  /** Applies events that were waiting (for their order, tracking number, work order…), oldest first. */
  replayPending(ctx: WriteContext, key: Sql): void {
    this.replay(
      ctx,
      ctx.db.all<{ seq: number; envelope: string }>(
        sql`SELECT seq, envelope FROM event_log WHERE state = 'pending' AND ${key} ORDER BY occurred_at, seq`,
      ),
    );
  }

  /**
   * replayPending(ctx, sql`tid = ${tid}`) for an order that just arrived: runs for every new order, so the
   * statement is constant text (event_log_pending_by_tid; usually finds nothing).
   */
  replayPendingForOrder(ctx: WriteContext, tid: string): void {
    if (this.nonePending.has(ctx)) return;
    if (!ctx.db.prepare("SELECT 1 FROM event_log WHERE state = 'pending' LIMIT 1").get()) {
      this.nonePending.add(ctx);
      return;
    }
    const waiting = ctx.db
      .prepare("SELECT seq, envelope FROM event_log WHERE state = 'pending' AND tid = ? ORDER BY occurred_at, seq")
      .all(tid) as Array<{ seq: number; envelope: string }>;
    if (waiting.length) this.replay(ctx, waiting);
  }

  private replay(ctx: WriteContext, waiting: Array<{ seq: number; envelope: string }>): void {
    for (const w of waiting) {
      const parsed = parseEnvelope(JSON.parse(w.envelope));
      if (!parsed.ok) continue;
      let state: EventOutcome;
      try {
        state = this.settle(ctx, parsed.value);
      } catch (e) {
        // A waiting event a rule now refuses is kept as rejected; it cannot refuse the batch that unblocked it.
        if (!(e instanceof RuleRejection)) throw e;
        state = ['rejected', `${e.path}: ${e.message}`];
      }
      ctx.db.run(sql`UPDATE event_log SET state = ${state[0]}, note = ${state[1]} WHERE seq = ${w.seq}`);
      if (state[0] === 'pending') this.nonePending.delete(ctx);
    }
  }
}
