// The interception (锁单) state machine and decision, as pure functions (rules.md §1).
import type { OrderStatus } from '../domain.js';

export const INTERCEPTION_STATUSES = ['waiting', 'received', 'locked', 'failed', 'released', 'refunded', 'withdrawn'] as const;
export type InterceptionStatus = (typeof INTERCEPTION_STATUSES)[number];
export type InterceptionSource = 'customer_service' | 'buyer_card' | 'platform' | 'manual';
export type InterceptionAction = 'order_arrived' | 'lock' | 'fail' | 'withdraw' | 'release' | 'refund' | 'retry' | 'timeout';

/**
 * Allowed transitions. `waiting`: the order is not known yet. A `failed` request may still hold locks on the
 * lines that had not left (partly shipped), so it can be released or refunded too.
 */
export const TRANSITIONS: Record<InterceptionStatus, Partial<Record<InterceptionAction, InterceptionStatus>>> = {
  waiting: { order_arrived: 'received', withdraw: 'withdrawn', timeout: 'failed' },
  received: { lock: 'locked', fail: 'failed', withdraw: 'withdrawn' },
  locked: { withdraw: 'released', release: 'released', refund: 'refunded' },
  failed: { retry: 'received', withdraw: 'released', release: 'released', refund: 'refunded' },
  released: {},
  refunded: {},
  withdrawn: {},
};

export function nextStatus(from: InterceptionStatus, action: InterceptionAction): InterceptionStatus | null {
  return TRANSITIONS[from][action] ?? null;
}

export const DEFAULT_RECEIVED_NOTICE =
  '亲,已收到您的拦截申请,我们会尽力拦截发货(可能拦截失败),请尽快申请退款;如需继续发货,请及时联系我们。';
export const DEFAULT_SUCCESS_NOTICE = '亲,您选择的商品已拦截成功,暂时不发货。请及时申请退款,如未退款有可能继续发货。';

export interface DecisionLine {
  oid: string;
  /** The line's own shipment (any source: platform event, export, clerk). */
  shippedAt: number | null;
  refundedAt: number | null;
  carrier: string | null;
  trackingNo: string | null;
}

export interface DecisionFacts {
  /** The order's status as the platform or an export last reported it. */
  orderStatus: OrderStatus;
  /** The targeted lines (every line for 主订单拦截). */
  targeted: DecisionLine[];
  /** Every parcel known for the order (carrier + tracking number), for naming where the goods went. */
  parcels: Array<{ carrier: string; trackingNo: string }>;
}

export interface Decision {
  result: 'SUCCESS' | 'FAIL';
  /** Lines to lock: every targeted line that has not left and is not refunded. */
  lock: string[];
  /** Targeted lines that already left, with their carrier and tracking number. */
  shipped: Array<{ oid: string; carrier: string | null; trackingNo: string | null }>;
  message: string;
}

const LEFT: ReadonlySet<OrderStatus> = new Set(['shipped', 'picked_up', 'succeeded']);

/**
 * rules.md §1: "Success is reported only when the lock actually holds: every targeted line is not yet
 * shipped … Judge "shipped" from every fact the app has: a line's own shipment, the order's status
 * (shipped, succeeded), an export row 卖家已发货 with a tracking number. A refunded or closed order is not
 * "intercepted": answer FAIL/not applicable, not SUCCESS."
 * On FAIL the lines still here are locked all the same: the buyer asked for them not to ship.
 */
export function decide(f: DecisionFacts): Decision {
  const live = f.targeted.filter((l) => l.refundedAt == null);
  const refunded = f.targeted.filter((l) => l.refundedAt != null);
  if (f.orderStatus === 'closed') {
    return { result: 'FAIL', lock: [], shipped: [], message: '拦截失败:订单已关闭(交易关闭),无需拦截' };
  }
  if (f.targeted.length > 0 && live.length === 0) {
    return { result: 'FAIL', lock: [], shipped: [], message: '拦截失败:商品已退款,无需拦截' };
  }
  const orderLeft = LEFT.has(f.orderStatus);
  if (f.targeted.length === 0) {
    // No line is known to hold back (an order export without its items): only a departed order can be answered.
    const where = f.parcels.length ? f.parcels.map((p) => `${p.carrier || '未知快递'} ${p.trackingNo}`).join('、') : '物流单号未知';
    return orderLeft
      ? { result: 'FAIL', lock: [], shipped: [], message: `拦截失败:订单已发货(${where}),请联系快递拦截` }
      : { result: 'FAIL', lock: [], shipped: [], message: '拦截失败:订单没有可锁定的商品' };
  }
  const shipped = live.filter((l) => l.shippedAt != null);
  // The platform says the order left but no line carries its shipment: every live line counts as gone.
  const unknownLeft = orderLeft ? live.filter((l) => l.shippedAt == null) : [];
  const lock = live.filter((l) => l.shippedAt == null).map((l) => l.oid);
  if (shipped.length === 0 && unknownLeft.length === 0 && refunded.length === 0) {
    return { result: 'SUCCESS', lock, shipped: [], message: '拦截成功,已锁定不发货' };
  }
  const parts: string[] = [];
  if (shipped.length) parts.push(shipped.map((s) => `${s.oid} 已发货 ${s.carrier ?? '未知快递'} ${s.trackingNo ?? ''}`.trim()).join(';'));
  if (unknownLeft.length) {
    const where = f.parcels.length ? f.parcels.map((p) => `${p.carrier || '未知快递'} ${p.trackingNo}`).join('、') : '物流单号未知';
    parts.push(`订单已${f.orderStatus === 'succeeded' ? '交易成功' : f.orderStatus === 'picked_up' ? '揽收' : '发货'}(${where})`);
  }
  if (refunded.length) parts.push(`${refunded.map((r) => r.oid).join('、')} 已退款`);
  const stillHere = lock.filter((o) => !unknownLeft.some((u) => u.oid === o));
  const kept = stillHere.length ? `;其余 ${stillHere.length} 件已锁定` : '';
  const courier = shipped.length || unknownLeft.length ? ',请联系快递拦截' : '';
  return {
    result: 'FAIL',
    lock,
    shipped: [
      ...shipped.map(({ oid, carrier, trackingNo }) => ({ oid, carrier, trackingNo })),
      ...unknownLeft.map((l) => ({ oid: l.oid, carrier: f.parcels[0]?.carrier ?? null, trackingNo: f.parcels[0]?.trackingNo ?? null })),
    ],
    message: `拦截失败:${parts.join(';')}${courier}${kept}`,
  };
}

export interface ActiveWindow {
  from: string;
  to: string;
}

/** Buyer-card requests may be limited to a window (the source's Double-11 measure); others work any day. */
export function sourceAllowed(source: InterceptionSource, at: number, window: ActiveWindow | null): boolean {
  if (source !== 'buyer_card' || !window) return true;
  return at >= Date.parse(window.from) && at <= Date.parse(window.to);
}

/**
 * rules.md §1: "A reason is optional for platform and customer-service requests; only a clerk's own
 * request in the app must give one." Requests that arrive as events never need one.
 */
export function reasonRequired(origin: 'app' | 'event'): boolean {
  return origin === 'app';
}

/** Appends the configured memo once: never twice, whatever is redelivered. */
export function appendMemo(current: string, memo: string): string {
  const m = memo.trim();
  if (!m || current.includes(m)) return current;
  return current.trim() ? `${current.trim()} ${m}` : m;
}
