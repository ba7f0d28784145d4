// The interception (锁单) state machine and decision, as pure functions (rules.md §1).

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
  shippedAt: number | null;
  refundedAt: number | null;
  carrier: string | null;
  trackingNo: string | null;
}

export interface Decision {
  result: 'SUCCESS' | 'FAIL';
  /** Lines to lock: every targeted line that has not left and is not refunded. */
  lock: string[];
  /** Targeted lines that already left, with their carrier and tracking number. */
  shipped: Array<{ oid: string; carrier: string | null; trackingNo: string | null }>;
  message: string;
}

/**
 * SUCCESS only when no targeted line has left the warehouse. A refunded line will not ship, so it needs no lock.
 * On FAIL the lines still here are locked all the same: the buyer asked for them not to ship.
 */
export function decide(targeted: DecisionLine[]): Decision {
  const shipped = targeted.filter((l) => l.shippedAt != null && l.refundedAt == null);
  const lock = targeted.filter((l) => l.shippedAt == null && l.refundedAt == null).map((l) => l.oid);
  if (shipped.length === 0) {
    return { result: 'SUCCESS', lock, shipped: [], message: lock.length ? '拦截成功,已锁定不发货' : '商品已退款,不会发货' };
  }
  const where = shipped.map((s) => `${s.oid} 已发货 ${s.carrier ?? '未知快递'} ${s.trackingNo ?? ''}`.trim()).join(';');
  const kept = lock.length ? `;其余 ${lock.length} 件已锁定` : '';
  return {
    result: 'FAIL',
    lock,
    shipped: shipped.map(({ oid, carrier, trackingNo }) => ({ oid, carrier, trackingNo })),
    message: `拦截失败:${where},请联系快递拦截${kept}`,
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

/** Customer-service and clerk requests must say why; buyer cards and platform requests may not. */
export function reasonRequired(source: InterceptionSource): boolean {
  return source === 'manual' || source === 'customer_service';
}

/** Appends the configured memo once: never twice, whatever is redelivered. */
export function appendMemo(current: string, memo: string): string {
  const m = memo.trim();
  if (!m || current.includes(m)) return current;
  return current.trim() ? `${current.trim()} ${m}` : m;
}
