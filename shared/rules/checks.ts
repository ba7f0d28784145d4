// The platform clocks the checks watch (rules.md §2–§6), as pure functions over one order's facts.
// Every number comes from settings; a platform-given deadline always wins over a derived one.
import type { OrderStatus, OrderType, Platform } from '../domain.js';
import { HOUR } from './time.js';

export type AlertKind =
  | 'ship_due_soon'
  | 'ship_overdue'
  | 'pickup_overdue'
  | 'fake_shipping_risk'
  | 'workorder_due_soon'
  | 'workorder_overdue'
  | 'negotiation_expired'
  | 'privacy_number_expired'
  | 'locked_line_shipped'
  | 'batch_stale'
  /** Station-wide (tid 'station'): 5 wrong supervisor PINs in a row locked the PIN. */
  | 'pin_bruteforce';
export type Severity = 'info' | 'warning' | 'critical';

export interface DesiredAlert {
  kind: AlertKind;
  severity: Severity;
  dueAt: number | null;
  detail: string;
}

export interface CheckSettings {
  /** ship_due_soon this many hours before the ship deadline. */
  dueSoonHours: number;
  /** Spot orders: first pickup scan within this many hours of the order being placed. */
  pickupHoursSpot: number;
  /** Presale, custom-ship-time and tiered orders (and any order that had an urge-ship work order): after upload. */
  pickupHoursAfterUpload: number;
  /** fake_shipping_risk: no courier scan this many hours after the tracking number was uploaded. */
  fakeShippingHours: number;
  /** Pickup and fake-shipping alerts are raised (as warnings) this many hours before their deadline. */
  warnHours: number;
  /** Urge work orders must be handled within this many hours of creation. */
  workorderHours: number;
  workorderDueSoonHours: number;
  /** A negotiation card is valid this long, or until the ship deadline, whichever is first. */
  negotiationValidHours: number;
  maxNegotiations: number;
  /**
   * ShipLock's own fake-shipping heuristic (not a platform rule): warn when a parcel has no courier scan
   * `fakeShippingHours` after upload. The merchant may turn it off.
   */
  noScanHeuristic: boolean;
  /**
   * The derived pickup clocks (spot 72 h from creation, others 24 h after upload) are Douyin's rule. Other
   * platforms listed here use them too; by default none does (they rely on collectDeadline and work orders).
   */
  derivedPickupPlatforms: Platform[];
}

export const DEFAULT_CHECK_SETTINGS: Omit<CheckSettings, 'dueSoonHours'> = {
  pickupHoursSpot: 72,
  pickupHoursAfterUpload: 24,
  fakeShippingHours: 48,
  warnHours: 6,
  workorderHours: 24,
  workorderDueSoonHours: 4,
  negotiationValidHours: 24,
  maxNegotiations: 3,
  noScanHeuristic: true,
  derivedPickupPlatforms: [],
};

/** A deadline-style alert: warning from `warnHours` before, critical once passed, nothing earlier. */
function byDeadline(
  kind: AlertKind,
  due: number,
  now: number,
  warnHours: number,
  detail: (overdue: boolean) => string,
  overdueKind = kind,
): DesiredAlert | null {
  if (now >= due) return { kind: overdueKind, severity: 'critical', dueAt: due, detail: detail(true) };
  if (due - now <= warnHours * HOUR) return { kind, severity: 'warning', dueAt: due, detail: detail(false) };
  return null;
}

/** Ship deadline: `ship_due_soon` before, `ship_overdue` after, while a line still awaits shipment. */
export function shipDeadlineAlert(
  o: { status: OrderStatus; shipDeadline: number | null },
  now: number,
  cfg: Pick<CheckSettings, 'dueSoonHours'>,
): DesiredAlert | null {
  if (o.status !== 'paid' || o.shipDeadline == null) return null;
  return byDeadline(
    'ship_due_soon',
    o.shipDeadline,
    now,
    cfg.dueSoonHours,
    (late) => (late ? '已超过承诺发货时间,未上传有效运单号' : '即将超过承诺发货时间'),
    'ship_overdue',
  );
}

export interface PickupFacts {
  platform: Platform;
  orderType: OrderType;
  status: OrderStatus;
  createdAt: number | null;
  /** When this parcel's tracking number was uploaded (null: nothing shipped yet). */
  uploadedAt: number | null;
  /** The platform's latest pickup time (Taobao collect_time), if given. */
  collectDeadline: number | null;
  /** The order had an urge-ship work order: it must be picked up within 24 h of shipping. */
  hadUrgeShip: boolean;
}

/**
 * When this parcel's first pickup scan is due, or null when no pickup clock runs (rules.md §3, §4).
 * "Pickup timeout is Douyin's rule: spot orders need the first pickup scan within 72 h of the order being
 * placed; custom_ship_time, presale and tiered orders within 24 h of the tracking number being uploaded.
 * Other platforms get a pickup clock only from a platform-given collectDeadline, from an urge work order
 * (§4), or from a per-platform setting that is off by default."
 */
export function pickupDue(
  f: PickupFacts,
  cfg: Pick<CheckSettings, 'pickupHoursSpot' | 'pickupHoursAfterUpload' | 'derivedPickupPlatforms'>,
): number | null {
  if (f.status !== 'paid' && f.status !== 'shipped') return null;
  if (f.collectDeadline != null) return f.collectDeadline;
  // §4: an order that had an urge-ship work order must be picked up within 24 h after it ships (any platform).
  if (f.hadUrgeShip) return f.uploadedAt == null ? null : f.uploadedAt + cfg.pickupHoursAfterUpload * HOUR;
  if (f.platform !== 'douyin' && !cfg.derivedPickupPlatforms.includes(f.platform)) return null;
  if (f.orderType === 'spot') return f.createdAt == null ? null : f.createdAt + cfg.pickupHoursSpot * HOUR;
  if (f.orderType === 'presale' || f.orderType === 'custom_ship_time' || f.orderType === 'tiered') {
    return f.uploadedAt == null ? null : f.uploadedAt + cfg.pickupHoursAfterUpload * HOUR;
  }
  return null; // scheduled_delivery: the platform's own appointment, no derived pickup clock
}

export function pickupAlert(f: PickupFacts, now: number, cfg: CheckSettings): DesiredAlert | null {
  const due = pickupDue(f, cfg);
  if (due == null) return null;
  return byDeadline('pickup_overdue', due, now, cfg.warnHours, (late) => (late ? '揽收超时:快递尚未揽收' : '即将揽收超时,请催快递揽收'));
}

/**
 * 虚假发货 risk (rules.md §3: the seed only says "物流信息存在明显异常"). ShipLock's own warnings: the same
 * tracking number on another order, an exception scan, and — a heuristic the merchant can turn off — no
 * scan at all `fakeShippingHours` after upload, labelled as ShipLock's rule, not the platform's.
 */
export function fakeShippingAlert(
  f: { uploadedAt: number | null; sharedWith: string | null; trackingNo: string | null; abnormal?: string | null },
  now: number,
  cfg: Pick<CheckSettings, 'fakeShippingHours' | 'warnHours' | 'noScanHeuristic'>,
): DesiredAlert | null {
  if (f.sharedWith) {
    return {
      kind: 'fake_shipping_risk',
      severity: 'critical',
      dueAt: null,
      detail: `运单号 ${f.trackingNo ?? ''} 也用于订单 ${f.sharedWith}`,
    };
  }
  if (f.abnormal) {
    return { kind: 'fake_shipping_risk', severity: 'critical', dueAt: null, detail: `运单号 ${f.trackingNo ?? ''} 物流异常:${f.abnormal}` };
  }
  if (f.uploadedAt == null || !cfg.noScanHeuristic) return null;
  return byDeadline('fake_shipping_risk', f.uploadedAt + cfg.fakeShippingHours * HOUR, now, cfg.warnHours, (late) =>
    late
      ? `ShipLock 自有规则(非平台规则):上传运单号 ${cfg.fakeShippingHours} 小时仍无物流轨迹`
      : `ShipLock 自有规则(非平台规则):运单号即将满 ${cfg.fakeShippingHours} 小时无物流轨迹`,
  );
}

/**
 * rules.md §4: an urge-ship work order's complaint clock "is 24 h after shipping, not after the work order
 * was created; before shipping it follows the order's ship deadline." A platform-given dueAt wins.
 */
export function urgeShipDue(
  w: { platformDueAt: number | null; uploadedAt: number | null; shipDeadline: number | null; createdAt: number },
  cfg: Pick<CheckSettings, 'workorderHours'>,
): number {
  if (w.platformDueAt != null) return w.platformDueAt;
  if (w.uploadedAt != null) return w.uploadedAt + cfg.workorderHours * HOUR;
  return w.shipDeadline ?? w.createdAt + cfg.workorderHours * HOUR;
}

/** An open urge work order: `workorder_due_soon`, then `workorder_overdue` (平台将代客投诉). */
export function workorderAlert(
  w: { dueAt: number; kind: 'urge_ship' | 'urge_pickup' },
  now: number,
  cfg: CheckSettings,
): DesiredAlert | null {
  const what = w.kind === 'urge_pickup' ? '催揽收' : '催发货';
  return byDeadline(
    'workorder_due_soon',
    w.dueAt,
    now,
    cfg.workorderDueSoonHours,
    (late) => (late ? `${what}工单已逾期,平台将代客投诉` : `${what}工单即将逾期,请揽收、退款或回复工单`),
    'workorder_overdue',
  );
}

export type NegotiationRefusal =
  'platform' | 'not_paid' | 'shipped' | 'deadline_passed' | 'scheduled_delivery' | 'limit_reached' | 'already_agreed' | 'time_not_later';

export const NEGOTIATION_REFUSALS: Record<NegotiationRefusal, string> = {
  platform: '协商发货仅适用于淘宝和天猫订单',
  not_paid: '订单未付款,不能协商发货',
  shipped: '订单已发货,不能协商发货',
  deadline_passed: '已超过发货时效,不能协商发货',
  scheduled_delivery: '预约配送订单不能协商发货',
  limit_reached: '同一订单最多发送 3 次协商发货卡片',
  already_agreed: '买家已同意协商时间,不能再次发起',
  time_not_later: '协商的发货时间必须晚于现在',
};

/**
 * Whether a 协商发货 card may be sent now, and until when it is valid (rules.md §2): "Scope: Taobao and
 * Tmall orders only (商家范围:淘宝和天猫全部商家)"; none after the buyer agreed to one.
 */
export function negotiationAllowed(
  o: { platform: Platform; status: OrderStatus; orderType: OrderType; shipDeadline: number | null; anyLineShipped: boolean },
  previous: Array<{ status: 'open' | 'agreed' | 'declined' | 'expired' | 'void' }>,
  proposed: number,
  now: number,
  cfg: Pick<CheckSettings, 'maxNegotiations' | 'negotiationValidHours'>,
): { ok: true; validUntil: number } | { ok: false; reason: NegotiationRefusal } {
  if (o.platform !== 'taobao' && o.platform !== 'tmall') return { ok: false, reason: 'platform' };
  if (o.status === 'shipped' || o.status === 'picked_up' || o.status === 'succeeded' || o.anyLineShipped)
    return { ok: false, reason: 'shipped' };
  if (o.status !== 'paid') return { ok: false, reason: 'not_paid' };
  if (o.orderType === 'scheduled_delivery') return { ok: false, reason: 'scheduled_delivery' };
  if (o.shipDeadline != null && now >= o.shipDeadline) return { ok: false, reason: 'deadline_passed' };
  if (previous.some((p) => p.status === 'agreed')) return { ok: false, reason: 'already_agreed' };
  if (previous.length >= cfg.maxNegotiations) return { ok: false, reason: 'limit_reached' };
  if (proposed <= now) return { ok: false, reason: 'time_not_later' };
  const validUntil = Math.min(now + cfg.negotiationValidHours * HOUR, o.shipDeadline ?? Number.POSITIVE_INFINITY);
  return { ok: true, validUntil };
}

/** When a secret number stops working: the platform's expiry, else `days` after the trade succeeded. */
export function privacyExpiry(o: { expiresAt: number | null; succeededAt: number | null }, days: number): number | null {
  if (o.expiresAt != null) return o.expiresAt;
  if (o.succeededAt != null) return o.succeededAt + days * 24 * HOUR;
  return null;
}
