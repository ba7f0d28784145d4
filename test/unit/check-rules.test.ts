import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_CHECK_SETTINGS,
  fakeShippingAlert,
  negotiationAllowed,
  pickupAlert,
  pickupDue,
  privacyExpiry,
  shipDeadlineAlert,
  urgeShipDue,
  workorderAlert,
  type CheckSettings,
  type PickupFacts,
} from '../../shared/rules/checks.js';
import type { OrderType } from '../../shared/domain.js';
import { HOUR } from '../../shared/rules/time.js';

const cfg: CheckSettings = { ...DEFAULT_CHECK_SETTINGS, dueSoonHours: 6 };
const MIN = 60_000;
const T = Date.parse('2026-11-11T12:00:00+08:00');
const kindOf = (a: { kind: string; severity: string } | null) => (a ? `${a.kind}/${a.severity}` : null);

describe('ship deadline', () => {
  const cases: Array<[string, number, string | null]> = [
    ['6 h 1 min before', T - 6 * HOUR - MIN, null],
    ['6 h before', T - 6 * HOUR, 'ship_due_soon/warning'],
    ['1 min before', T - MIN, 'ship_due_soon/warning'],
    ['at the deadline', T, 'ship_overdue/critical'],
    ['1 min after', T + MIN, 'ship_overdue/critical'],
  ];
  for (const [name, now, want] of cases)
    it(name, () => assert.equal(kindOf(shipDeadlineAlert({ status: 'paid', shipDeadline: T }, now, cfg)), want));
  it('nothing once shipped', () => assert.equal(shipDeadlineAlert({ status: 'shipped', shipDeadline: T }, T + HOUR, cfg), null));
});

// Seed 002 (Douyin): "揽件超时:现货订单,用户下单72小时内 … 有第一条物流揽件信息; 自定义发货时间订单/预售订单/阶梯发货订单:
// 商家在发货后(上传物流单号)的24小时内 …". rules.md §3: these derived clocks are Douyin's; other platforms get a
// pickup clock only from collectDeadline, an urge work order, or a per-platform setting that is off by default.
describe('pickup clock per order type (Douyin)', () => {
  const created = T - 100 * HOUR;
  const uploaded = T - 10 * HOUR;
  const base = (orderType: OrderType, o: Partial<PickupFacts> = {}): PickupFacts => ({
    platform: 'douyin',
    orderType,
    status: 'shipped',
    createdAt: created,
    uploadedAt: uploaded,
    collectDeadline: null,
    hadUrgeShip: false,
    ...o,
  });
  const cases: Array<[string, PickupFacts, number | null]> = [
    ['spot: 72 h after the order was placed', base('spot'), created + 72 * HOUR],
    ['spot, not shipped yet: still 72 h after placing', base('spot', { status: 'paid', uploadedAt: null }), created + 72 * HOUR],
    ['presale: 24 h after upload', base('presale'), uploaded + 24 * HOUR],
    ['custom ship time: 24 h after upload', base('custom_ship_time'), uploaded + 24 * HOUR],
    ['tiered: 24 h after upload', base('tiered'), uploaded + 24 * HOUR],
    ['presale not uploaded: no clock yet', base('presale', { status: 'paid', uploadedAt: null }), null],
    ['scheduled delivery: no derived clock', base('scheduled_delivery'), null],
    ['a platform collect deadline wins', base('spot', { collectDeadline: T + HOUR }), T + HOUR],
    ['after an urge-ship work order: 24 h after upload, even for spot', base('spot', { hadUrgeShip: true }), uploaded + 24 * HOUR],
    ['picked up: no clock', base('spot', { status: 'picked_up' }), null],
    ['taobao spot: no derived clock (Douyin rule only)', base('spot', { platform: 'taobao' }), null],
    ['jd presale: no derived clock', base('presale', { platform: 'jd' }), null],
    ['taobao with a platform collect deadline: that deadline', base('spot', { platform: 'taobao', collectDeadline: T + HOUR }), T + HOUR],
    [
      'taobao after an urge-ship work order: 24 h after upload',
      base('spot', { platform: 'taobao', hadUrgeShip: true }),
      uploaded + 24 * HOUR,
    ],
  ];
  for (const [name, f, want] of cases) it(name, () => assert.equal(pickupDue(f, cfg), want));
  it('a platform switched on in settings uses the derived clocks', () =>
    assert.equal(pickupDue(base('spot', { platform: 'pdd' }), { ...cfg, derivedPickupPlatforms: ['pdd'] }), created + 72 * HOUR));

  const due = created + 72 * HOUR;
  const edges: Array<[string, number, string | null]> = [
    ['warn window not reached (6 h 1 min before)', due - 6 * HOUR - MIN, null],
    ['6 h before: warning', due - 6 * HOUR, 'pickup_overdue/warning'],
    ['1 min before: warning', due - MIN, 'pickup_overdue/warning'],
    ['at the deadline: critical', due, 'pickup_overdue/critical'],
    ['1 min after: critical', due + MIN, 'pickup_overdue/critical'],
  ];
  for (const [name, now, want] of edges) it(`spot pickup ${name}`, () => assert.equal(kindOf(pickupAlert(base('spot'), now, cfg)), want));
});

describe('fake shipping risk', () => {
  const up = T - 48 * HOUR;
  const cases: Array<[string, number, string | null]> = [
    ['42 h 1 min after upload', up + 42 * HOUR - MIN, null],
    ['42 h after upload: warning', up + 42 * HOUR, 'fake_shipping_risk/warning'],
    ['1 min before 48 h', up + 48 * HOUR - MIN, 'fake_shipping_risk/warning'],
    ['48 h after upload', up + 48 * HOUR, 'fake_shipping_risk/critical'],
  ];
  for (const [name, now, want] of cases)
    it(name, () => assert.equal(kindOf(fakeShippingAlert({ uploadedAt: up, sharedWith: null, trackingNo: 'ZT1' }, now, cfg)), want));
  it('a tracking number on another order is critical at once', () => {
    const a = fakeShippingAlert({ uploadedAt: T, sharedWith: '3921', trackingNo: 'ZT1' }, T, cfg)!;
    assert.equal(kindOf(a), 'fake_shipping_risk/critical');
    assert.match(a.detail, /ZT1.*3921/);
  });
  // rules.md §3: "an exception scan; and, as a heuristic the merchant can tune or turn off (default 48 h), no scan
  // at all after upload. Label the heuristic as ShipLock's, not as a platform rule."
  it('an exception scan is a fake-shipping risk at once', () => {
    const a = fakeShippingAlert({ uploadedAt: T, sharedWith: null, trackingNo: 'ZT1', abnormal: 'exception 无法揽收' }, T, cfg)!;
    assert.equal(kindOf(a), 'fake_shipping_risk/critical');
    assert.match(a.detail, /物流异常/);
  });
  it('the no-scan warning is labelled as ShipLock’s own heuristic', () =>
    assert.match(
      fakeShippingAlert({ uploadedAt: up, sharedWith: null, trackingNo: 'ZT1' }, up + 48 * HOUR, cfg)!.detail,
      /ShipLock 自有规则/,
    ));
  it('the no-scan heuristic can be turned off', () =>
    assert.equal(
      fakeShippingAlert({ uploadedAt: up, sharedWith: null, trackingNo: 'ZT1' }, up + 96 * HOUR, { ...cfg, noScanHeuristic: false }),
      null,
    ));
});

// Seed 003: "催發貨工單的完結標準為攬收,已經產生過催發貨工單的訂單,平臺要求賣家在發貨後24小時內完成攬收" — the urge-ship
// clock is 24 h after shipping; before shipping the ship deadline (rules.md §4); a platform dueAt wins.
describe('urge-ship complaint clock', () => {
  const cases: Array<[string, Parameters<typeof urgeShipDue>[0], number]> = [
    ['before shipping: the ship deadline', { platformDueAt: null, uploadedAt: null, shipDeadline: T, createdAt: T - HOUR }, T],
    [
      'after shipping: upload + 24 h',
      { platformDueAt: null, uploadedAt: T, shipDeadline: T - HOUR, createdAt: T - 5 * HOUR },
      T + 24 * HOUR,
    ],
    ['a platform dueAt wins', { platformDueAt: T + 3 * HOUR, uploadedAt: T, shipDeadline: T, createdAt: T }, T + 3 * HOUR],
  ];
  for (const [name, w, want] of cases) it(name, () => assert.equal(urgeShipDue(w, cfg), want));
});

describe('urge work orders', () => {
  const due = T + 24 * HOUR;
  const cases: Array<[string, number, string | null]> = [
    ['4 h 1 min left', due - 4 * HOUR - MIN, null],
    ['4 h left', due - 4 * HOUR, 'workorder_due_soon/warning'],
    ['1 min left', due - MIN, 'workorder_due_soon/warning'],
    ['due', due, 'workorder_overdue/critical'],
  ];
  for (const [name, now, want] of cases)
    it(name, () => assert.equal(kindOf(workorderAlert({ dueAt: due, kind: 'urge_pickup' }, now, cfg)), want));
  it('overdue says the platform will complain', () =>
    assert.match(workorderAlert({ dueAt: due, kind: 'urge_pickup' }, due, cfg)!.detail, /平台将代客投诉/));
});

describe('negotiated shipping', () => {
  const order = {
    platform: 'taobao' as const,
    status: 'paid' as const,
    orderType: 'spot' as OrderType,
    shipDeadline: T + 48 * HOUR,
    anyLineShipped: false,
  };
  const later = T + 96 * HOUR;
  const cases: Array<[string, Parameters<typeof negotiationAllowed>[0], Parameters<typeof negotiationAllowed>[1], number, string]> = [
    ['allowed: valid 24 h', order, [], later, `ok:${T + 24 * HOUR}`],
    // Seed 001: "商家范围:淘宝和天猫全部商家" — Douyin, JD and PDD orders get no card.
    ['tmall allowed', { ...order, platform: 'tmall' }, [], later, `ok:${T + 24 * HOUR}`],
    ['douyin refused', { ...order, platform: 'douyin' }, [], later, 'platform'],
    ['jd refused', { ...order, platform: 'jd' }, [], later, 'platform'],
    ['pdd refused', { ...order, platform: 'pdd' }, [], later, 'platform'],
    ['valid only until an earlier deadline', { ...order, shipDeadline: T + 5 * HOUR }, [], later, `ok:${T + 5 * HOUR}`],
    ['refused after the deadline', { ...order, shipDeadline: T - MIN }, [], later, 'deadline_passed'],
    ['refused at the deadline', { ...order, shipDeadline: T }, [], later, 'deadline_passed'],
    ['refused for scheduled delivery', { ...order, orderType: 'scheduled_delivery' }, [], later, 'scheduled_delivery'],
    ['refused once shipped', { ...order, status: 'shipped' }, [], later, 'shipped'],
    ['refused when a line shipped', { ...order, anyLineShipped: true }, [], later, 'shipped'],
    ['refused for a closed order', { ...order, status: 'closed' }, [], later, 'not_paid'],
    ['third card allowed', order, [{ status: 'declined' }, { status: 'expired' }], later, `ok:${T + 24 * HOUR}`],
    ['fourth card refused', order, [{ status: 'declined' }, { status: 'expired' }, { status: 'declined' }], later, 'limit_reached'],
    ['none after an agreement', order, [{ status: 'agreed' }], later, 'already_agreed'],
    ['the proposed time must be in the future', order, [], T, 'time_not_later'],
  ];
  for (const [name, o, prev, proposed, want] of cases) {
    it(name, () => {
      const r = negotiationAllowed(o, prev, proposed, T, cfg);
      assert.equal(r.ok ? `ok:${r.validUntil}` : r.reason, want);
    });
  }
});

describe('privacy numbers', () => {
  it('expire at the platform time, else 15 days after the trade succeeded', () => {
    assert.equal(privacyExpiry({ expiresAt: T, succeededAt: T - HOUR }, 15), T);
    assert.equal(privacyExpiry({ expiresAt: null, succeededAt: T }, 15), T + 15 * 24 * HOUR);
    assert.equal(privacyExpiry({ expiresAt: null, succeededAt: null }, 15), null);
  });
});
