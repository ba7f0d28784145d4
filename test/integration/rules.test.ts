// One test per rule of the one-writer issue, each through the public paths (signed events, file imports,
// the typed contract that HTTP and IPC serve), each quoting the sentence of rules.md / the seeds it checks.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ShipLockError } from '../../electron/app/errors.js';
import { openJson } from '../../electron/security/seal.js';
import { makeCore, type TestCore } from '../helpers/core.js';

const T = Date.parse('2026-11-20T10:00:00+08:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const cores: TestCore[] = [];
after(() => cores.forEach((c) => c.close()));
let seq = 0;

const ev = (type: string, payload: Record<string, unknown>, at = T, platform = 'taobao') => ({
  id: `evt-${type}-${++seq}`,
  type,
  platform,
  occurredAt: iso(at),
  payload,
});

function upsert(
  tid: string,
  o: {
    status?: string;
    platform?: string;
    type?: string;
    at?: number;
    created?: number;
    secret?: boolean;
    lines?: number;
    collect?: number;
  } = {},
) {
  const created = o.created ?? T - 2 * HOUR;
  return ev(
    'order.upserted',
    {
      tid,
      shop: '测试旗舰店',
      orderType: o.type ?? 'spot',
      status: o.status ?? 'paid',
      createdAt: iso(created),
      paidAt: iso(created),
      shipDeadline: iso(created + 48 * HOUR),
      collectDeadline: o.collect ? iso(o.collect) : null,
      amounts: { items: 9900, postage: 0, coupon: 0, redPacket: 0, taobaoCoin: 0 },
      buyer: {
        nick: 'tb_rule',
        name: '李静',
        phone: '19057454328',
        ...(o.secret ? { privacy: { secretNo: '17097561792', extension: '0189', expiresAt: null } } : {}),
        address: { province: '四川省', city: '成都市', district: '武侯区', detail: '建国路93号院3单元1004室' },
      },
      lines: Array.from({ length: o.lines ?? 1 }, (_, i) => ({ oid: `${tid}${i + 1}`, sku: `SKU-${i}`, title: `商品${i}`, qty: 1 })),
    },
    o.at ?? created,
    o.platform ?? 'taobao',
  );
}

function core(now = T) {
  const c = makeCore({ now });
  cores.push(c);
  return c;
}
const csv = (lines: string[]) => new TextEncoder().encode(`\ufeff${lines.join('\r\n')}`);
const ORDERS_HEADER =
  '订单编号,买家会员名,买家应付货款,买家应付邮费,订单状态,买家留言,收货人姓名,收货地址,联系手机,订单创建时间,订单付款时间,物流单号 ,物流公司,订单备注,店铺名称';
const openAlerts = async (c: TestCore, tid: string) =>
  (await c.dispatch('alerts.list', { state: 'open' })).items.filter((a) => a.tid === tid).map((a) => `${a.kind}:${a.severity}`);

describe('rules of the one writer (rules.md §1–§6)', () => {
  it('1. "Judge shipped from every fact … A refunded or closed order is not intercepted: answer FAIL, not SUCCESS"', async () => {
    const c = core();
    c.postEvents([
      upsert('7100000000000010', { status: 'shipped' }),
      upsert('7100000000000020'),
      upsert('7100000000000030', { status: 'closed' }),
    ]);
    c.postEvents(ev('refund.completed', { tid: '7100000000000020', refundFee: 9900, completedAt: iso(T) }));
    c.postEvents(
      ['010', '020', '030'].map((t) =>
        ev('interception.requested', { requestId: `r1-${t}`, tid: `7100000000000${t}`, source: 'platform' }),
      ),
    );
    const results = await Promise.all(['010', '020', '030'].map((t) => c.dispatch('interceptions.get', { requestId: `r1-${t}` })));
    assert.deepEqual(
      results.map((r) => r.result),
      ['FAIL', 'FAIL', 'FAIL'],
    );
    assert.match(results[0]!.message!, /订单已发货/);
    assert.match(results[1]!.message!, /已关闭|已退款/);
    assert.match(results[2]!.message!, /已关闭/);
  });

  it('2. "A reason is optional for platform and customer-service requests; only a clerk’s own request in the app must give one"', async () => {
    const c = core();
    c.postEvents([upsert('7200000000000010'), upsert('7200000000000020'), upsert('7200000000000030')]);
    const r = c.postEvents([
      ev('interception.requested', { requestId: 'r2-cs', tid: '7200000000000010', source: 'customer_service' }),
      ev('interception.requested', { requestId: 'r2-card', tid: '7200000000000020', source: 'buyer_card' }),
      ev('interception.requested', { requestId: 'r2-platform', tid: '7200000000000030', source: 'platform', reason: null }),
    ]);
    assert.equal(r.accepted, 3);
    for (const id of ['r2-cs', 'r2-card', 'r2-platform'])
      assert.equal((await c.dispatch('interceptions.get', { requestId: id })).result, 'SUCCESS');
    await assert.rejects(
      c.dispatch('interceptions.create', { tid: '7200000000000010', reason: ' ' }),
      (e: ShipLockError) => e.path === 'reason',
    );
  });

  it('3. "every way an order can arrive (events, any export, any platform) settles waiting requests, withdrawals and refunds at once"', async () => {
    const c = core();
    c.postEvents([
      ev('interception.requested', { requestId: 'r3-a', tid: '7300000000000010', source: 'customer_service' }),
      ev('interception.requested', { requestId: 'r3-b', tid: '7300000000000020', source: 'customer_service' }),
      ev('interception.withdrawn', { requestId: 'r3-b', by: 'buyer' }),
    ]);
    await c.dispatch('imports.run', {
      files: [
        {
          name: 'orders.csv',
          data: csv([
            ORDERS_HEADER,
            `7300000000000010,tb_a,99.00,0,"买家已付款，等待卖家发货",,张三,浙江省 杭州市 余杭区 文一西路1号,13800000001,2026-11-20 08:00:00,2026-11-20 08:00:00,,,,店`,
            `7300000000000020,tb_b,99.00,0,"买家已付款，等待卖家发货",,李四,浙江省 杭州市 余杭区 文一西路2号,13800000002,2026-11-20 08:00:00,2026-11-20 08:00:00,,,,店`,
          ]),
        },
        {
          name: 'items.csv',
          data: csv(['订单编号,标题,价格,购买数量,商家编码', '7300000000000010,帽子,99,1,HAT', '7300000000000020,帽子,99,1,HAT']),
        },
      ],
    });
    const a = await c.dispatch('interceptions.get', { requestId: 'r3-a' });
    const b = await c.dispatch('interceptions.get', { requestId: 'r3-b' });
    assert.equal(a.result, 'SUCCESS');
    assert.deepEqual(a.lockedOids, ['7300000000000010-1']);
    assert.equal(b.status, 'withdrawn');
    assert.deepEqual(b.lockedOids, []);
  });

  it('4. export rows keep 物流公司 and 物流单号 (stripping "No:") as a parcel: 运单号已被使用 and pickup scans see it', async () => {
    const c = core();
    c.postEvents(upsert('7400000000000020'));
    await c.dispatch('imports.run', {
      files: [
        {
          name: 'orders.csv',
          data: csv([
            ORDERS_HEADER,
            `7400000000000010,tb_a,99.00,0,"卖家已发货，等待买家确认",,张三,浙江省 杭州市 余杭区 文一西路1号,13800000001,2026-11-20 08:00:00,2026-11-20 08:00:00,No:SF1400000001,顺丰速运,,店`,
          ]),
        },
        { name: 'items.csv', data: csv(['订单编号,标题,价格,购买数量,商家编码', '7400000000000010,帽子,99,1,HAT']) },
      ],
    });
    const o = await c.dispatch('orders.get', { tid: '7400000000000010' });
    assert.deepEqual(
      o.lines.map((l) => [l.state, l.carrier, l.trackingNo]),
      [['shipped', '顺丰速运', 'SF1400000001']],
    );
    await assert.rejects(
      c.dispatch('orders.markShipped', { tid: '7400000000000020', carrier: '顺丰速运', trackingNo: 'SF1400000001' }),
      (e: ShipLockError) => e.code === 'tracking_used' && /运单号已被使用/.test(e.message),
    );
    c.postEvents(
      ev('logistics.scanned', { carrier: '顺丰速运', trackingNo: 'SF1400000001', scannedAt: iso(T + HOUR), state: 'picked_up' }, T + HOUR),
    );
    assert.equal((await c.dispatch('orders.get', { tid: '7400000000000010' })).status, 'picked_up');
  });

  it('5. "An urge-ship work order is completed by pickup, by a refund, or by the platform’s own close, never by a reply alone"', async () => {
    const c = core();
    c.postEvents([upsert('7500000000000010'), upsert('7500000000000020'), upsert('7500000000000030')]);
    c.postEvents([
      ev('workorder.created', { workOrderId: 'w5-a', tid: '7500000000000010', kind: 'urge_ship', createdAt: iso(T) }),
      ev('workorder.created', {
        workOrderId: 'w5-b',
        tid: '7500000000000020',
        kind: 'urge_ship',
        createdAt: iso(T),
        dueAt: iso(T + 3 * HOUR),
      }),
      ev('workorder.created', { workOrderId: 'w5-c', tid: '7500000000000030', kind: 'urge_ship', createdAt: iso(T) }),
    ]);
    await c.dispatch('workorders.reply', { workOrderId: 'w5-a', text: '马上发' });
    c.postEvents(ev('refund.completed', { tid: '7500000000000020', refundFee: 9900, completedAt: iso(T + HOUR) }, T + HOUR));
    c.postEvents(ev('workorder.closed', { workOrderId: 'w5-c', closedAt: iso(T + HOUR), action: 'complaint_filed' }, T + HOUR));
    const byId = new Map((await c.dispatch('workorders.list', {})).items.map((w) => [w.workOrderId, w]));
    assert.equal(byId.get('w5-a')!.status, 'open');
    assert.equal(byId.get('w5-b')!.closeAction, 'refunded');
    assert.equal(byId.get('w5-b')!.dueAt, T + 3 * HOUR, 'a platform dueAt wins');
    assert.equal(byId.get('w5-c')!.status, 'closed');
    // "Its complaint clock is 24 h after shipping": the parcel's upload + 24 h.
    c.postEvents(
      ev('order.shipped', { tid: '7500000000000010', carrier: '中通快递', trackingNo: 'ZT75', shippedAt: iso(T + 2 * HOUR) }, T + 2 * HOUR),
    );
    assert.equal((await c.dispatch('workorders.list', { tid: '7500000000000010' })).items[0]!.dueAt, T + 2 * HOUR + DAY);
    c.postEvents(
      ev('logistics.scanned', { carrier: '中通快递', trackingNo: 'ZT75', scannedAt: iso(T + 3 * HOUR), state: 'signed' }, T + 3 * HOUR),
    );
    assert.equal((await c.dispatch('workorders.list', { tid: '7500000000000010' })).items[0]!.closeAction, 'picked_up');
  });

  it('6. "Pickup is judged per parcel": only picked_up counts; exception closes nothing and is a fake-shipping risk; picked_up when every live parcel is', async () => {
    const c = core();
    const tid = '7600000000000010';
    c.postEvents(upsert(tid, { lines: 2, platform: 'douyin' }));
    c.postEvents(ev('workorder.created', { workOrderId: 'w6', tid, kind: 'urge_pickup', createdAt: iso(T) }, T, 'douyin'));
    c.postEvents([
      ev('order.shipped', { tid, oids: [`${tid}1`], carrier: '中通快递', trackingNo: 'ZT761', shippedAt: iso(T) }, T, 'douyin'),
      ev('order.shipped', { tid, oids: [`${tid}2`], carrier: '中通快递', trackingNo: 'ZT762', shippedAt: iso(T) }, T, 'douyin'),
    ]);
    c.postEvents(
      ev(
        'logistics.scanned',
        { carrier: '中通快递', trackingNo: 'ZT761', scannedAt: iso(T + HOUR), state: 'exception', site: '无法揽收' },
        T + HOUR,
        'douyin',
      ),
    );
    assert.equal((await c.dispatch('workorders.list', { tid })).items[0]!.status, 'open', 'an exception scan closes no work order');
    await c.dispatch('checks.run', {});
    assert.ok((await openAlerts(c, tid)).includes('fake_shipping_risk:critical'));
    c.postEvents(
      ev(
        'logistics.scanned',
        { carrier: '中通快递', trackingNo: 'ZT761', scannedAt: iso(T + 2 * HOUR), state: 'picked_up' },
        T + 2 * HOUR,
        'douyin',
      ),
    );
    assert.equal((await c.dispatch('orders.get', { tid })).status, 'shipped', 'one of two parcels picked up');
    assert.equal((await c.dispatch('workorders.list', { tid })).items[0]!.status, 'open');
    c.postEvents(
      ev(
        'logistics.scanned',
        { carrier: '中通快递', trackingNo: 'ZT762', scannedAt: iso(T + 3 * HOUR), state: 'in_transit' },
        T + 3 * HOUR,
        'douyin',
      ),
    );
    assert.equal((await c.dispatch('orders.get', { tid })).status, 'picked_up', 'in_transit implies the pickup');
    assert.equal((await c.dispatch('workorders.list', { tid })).items[0]!.closeAction, 'picked_up');
  });

  it('7. "The derived pickup clocks are Douyin’s"; other platforms use collectDeadline, work orders or a setting off by default', async () => {
    const c = core(T + 80 * HOUR);
    const created = T;
    c.postEvents([
      upsert('7700000000000010', { platform: 'douyin', created }),
      upsert('7700000000000020', { platform: 'pdd', created }),
      upsert('7700000000000030', { platform: 'jd', created, collect: T + 70 * HOUR }),
    ]);
    await c.dispatch('checks.run', {});
    assert.ok((await openAlerts(c, '7700000000000010')).includes('pickup_overdue:critical'));
    assert.deepEqual(
      (await openAlerts(c, '7700000000000020')).filter((a) => a.startsWith('pickup')),
      [],
    );
    assert.ok((await openAlerts(c, '7700000000000030')).includes('pickup_overdue:critical'), 'a platform collectDeadline');
    const s = await c.dispatch('settings.get', {});
    await c.dispatch('settings.update', { checks: { ...s.checks, derivedPickupPlatforms: ['pdd'] } });
    await c.dispatch('checks.run', {});
    assert.ok((await openAlerts(c, '7700000000000020')).includes('pickup_overdue:critical'), 'switched on for PDD');
  });

  it('8. 协商发货 "商家范围:淘宝和天猫"; "买家同意协商时间后不能再次发起协商", other open cards void', async () => {
    const c = core();
    c.postEvents([upsert('7800000000000010', { platform: 'douyin' }), upsert('7800000000000020', { platform: 'tmall' })]);
    await assert.rejects(
      c.dispatch('negotiations.propose', { tid: '7800000000000010', proposedDeadline: T + 96 * HOUR }),
      (e: ShipLockError) => e.code === 'negotiation_platform',
    );
    const a = await c.dispatch('negotiations.propose', { tid: '7800000000000020', proposedDeadline: T + 60 * HOUR });
    const b = await c.dispatch('negotiations.propose', { tid: '7800000000000020', proposedDeadline: T + 70 * HOUR });
    c.postEvents(
      ev(
        'negotiation.answered',
        { negotiationId: a.negotiationId, tid: '7800000000000020', answer: 'agreed', answeredAt: iso(T + HOUR) },
        T + HOUR,
        'tmall',
      ),
    );
    c.postEvents(
      ev(
        'negotiation.answered',
        { negotiationId: b.negotiationId, tid: '7800000000000020', answer: 'agreed', answeredAt: iso(T + HOUR) },
        T + HOUR,
        'tmall',
      ),
    );
    const cards = new Map(
      (await c.dispatch('negotiations.list', { tid: '7800000000000020' })).items.map((n) => [n.negotiationId, n.status]),
    );
    assert.equal(cards.get(a.negotiationId), 'agreed');
    assert.equal(cards.get(b.negotiationId), 'void');
    assert.equal((await c.dispatch('orders.get', { tid: '7800000000000020' })).shipDeadline, T + 60 * HOUR);
    await assert.rejects(
      c.dispatch('negotiations.propose', { tid: '7800000000000020', proposedDeadline: T + 80 * HOUR }),
      (e: ShipLockError) => e.code === 'negotiation_already_agreed',
    );
  });

  it('9. "Trade succeeded starts the 15-day clock however it arrives": trade.succeeded, an upsert succeeded, an export row 交易成功', async () => {
    const c = core();
    c.postEvents([
      upsert('7900000000000010', { secret: true }),
      upsert('7900000000000020', { secret: true, status: 'succeeded', at: T + 2 * HOUR }),
    ]);
    c.postEvents(ev('trade.succeeded', { tid: '7900000000000010', succeededAt: iso(T + HOUR) }, T + HOUR));
    c.setNow(T + 5 * HOUR);
    await c.dispatch('imports.run', {
      files: [
        {
          name: 'orders.csv',
          data: csv([
            ORDERS_HEADER,
            `7900000000000030,tb_a,99.00,0,交易成功,,张三,浙江省 杭州市 余杭区 文一西路1号,17097561792-0189,2026-11-18 08:00:00,2026-11-18 08:00:00,No:SF79,顺丰速运,,店`,
          ]),
        },
      ],
    });
    const expiry = async (tid: string) => (await c.dispatch('orders.get', { tid })).contact.secretExpiresAt;
    assert.equal(await expiry('7900000000000010'), T + HOUR + 15 * DAY);
    assert.equal(await expiry('7900000000000020'), T + 2 * HOUR + 15 * DAY, 'at the event’s occurredAt');
    assert.equal(await expiry('7900000000000030'), T + 5 * HOUR + 15 * DAY, 'at import time');
  });

  it('10. "for a protected order even the supervisor reveal shows the secret number with its extension, never a real phone"', async () => {
    const c = core();
    c.postEvents(upsert('7110000000000010', { secret: true }));
    await c.security.pin.setInitial('246810', 'lead', 'terminal'); // the first PIN never comes from an API caller
    const shown = await c.dispatch('orders.reveal', { tid: '7110000000000010', supervisor: '王主管', pin: '246810', reason: '联系买家' });
    assert.equal(shown.phone, null);
    assert.equal(shown.secretNo, '17097561792');
    assert.equal(shown.extension, '0189');
    const row = c.db.get<{ phone: string | null; sealed: string }>({
      text: 'SELECT phone, sealed FROM buyer_private WHERE tid = ?',
      params: ['7110000000000010'],
    })!;
    assert.equal(row.phone, null, 'the real phone is not even stored');
    assert.equal(openJson<{ phone: string | null }>(c.dataKey, row.sealed, '7110000000000010').phone, null, 'not even sealed');
  });

  it('11. "待发货 shows every paid, unshipped order whatever its age"; the 6-month window is for history views', async () => {
    const c = core();
    c.postEvents([
      upsert('7120000000000010', { created: T - 200 * DAY }),
      upsert('7120000000000020', { created: T - 200 * DAY, status: 'succeeded' }),
    ]);
    const pending = await c.dispatch('orders.list', { view: 'pending' });
    assert.ok(pending.items.some((o) => o.tid === '7120000000000010'));
    const history = await c.dispatch('orders.list', { view: 'all' });
    assert.ok(!history.items.some((o) => o.tid === '7120000000000020'));
    const older = await c.dispatch('orders.list', { view: 'all', includeOlder: true });
    assert.ok(older.items.some((o) => o.tid === '7120000000000020'));
  });

  it('12. the "no scan 48 h after upload" warning is ShipLock’s own heuristic, labelled so, and can be turned off', async () => {
    const c = core();
    const tid = '7130000000000010';
    c.postEvents(upsert(tid));
    c.postEvents(ev('order.shipped', { tid, carrier: '中通快递', trackingNo: 'ZT713', shippedAt: iso(T) }));
    c.setNow(T + 49 * HOUR);
    await c.dispatch('checks.run', {});
    const alert = (await c.dispatch('alerts.list', { state: 'open' })).items.find((a) => a.tid === tid && a.kind === 'fake_shipping_risk')!;
    assert.match(alert.detail, /ShipLock 自有规则\(非平台规则\)/);
    const s = await c.dispatch('settings.get', {});
    await c.dispatch('settings.update', { checks: { ...s.checks, noScanHeuristic: false } });
    await c.dispatch('checks.run', {});
    assert.ok(!(await openAlerts(c, tid)).some((a) => a.startsWith('fake_shipping_risk')));
  });
});
