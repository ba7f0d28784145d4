// Every way an order's facts can arrive × when the interception request comes, through the public paths
// (signed events, file imports, the clerk's actions). Each case asserts the lock, the result, the outbox
// messages and the buyer's text.
//
// rules.md §1 (seed 004): "Receiving is not success. Success is reported only when the lock actually holds:
// every targeted line is not yet shipped (no tracking uploaded, not handed to the courier). Judge "shipped"
// from every fact the app has: a line's own shipment, the order's status (shipped, succeeded), an export row
// 卖家已发货 with a tracking number. A refunded or closed order is not "intercepted": answer FAIL/not
// applicable, not SUCCESS." — "A request that arrives before its order waits; every way an order can arrive
// (events, any export, any platform) settles waiting requests, withdrawals and refunds at once."
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DEFAULT_RECEIVED_NOTICE, DEFAULT_SUCCESS_NOTICE } from '../../shared/rules/interception.js';
import { sign } from '../../electron/intake/index.js';
import { makeCore, SECRET, type TestCore } from '../helpers/core.js';

const T = Date.parse('2026-11-20T10:00:00+08:00');
const HOUR = 3_600_000;
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

type OrderPath = 'event' | 'export' | 'jsonl';
type Status = 'paid' | 'shipped' | 'succeeded';

/** One order with two lines, as each source carries it. */
function orderFacts(tid: string, status: Status, tracking: string | null) {
  const oids = [`${tid}1`, `${tid}2`];
  const upsert = ev('order.upserted', {
    tid,
    shop: '测试旗舰店',
    orderType: 'spot',
    status,
    createdAt: iso(T - 2 * HOUR),
    paidAt: iso(T - 2 * HOUR),
    shipDeadline: iso(T + 46 * HOUR),
    amounts: { items: 9900, postage: 0, coupon: 0, redPacket: 0, taobaoCoin: 0 },
    buyer: {
      nick: 'tb_x',
      name: '张三',
      phone: '13812345678',
      address: { province: '浙江省', city: '杭州市', district: '余杭区', detail: '文一西路969号' },
    },
    lines: oids.map((oid, i) => ({ oid, sku: `SKU-${i}`, title: `商品${i}`, qty: 1 })),
  });
  const statusText = { paid: '买家已付款，等待卖家发货', shipped: '卖家已发货，等待买家确认', succeeded: '交易成功' }[status];
  const ordersCsv = [
    '订单编号,买家会员名,买家应付货款,买家应付邮费,订单状态,买家留言,收货人姓名,收货地址,联系手机,订单创建时间,订单付款时间,物流单号,物流公司,订单备注,店铺名称',
    `="${tid}",tb_x,99.00,0.00,"${statusText}",请尽快发货,张三,浙江省 杭州市 余杭区 文一西路969号(000000),'13812345678,2026-11-20 08:00:00,2026-11-20 08:00:00,${tracking ? `No:${tracking}` : ''},${tracking ? '顺丰速运' : ''},,测试旗舰店`,
  ].join('\r\n');
  const itemsCsv = ['订单编号,标题,价格,购买数量,商家编码', `${tid},商品0,49.50,1,SKU-0`, `${tid},商品1,49.50,1,SKU-1`].join('\r\n');
  return { upsert, ordersCsv, itemsCsv, oids: { event: oids, export: [`${tid}-1`, `${tid}-2`] } };
}

async function arrive(c: TestCore, path: OrderPath, f: ReturnType<typeof orderFacts>) {
  const enc = (s: string) => new TextEncoder().encode(`\ufeff${s}`);
  if (path === 'event') c.postEvents(f.upsert);
  else if (path === 'jsonl') {
    // Event files carry the same signature as POST /api/events (over the file's bytes).
    const data = enc(JSON.stringify(f.upsert));
    const ts = Math.floor(c.now() / 1000);
    await c.dispatch('imports.run', {
      files: [{ name: `orders-${++seq}.jsonl`, data, signature: sign(SECRET, ts, Buffer.from(data)), timestamp: String(ts) }],
    });
  } else
    await c.dispatch('imports.run', {
      files: [
        { name: `orders-${++seq}.csv`, data: enc(f.ordersCsv) },
        { name: `items-${seq}.csv`, data: enc(f.itemsCsv) },
      ],
    });
}

async function core() {
  const c = makeCore({ now: T });
  cores.push(c);
  const s = (await c.dispatch('settings.get', {})).interception;
  await c.dispatch('settings.update', { interception: { ...s, memoText: '拦截件勿发', termsAgreed: true } });
  return c;
}

const request = (c: TestCore, tid: string, requestId: string) =>
  c.postEvents(ev('interception.requested', { requestId, tid, source: 'customer_service' }));

async function outcome(c: TestCore, tid: string, requestId: string) {
  const view = await c.dispatch('interceptions.get', { requestId });
  const order = await c.dispatch('orders.get', { tid });
  const out = (await c.dispatch('outbox.list', { after: 0, limit: 1000 })).items.filter((e) => e.payload.tid === tid);
  return {
    result: view.result,
    message: view.message ?? '',
    locked: order.lines.filter((l) => l.locked).map((l) => l.oid),
    results: out.filter((e) => e.type === 'interception.result').map((e) => e.payload.status),
    memo: out.some((e) => e.type === 'order.memo_updated'),
    buyer: out.filter((e) => e.type === 'buyer.message').map((e) => e.payload.text),
  };
}

type Shipment = 'order.shipped event' | 'export 卖家已发货 row' | 'clerk mark shipped' | 'order.upserted shipped' | 'trade.succeeded event';
const SHIPMENTS: Shipment[] = [
  'order.shipped event',
  'export 卖家已发货 row',
  'clerk mark shipped',
  'order.upserted shipped',
  'trade.succeeded event',
];

/** Makes the order's goods leave by the given path (the order already arrived by `path`). */
async function ship(c: TestCore, how: Shipment, tid: string, path: OrderPath): Promise<string | null> {
  const tracking = `SF${tid.slice(-8)}`;
  if (how === 'order.shipped event')
    c.postEvents(ev('order.shipped', { tid, carrier: '顺丰速运', trackingNo: tracking, shippedAt: iso(T + HOUR) }, T + HOUR));
  else if (how === 'export 卖家已发货 row') {
    const f = orderFacts(tid, 'shipped', tracking);
    await c.dispatch('imports.run', { files: [{ name: `shipped-${++seq}.csv`, data: new TextEncoder().encode(f.ordersCsv) }] });
    if (path === 'event') return tracking; // the export's facts still count for an order the events describe
  } else if (how === 'clerk mark shipped') await c.dispatch('orders.markShipped', { tid, carrier: '顺丰速运', trackingNo: tracking });
  else if (how === 'order.upserted shipped') {
    const f = orderFacts(tid, 'shipped', null);
    f.upsert.occurredAt = iso(T + HOUR);
    c.postEvents(f.upsert);
    return null;
  } else {
    c.postEvents(ev('trade.succeeded', { tid, succeededAt: iso(T + HOUR) }, T + HOUR));
    return null;
  }
  return tracking;
}

let tidSeq = 0;
const nextTid = () => String(6100000000000000 + ++tidSeq * 100);

describe('interception × every arrival path × timing', () => {
  for (const path of ['event', 'export', 'jsonl'] as OrderPath[]) {
    it(`${path}: request before the order → waits, then SUCCESS when the order arrives; lines locked; received + success texts`, async () => {
      const c = await core();
      const tid = nextTid();
      request(c, tid, `r-${tid}`);
      assert.equal((await c.dispatch('interceptions.get', { requestId: `r-${tid}` })).status, 'waiting');
      const f = orderFacts(tid, 'paid', null);
      await arrive(c, path, f);
      const o = await outcome(c, tid, `r-${tid}`);
      assert.equal(o.result, 'SUCCESS');
      assert.deepEqual(o.locked.sort(), f.oids[path === 'export' ? 'export' : 'event'].sort());
      assert.deepEqual(o.results, ['SUCCESS']);
      assert.ok(o.memo);
      assert.deepEqual(o.buyer, [DEFAULT_RECEIVED_NOTICE, DEFAULT_SUCCESS_NOTICE]);
    });

    it(`${path}: request after the order, still here → SUCCESS`, async () => {
      const c = await core();
      const tid = nextTid();
      const f = orderFacts(tid, 'paid', null);
      await arrive(c, path, f);
      request(c, tid, `r-${tid}`);
      const o = await outcome(c, tid, `r-${tid}`);
      assert.equal(o.result, 'SUCCESS');
      assert.equal(o.locked.length, 2);
      assert.deepEqual(o.buyer, [DEFAULT_RECEIVED_NOTICE, DEFAULT_SUCCESS_NOTICE]);
    });

    for (const how of SHIPMENTS) {
      it(`${path}: request after shipment by ${how} → FAIL naming the parcel, never 拦截成功`, async () => {
        const c = await core();
        const tid = nextTid();
        await arrive(c, path, orderFacts(tid, 'paid', null));
        const tracking = await ship(c, how, tid, path);
        request(c, tid, `r-${tid}`);
        const o = await outcome(c, tid, `r-${tid}`);
        assert.equal(o.result, 'FAIL', o.message);
        assert.deepEqual(o.results, ['FAIL']);
        if (tracking) assert.match(o.message, new RegExp(`顺丰速运 ${tracking}`));
        assert.ok(!o.buyer.includes(DEFAULT_SUCCESS_NOTICE), 'the buyer is never told 拦截成功');
        assert.deepEqual(o.buyer, [DEFAULT_RECEIVED_NOTICE]);
      });
    }

    it(`${path}: request after a refund → FAIL 已退款, nothing locked, no notice`, async () => {
      const c = await core();
      const tid = nextTid();
      await arrive(c, path, orderFacts(tid, 'paid', null));
      c.postEvents(ev('refund.completed', { tid, refundFee: 9900, completedAt: iso(T + HOUR) }, T + HOUR));
      request(c, tid, `r-${tid}`);
      const o = await outcome(c, tid, `r-${tid}`);
      assert.equal(o.result, 'FAIL');
      assert.match(o.message, /已关闭|已退款/);
      assert.deepEqual(o.locked, []);
      assert.deepEqual(o.buyer, []);
      assert.equal(o.memo, false);
    });
  }

  it('export: request before an order that arrives as 卖家已发货 with a tracking number → FAIL naming it', async () => {
    const c = await core();
    const tid = nextTid();
    request(c, tid, `r-${tid}`);
    await arrive(c, 'export', orderFacts(tid, 'shipped', 'SF7788990011'));
    const o = await outcome(c, tid, `r-${tid}`);
    assert.equal(o.result, 'FAIL');
    assert.match(o.message, /顺丰速运 SF7788990011/);
    assert.deepEqual(o.buyer, [DEFAULT_RECEIVED_NOTICE]);
  });

  it('export: request before an order exported 交易成功 → FAIL', async () => {
    const c = await core();
    const tid = nextTid();
    request(c, tid, `r-${tid}`);
    await arrive(c, 'export', orderFacts(tid, 'succeeded', 'SF5566'));
    const o = await outcome(c, tid, `r-${tid}`);
    assert.equal(o.result, 'FAIL');
    assert.match(o.message, /SF5566/);
  });

  it('event: request and shipment both before the order → the shipment is applied first, FAIL naming it', async () => {
    const c = await core();
    const tid = nextTid();
    request(c, tid, `r-${tid}`);
    c.postEvents(ev('order.shipped', { tid, carrier: '中通快递', trackingNo: 'ZT1234', shippedAt: iso(T) }));
    await arrive(c, 'event', orderFacts(tid, 'paid', null));
    const o = await outcome(c, tid, `r-${tid}`);
    assert.equal(o.result, 'FAIL');
    assert.match(o.message, /中通快递 ZT1234/);
  });

  it('export: request and refund both before the order → settled at once when the export arrives: FAIL 已退款', async () => {
    const c = await core();
    const tid = nextTid();
    request(c, tid, `r-${tid}`);
    c.postEvents(ev('refund.completed', { tid, refundFee: 9900, completedAt: iso(T) }));
    await arrive(c, 'export', orderFacts(tid, 'paid', null));
    const o = await outcome(c, tid, `r-${tid}`);
    // The refund waited for its order and was applied on arrival, before the request was decided.
    assert.equal((await c.dispatch('orders.get', { tid })).status, 'closed');
    assert.equal(o.result, 'FAIL');
    assert.deepEqual(o.locked, []);
  });

  it('jsonl: a withdrawal before its request and order → the request ends withdrawn, nothing locked', async () => {
    const c = await core();
    const tid = nextTid();
    c.postEvents(ev('interception.withdrawn', { requestId: `r-${tid}`, by: 'buyer' }));
    request(c, tid, `r-${tid}`);
    await arrive(c, 'jsonl', orderFacts(tid, 'paid', null));
    const v = await c.dispatch('interceptions.get', { requestId: `r-${tid}` });
    assert.equal(v.status, 'withdrawn');
    assert.deepEqual((await outcome(c, tid, `r-${tid}`)).locked, []);
  });

  it('clerk: a request in the app locks at once; a later platform shipment raises locked_line_shipped, never SUCCESS twice', async () => {
    const c = await core();
    const tid = nextTid();
    await arrive(c, 'event', orderFacts(tid, 'paid', null));
    const v = await c.dispatch('interceptions.create', { tid, reason: '客户来电' });
    assert.equal(v.result, 'SUCCESS');
    c.postEvents(ev('order.shipped', { tid, carrier: '顺丰速运', trackingNo: 'SF-LEFT', shippedAt: iso(T + HOUR) }, T + HOUR));
    const alerts = (await c.dispatch('alerts.list', { state: 'open' })).items.filter((a) => a.tid === tid);
    assert.deepEqual(
      alerts.map((a) => a.kind),
      ['locked_line_shipped'],
    );
    const o = await outcome(c, tid, v.requestId);
    assert.deepEqual(o.results, ['SUCCESS']);
  });
});
