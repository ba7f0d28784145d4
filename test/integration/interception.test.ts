import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ShipLockError } from '../../electron/app/errors.js';
import { makeCore, type TestCore } from '../helpers/core.js';
import { fixtureEvents } from '../helpers/fixtures.js';

const NOW = Date.parse('2026-11-11T12:00:00+08:00');
const cores: TestCore[] = [];
after(() => cores.forEach((c) => c.close()));

const events = fixtureEvents();
const orderEvents = events.filter((e) => e.type === 'order.upserted');
const upsertOf = (tid: string) =>
  structuredClone(orderEvents.find((e) => (e.payload as { tid: string }).tid === tid)!) as {
    id: string;
    occurredAt: string;
    payload: { tid: string; lines: Array<{ oid: string }> };
  };

/** A core with all fixture orders loaded (no interception events), optionally with the interception setup done. */
async function core(opts: { ready?: boolean } = {}): Promise<TestCore> {
  const c = makeCore({ now: NOW });
  cores.push(c);
  c.postEvents(orderEvents);
  if (opts.ready !== false) {
    await c.dispatch('settings.update', {
      interception: {
        memoText: '拦截发货,勿发',
        termsAgreed: true,
        flag: 1,
        receivedNotice: '已收到',
        successNotice: '拦截成功',
        buyerCardWindow: null,
        orderWaitMinutes: 30,
      },
    });
  }
  return c;
}

let seq = 0;
function request(payload: Record<string, unknown>, occurredAt = '2026-11-11T11:00:00+08:00') {
  return { id: `evt-req-${++seq}`, type: 'interception.requested', platform: 'taobao', occurredAt, payload };
}
function shipped(tid: string, oids: string[] | undefined, trackingNo = 'ZT9001') {
  return {
    id: `evt-ship-${++seq}`,
    type: 'order.shipped',
    platform: 'taobao',
    occurredAt: '2026-11-11T11:30:00+08:00',
    payload: { tid, ...(oids ? { oids } : {}), carrier: '中通快递', trackingNo, shippedAt: '2026-11-11T11:30:00+08:00' },
  };
}

async function outbox(c: TestCore) {
  return (await c.dispatch('outbox.list', { after: 0, limit: 1000 })).items;
}
const results = (items: Awaited<ReturnType<typeof outbox>>, requestId: string) =>
  items.filter((i) => i.type === 'interception.result' && i.payload.requestId === requestId);

function expectApiError(p: Promise<unknown>, status: number, path?: string) {
  return assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ShipLockError, String(e));
    assert.equal(e.status, status, e.message);
    if (path) assert.equal(e.path, path, e.message);
    return true;
  });
}

describe('interception requests', () => {
  it('locks the whole order, appends the memo and flag once, tells the buyer, reports SUCCESS once', async () => {
    const c = await core();
    const req = request({ requestId: 'icp-1', tid: '3921004455660070', source: 'customer_service', reason: '地址填错' });
    c.postEvents(req);
    c.postEvents({ ...req, id: 'evt-redelivered' }); // same request, new event id
    c.postEvents(req); // same event again
    const v = await c.dispatch('interceptions.get', { requestId: 'icp-1' });
    assert.equal(v.status, 'locked');
    assert.equal(v.result, 'SUCCESS');
    assert.equal(v.lockedOids.length, 3);
    assert.deepEqual(
      v.history.map((h) => [h.from, h.to]),
      [
        [null, 'received'],
        ['received', 'locked'],
      ],
    );
    const o = await c.dispatch('orders.get', { tid: '3921004455660070' });
    assert.equal(o.locked, true);
    assert.ok(o.lines.every((l) => l.locked));
    assert.equal(o.sellerMemo, '拦截发货,勿发');
    assert.equal(o.sellerFlag, 1);
    const out = await outbox(c);
    assert.deepEqual(
      out.map((e) => e.type),
      ['order.memo_updated', 'buyer.message', 'interception.result', 'buyer.message'],
    );
    assert.deepEqual(out.map((e) => (e.payload.text as string | undefined) ?? null).filter(Boolean), ['已收到', '拦截成功']);
    assert.equal(results(out, 'icp-1')[0]!.payload.status, 'SUCCESS');
    // A second request on the same order does not append the memo again.
    c.postEvents(request({ requestId: 'icp-2', tid: '3921004455660070', source: 'buyer_card' }));
    assert.equal((await c.dispatch('orders.get', { tid: '3921004455660070' })).sellerMemo, '拦截发货,勿发');
  });

  it('before the setup is done it still locks and decides, but writes no memo and sends no buyer notice', async () => {
    const c = await core({ ready: false });
    c.postEvents(request({ requestId: 'icp-s', tid: '3921004455660000', source: 'buyer_card' }));
    const v = await c.dispatch('interceptions.get', { requestId: 'icp-s' });
    assert.equal(v.status, 'locked');
    assert.match(v.history.at(-1)!.note, /拦截设置未完成/);
    assert.deepEqual(
      (await outbox(c)).map((e) => e.type),
      ['interception.result'],
    );
    assert.equal((await c.dispatch('orders.get', { tid: '3921004455660000' })).sellerMemo, '');
    assert.equal((await c.dispatch('app.status', {})).interceptionReady, false);
  });

  it('a sub-order request locks only those lines', async () => {
    const c = await core();
    const oids = upsertOf('3921004455660070').payload.lines.map((l) => l.oid);
    c.postEvents(request({ requestId: 'icp-sub', tid: '3921004455660070', oids: [oids[1]], source: 'buyer_card' }));
    const o = await c.dispatch('orders.get', { tid: '3921004455660070' });
    assert.deepEqual(
      o.lines.map((l) => l.locked),
      [false, true, false],
    );
    assert.deepEqual(results(await outbox(c), 'icp-sub')[0]!.payload.oids, [oids[1]]);
  });

  it('a clerk’s request naming a sub-order the order does not have: refused in the clerk’s language, naming it; nothing stored', async () => {
    // "Bad input gets a clear error naming … field (in the UI's language), and loses nothing."
    const c = await core();
    const tid = '3921004455660070';
    const other = upsertOf('3921004455660000').payload.lines[0]!.oid;
    const before = c.db.get<{ n: number }>({ text: 'SELECT COUNT(*) AS n FROM interceptions', params: [] })!.n;
    for (const [oids, text] of [
      [['3921004455669999'], `子订单 3921004455669999 不是订单 ${tid} 的商品`],
      [[other], `子订单 ${other} 属于订单 3921004455660000`],
    ] as const) {
      await assert.rejects(
        c.dispatch('interceptions.create', { tid, oids: [...oids], reason: '客户要求', by: '客服小李' }),
        (e: unknown) => {
          assert.ok(e instanceof ShipLockError, String(e));
          assert.equal(e.status, 400);
          assert.equal(e.path, 'oids[0]');
          assert.ok(e.message.includes(text), e.message);
          return true;
        },
      );
    }
    assert.equal(c.db.get<{ n: number }>({ text: 'SELECT COUNT(*) AS n FROM interceptions', params: [] })!.n, before);
    assert.equal(
      c.db.get<{ n: number }>({ text: 'SELECT COUNT(*) AS n FROM order_lines WHERE tid = ? AND locked = 1', params: [tid] })!.n,
      0,
    );
  });

  it('FAIL when a targeted line already left, naming carrier and tracking; the rest stay locked', async () => {
    const c = await core();
    const oids = upsertOf('3921004455660070').payload.lines.map((l) => l.oid);
    c.postEvents(shipped('3921004455660070', [oids[0]!], 'ZT777'));
    c.postEvents(request({ requestId: 'icp-f', tid: '3921004455660070', source: 'customer_service', reason: '不要了' }));
    const v = await c.dispatch('interceptions.get', { requestId: 'icp-f' });
    assert.equal(v.status, 'failed');
    assert.equal(v.result, 'FAIL');
    assert.match(v.message!, /中通快递 ZT777/);
    assert.deepEqual(v.lockedOids, [oids[1], oids[2]].sort());
    const r = results(await outbox(c), 'icp-f');
    assert.equal(r.length, 1);
    assert.equal(r[0]!.payload.status, 'FAIL');
    // The clerk can release what the failed request still holds.
    await c.dispatch('interceptions.release', { requestId: 'icp-f', reason: '客服确认继续发货' });
    assert.equal((await c.dispatch('orders.get', { tid: '3921004455660070' })).locked, false);
  });

  it('a request for an order not yet known waits, then is decided when the order arrives', async () => {
    const c = makeCore({ now: NOW });
    cores.push(c);
    c.postEvents(request({ requestId: 'icp-w', tid: '3921004455660020', source: 'buyer_card' }));
    assert.equal((await c.dispatch('interceptions.get', { requestId: 'icp-w' })).status, 'waiting');
    assert.equal((await outbox(c)).length, 0);
    c.postEvents(upsertOf('3921004455660020'));
    const v = await c.dispatch('interceptions.get', { requestId: 'icp-w' });
    assert.equal(v.status, 'locked');
    assert.deepEqual(
      v.history.map((h) => h.to),
      ['waiting', 'received', 'locked'],
    );
  });

  it('a request whose order never arrives fails as 订单不存在 after the configured wait', async () => {
    const c = await core();
    c.postEvents(request({ requestId: 'icp-missing', tid: '3921009999999990', source: 'platform' }));
    c.setNow(NOW + 29 * 60_000);
    assert.equal(c.scheduler.runJob('interception_wait')?.candidates, 0);
    c.setNow(NOW + 30 * 60_000);
    assert.equal(c.scheduler.runJob('interception_wait')?.candidates, 1);
    const v = await c.dispatch('interceptions.get', { requestId: 'icp-missing' });
    assert.equal(v.status, 'failed');
    assert.match(v.message!, /订单不存在/);
    assert.equal(results(await outbox(c), 'icp-missing').length, 1);
  });

  it('a withdrawal before the request ends it as withdrawn; after the lock it releases the lines', async () => {
    const c = await core();
    c.postEvents({
      id: 'evt-wd-1',
      type: 'interception.withdrawn',
      platform: 'taobao',
      occurredAt: '2026-11-11T11:05:00+08:00',
      payload: { requestId: 'icp-early', by: 'buyer' },
    });
    c.postEvents(request({ requestId: 'icp-early', tid: '3921004455660080', source: 'buyer_card' }));
    const early = await c.dispatch('interceptions.get', { requestId: 'icp-early' });
    assert.equal(early.status, 'withdrawn');
    assert.equal(early.result, 'FAIL');
    assert.equal((await c.dispatch('orders.get', { tid: '3921004455660080' })).locked, false);

    c.postEvents(request({ requestId: 'icp-late', tid: '3921004455660090', source: 'buyer_card' }));
    assert.equal((await c.dispatch('orders.get', { tid: '3921004455660090' })).locked, true);
    c.postEvents({
      id: 'evt-wd-2',
      type: 'interception.withdrawn',
      platform: 'taobao',
      occurredAt: '2026-11-11T11:10:00+08:00',
      payload: { requestId: 'icp-late', by: 'buyer', reason: '继续发货' },
    });
    const late = await c.dispatch('interceptions.get', { requestId: 'icp-late' });
    assert.equal(late.status, 'released');
    assert.equal((await c.dispatch('orders.get', { tid: '3921004455660090' })).locked, false);
    assert.equal(results(await outbox(c), 'icp-late').length, 1, 'no second result for a withdrawal after the decision');
  });

  it('an order.shipped for a locked line raises the critical alert at once', async () => {
    const c = await core();
    c.postEvents(request({ requestId: 'icp-race', tid: '3921004455660100', source: 'customer_service', reason: '拍错了' }));
    c.postEvents(shipped('3921004455660100', undefined, 'ZT5555'));
    const alerts = (await c.dispatch('alerts.list', { state: 'open' })).items;
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!.kind, 'locked_line_shipped');
    assert.equal(alerts[0]!.severity, 'critical');
    assert.match(alerts[0]!.detail, /ZT5555/);
    assert.match((await c.dispatch('interceptions.get', { requestId: 'icp-race' })).history.at(-1)!.note, /离库/);
    // Releasing (or refunding) the request clears the condition and the alert.
    await c.dispatch('interceptions.refund', { requestId: 'icp-race', reason: '已退款,快递拦截中' });
    assert.equal((await c.dispatch('alerts.list', { state: 'open' })).items.length, 0);
  });

  it('a request that races a shipment in the same batch is decided in batch order', async () => {
    const c = await core();
    c.postEvents([
      shipped('3921004455660110', undefined, 'ZT1234'),
      request({ requestId: 'icp-b', tid: '3921004455660110', source: 'buyer_card' }),
    ]);
    assert.equal((await c.dispatch('interceptions.get', { requestId: 'icp-b' })).result, 'FAIL');
    c.postEvents([
      request({ requestId: 'icp-c', tid: '3921004455660120', source: 'buyer_card' }),
      shipped('3921004455660120', undefined, 'ZT4321'),
    ]);
    assert.equal((await c.dispatch('interceptions.get', { requestId: 'icp-c' })).result, 'SUCCESS');
    assert.equal((await c.dispatch('alerts.list', { state: 'open' })).items[0]!.tid, '3921004455660120');
  });

  it('refund.completed cancels the locked lines and ends the request as refunded', async () => {
    const c = await core();
    c.postEvents(request({ requestId: 'icp-r', tid: '3921004455660130', source: 'buyer_card' }));
    c.postEvents({
      id: 'evt-refund',
      type: 'refund.completed',
      platform: 'taobao',
      occurredAt: '2026-11-11T12:00:00+08:00',
      payload: { tid: '3921004455660130', refundFee: 3290, completedAt: '2026-11-11T12:00:00+08:00' },
    });
    const v = await c.dispatch('interceptions.get', { requestId: 'icp-r' });
    assert.equal(v.status, 'refunded');
    const o = await c.dispatch('orders.get', { tid: '3921004455660130' });
    assert.equal(o.status, 'closed');
    assert.equal(o.locked, false);
    assert.equal(o.lines[0]!.state, 'refunded');
  });

  it('malformed requests are a 400 naming the field, and nothing of the batch is stored', async () => {
    const c = await core();
    const before = c.db.get<{ n: number }>({ text: 'SELECT COUNT(*) AS n FROM event_log', params: [] })!.n;
    const other = upsertOf('3921004455660010').payload.lines[0]!.oid;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ requestId: 'bad-1', tid: '3921004455660000', oids: ['3921004455669999'], source: 'buyer_card' }, '[1].payload.oids[0]'],
      [{ requestId: 'bad-2', tid: '3921004455660000', oids: [other], source: 'buyer_card' }, '[1].payload.oids[0]'],
      [{ requestId: 'bad-4', tid: '3921004455660000', oids: [], source: 'buyer_card' }, '[1].payload.oids'],
    ];
    for (const [payload, path] of cases) {
      assert.throws(
        () => c.postEvents([request({ requestId: 'ok-1', tid: '3921004455660140', source: 'buyer_card' }), request(payload)]),
        (e: unknown) => {
          assert.ok(e instanceof ShipLockError);
          assert.equal(e.status, 400);
          assert.equal(e.path, path);
          return true;
        },
      );
    }
    assert.equal(c.db.get<{ n: number }>({ text: 'SELECT COUNT(*) AS n FROM event_log', params: [] })!.n, before);
    assert.equal(c.db.get<{ n: number }>({ text: 'SELECT COUNT(*) AS n FROM interceptions', params: [] })!.n, 0);
    // Through the UI contract as well.
    await expectApiError(c.dispatch('interceptions.create', { tid: '3921004455660000', reason: '' }), 400, 'reason');
    await expectApiError(c.dispatch('interceptions.create', { tid: '3921004455660000', oids: [other], reason: '测试' }), 400, 'oids[0]');
    await expectApiError(c.dispatch('interceptions.create', { tid: '1234', reason: '测试' }), 404, 'tid');
    assert.equal(c.db.get<{ n: number }>({ text: 'SELECT COUNT(*) AS n FROM interceptions', params: [] })!.n, 0);
  });

  it('a buyer card outside the active window fails; a clerk request the same day works', async () => {
    const c = await core();
    const s = (await c.dispatch('settings.get', {})).interception;
    await c.dispatch('settings.update', {
      interception: { ...s, buyerCardWindow: { from: '2026-11-11T00:00:00+08:00', to: '2026-11-11T10:00:00+08:00' } },
    });
    c.postEvents(request({ requestId: 'icp-card', tid: '3921004455660150', source: 'buyer_card' }, '2026-11-11T11:00:00+08:00'));
    const v = await c.dispatch('interceptions.get', { requestId: 'icp-card' });
    assert.equal(v.result, 'FAIL');
    assert.deepEqual(v.lockedOids, []);
    const manual = await c.dispatch('interceptions.create', { tid: '3921004455660150', reason: '客服电话要求' });
    assert.equal(manual.status, 'locked');
  });
});

describe('enforcement', () => {
  it('a locked line cannot be marked shipped; after release it can', async () => {
    const c = await core();
    const m = await c.dispatch('interceptions.create', { tid: '3921004455660160', reason: '买家来电' });
    await expectApiError(
      c.dispatch('orders.markShipped', { tid: '3921004455660160', carrier: '中通快递', trackingNo: 'ZT1' }),
      409,
      'oids',
    );
    await expectApiError(c.dispatch('interceptions.release', { requestId: m.requestId, reason: '' }), 400, 'reason');
    await c.dispatch('interceptions.release', { requestId: m.requestId, reason: '买家确认继续发货' });
    const o = await c.dispatch('orders.markShipped', { tid: '3921004455660160', carrier: '中通快递', trackingNo: 'ZT1' });
    assert.equal(o.status, 'shipped');
    await expectApiError(
      c.dispatch('orders.markShipped', { tid: '3921004455660170', carrier: '中通快递', trackingNo: 'ZT1' }),
      409,
      'trackingNo',
    );
  });

  it('无需物流 is refused for a partly shipped order', async () => {
    const c = await core();
    const oids = upsertOf('3921004455660210').payload.lines.map((l) => l.oid);
    await c.dispatch('orders.markShipped', { tid: '3921004455660210', oids: [oids[0]!], carrier: 'SF', trackingNo: 'SF1' });
    await expectApiError(c.dispatch('orders.markShipped', { tid: '3921004455660210', noLogistics: true }), 409, 'noLogistics');
  });

  it('the pending list flags locked orders and can filter them; the pack scan blocks them', async () => {
    const c = await core();
    c.postEvents(request({ requestId: 'icp-l', tid: '3921004455660000', source: 'buyer_card' }));
    const locked = await c.dispatch('orders.list', { view: 'pending', locked: true });
    assert.deepEqual(
      locked.items.map((o) => o.tid),
      ['3921004455660000'],
    );
    const s = await c.dispatch('pack.scan', { code: '3921004455660000' });
    assert.equal(s.match, 'tid');
    assert.ok(s.blocked);
    assert.deepEqual(s.blocked.requestIds, ['icp-l']);
    const ok = await c.dispatch('pack.scan', { code: '3921004455660010' });
    assert.equal(ok.blocked, null);
    assert.equal(ok.order?.tid, '3921004455660010');
    const bag = await c.dispatch('pack.scan', { code: '6901234567854' }); // BAG-CANVAS: several open orders
    assert.equal(bag.match, 'barcode');
    assert.ok(bag.candidates.length > 1);
    assert.ok(bag.candidates.some((x) => x.tid === '3921004455660000' && x.locked));
  });
});

describe('outbox delivery', () => {
  it('delivers in order per order with backoff, at least once, without blocking locks', async () => {
    const c = await core();
    const calls: Array<{ id: string; ok: boolean }> = [];
    let failing = true;
    c.deliverer['o'].fetch = (async (_url: string, init: { body: string }) => {
      const env = JSON.parse(init.body) as { id: string };
      const ok = !failing;
      calls.push({ id: env.id, ok });
      return new Response(null, { status: ok ? 200 : 503 });
    }) as unknown as typeof fetch;
    await c.dispatch('settings.update', { outboxUrl: 'http://127.0.0.1:9/hook' });
    c.postEvents(request({ requestId: 'icp-o', tid: '3921004455660180', source: 'buyer_card' }));
    assert.equal((await c.dispatch('interceptions.get', { requestId: 'icp-o' })).status, 'locked', 'the lock does not wait for delivery');
    assert.equal(await c.deliverer.tick(), 0);
    assert.equal(calls.length, 1, 'later messages of the same order wait behind the failed one');
    assert.equal(await c.deliverer.tick(), 0, 'not retried before its backoff');
    failing = false;
    c.setNow(NOW + 1000);
    const n = await c.deliverer.tick();
    assert.equal(n, 4, JSON.stringify({ calls, rows: c.db.all({ text: 'select * from outbox_delivery', params: [] }) }));
    const ids = calls.filter((x) => x.ok).map((x) => x.id);
    const seqOrder = (await outbox(c)).map((e) => e.id);
    assert.deepEqual(ids, seqOrder);
    assert.equal(await c.deliverer.tick(), 0, 'delivered once');
  });

  it('GET outbox pages with a stable cursor', async () => {
    const c = await core();
    c.postEvents([
      request({ requestId: 'p1', tid: '3921004455660190', source: 'buyer_card' }),
      request({ requestId: 'p2', tid: '3921004455660200', source: 'buyer_card' }),
    ]);
    const first = await c.dispatch('outbox.list', { after: 0, limit: 3 });
    const second = await c.dispatch('outbox.list', { after: Number(first.cursor), limit: 100 });
    const all = await c.dispatch('outbox.list', { after: 0, limit: 100 });
    assert.deepEqual(
      [...first.items, ...second.items].map((e) => e.id),
      all.items.map((e) => e.id),
    );
    assert.equal(all.items.length, 8);
    const empty = await c.dispatch('outbox.list', { after: Number(all.cursor), limit: 100 });
    assert.deepEqual(empty, { items: [], cursor: all.cursor });
  });
});
