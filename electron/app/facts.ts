// Typed facts, announced inside the writer's transaction. `electron/orders/` (the one writer of order
// facts) announces what happened to an order; interception announces its locks. Capabilities subscribe in
// the composition root (app/core.ts) and react in the same transaction, so a commit carries a fact and
// every consequence of it, or nothing.
import type { OrderStatus, Platform } from '../../shared/domain.js';
import type { WriteContext } from './context.js';

export interface ParcelRef {
  parcelId: number;
  carrier: string;
  trackingNo: string;
}

export type Fact =
  /** The order became known, from any source (event, any export, a saved mapping). */
  | { type: 'order.arrived'; tid: string; platform: Platform; source: string }
  /** A known order's view changed (status, deadline, lines, memo…). */
  | { type: 'order.changed'; tid: string }
  /** A tracking number was uploaded for these lines (发货): a parcel left, or is about to. */
  | (ParcelRef & { type: 'parcel.uploaded'; tid: string; oids: string[]; at: number; source: string })
  /** The courier's first pickup scan of this parcel (揽收); `pickedUpOrders` became picked_up as a whole. */
  | (ParcelRef & { type: 'parcel.picked_up'; tids: string[]; oids: string[]; at: number; pickedUpOrders: string[] })
  /** An abnormal courier scan (exception, 无法揽收): not a pickup. */
  | (ParcelRef & { type: 'parcel.abnormal'; tids: string[]; at: number; note: string })
  /** These lines were refunded (cancelled): they will not ship. */
  | { type: 'lines.refunded'; tid: string; oids: string[]; at: number; actor: string; note: string }
  /** 交易成功: the 15-day privacy-number clock starts. */
  | { type: 'trade.succeeded'; tid: string; at: number }
  /** The order closed (交易关闭, or every line refunded). */
  | { type: 'order.closed'; tid: string; at: number; previous: OrderStatus }
  /** The platform holds the order (JD 锁定): a platform interception request for the whole order. */
  | { type: 'order.platform_hold'; tid: string; platform: Platform; at: number; source: string }
  /**
   * Lines numbered by an export without sub-order ids (`${tid}-n`) now carry the platform's real ids: each
   * capability moves what it holds under `from` to `to` (the writer already moved lines and parcels).
   */
  | { type: 'lines.reidentified'; tid: string; renamed: Array<{ from: string; to: string }> }
  /** Interception locked lines (announced by interception). */
  | { type: 'lines.locked'; tid: string; oids: string[]; requestId: string }
  /** Interception released locks (release, withdrawal, refund). */
  | { type: 'lines.unlocked'; tid: string; oids: string[] };

export type FactType = Fact['type'];
export type FactOf<T extends FactType> = Extract<Fact, { type: T }>;
type Handler<T extends FactType> = (ctx: WriteContext, fact: FactOf<T>) => void;

/** Synchronous fan-out inside the caller's transaction; a subscriber that throws rolls the whole write back. */
export class FactBus {
  private readonly handlers = new Map<FactType, Array<Handler<never>>>();

  on<T extends FactType>(type: T, handler: Handler<T>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as unknown as Handler<never>);
    this.handlers.set(type, list);
  }

  announce(ctx: WriteContext, fact: Fact): void {
    for (const h of this.handlers.get(fact.type) ?? []) (h as unknown as (c: WriteContext, f: Fact) => void)(ctx, fact);
  }

  /** Which fact types have subscribers (for ARCHITECTURE.md and the wiring test). */
  subscriptions(): Record<string, number> {
    return Object.fromEntries([...this.handlers].map(([k, v]) => [k, v.length]));
  }
}

/** What became of an event: applied, waiting for its order (pending), older than what is stored, or refused. */
export type EventState = 'applied' | 'pending' | 'stale' | 'deferred' | 'rejected';
export type EventOutcome = [EventState, string | null];
/**
 * Applies one validated event envelope of a type a capability registered for. Intake owns the event log and
 * the router; capabilities register their appliers in the composition root, so intake knows none of them.
 */
export type EventApplier<E> = (ctx: WriteContext, env: E) => EventOutcome;
