import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ShipLockError } from '../../electron/app/errors.js';
import { makeCore, type TestCore } from '../helpers/core.js';
import { fixtureEvents } from '../helpers/fixtures.js';

const cores: TestCore[] = [];
const core = () => {
  const c = makeCore({ now: Date.parse('2026-11-11T12:00:00+08:00') });
  cores.push(c);
  return c;
};
after(() => cores.forEach((c) => c.close()));

const count = (c: TestCore, table: string) => c.db.get<{ n: number }>({ text: `SELECT COUNT(*) AS n FROM ${table}`, params: [] })!.n;
const events = fixtureEvents();
const upsert = (tid: string) =>
  structuredClone(events.find((e) => (e.payload as { tid: string }).tid === tid && e.type === 'order.upserted')!) as {
    id: string;
    type: string;
    platform: string;
    occurredAt: string;
    payload: Record<string, unknown> & { lines: Array<{ oid: string }> };
  };

function rejects(fn: () => unknown, status: number, path?: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ShipLockError, String(e));
    assert.equal(e.status, status, e.message);
    if (path !== undefined) assert.equal(e.path, path, e.message);
    return true;
  });
}

describe('signed events', () => {
  it('accepts the fixture stream as one batch and dedupes redelivery', async () => {
    const c = core();
    assert.deepEqual(c.postEvents(events), { accepted: 44, duplicates: 0 });
    assert.deepEqual(c.postEvents(events.slice(0, 3)), { accepted: 0, duplicates: 3 });
    assert.equal(count(c, 'event_log'), 44);
    const states = c.db.all<{ state: string; n: number }>({
      text: 'SELECT state, COUNT(*) AS n FROM event_log GROUP BY state ORDER BY state',
      params: [],
    });
    assert.deepEqual(states, [{ state: 'applied', n: 44 }]);
    const page = await c.dispatch('orders.list', { view: 'pending', limit: 500 });
    assert.equal(page.total, 40);
    const deadlines = page.items.map((o) => o.shipDeadline!);
    assert.deepEqual(
      deadlines,
      [...deadlines].sort((a, b) => a - b),
      'ordered by ship deadline',
    );
  });

  it('a duplicate inside one batch counts once', () => {
    const c = core();
    const e = upsert('3921004455660000');
    assert.deepEqual(c.postEvents([e, e]), { accepted: 1, duplicates: 1 });
  });

  it('settles out-of-order upserts by occurredAt', async () => {
    const c = core();
    const older = upsert('3921004455660000');
    const newer = structuredClone(older);
    newer.id = 'evt-newer';
    newer.occurredAt = '2026-11-11T05:00:00+08:00';
    newer.payload.sellerMemo = '新备注';
    newer.payload.sellerFlag = 4;
    c.postEvents(newer);
    c.postEvents(older); // arrives late
    const o = await c.dispatch('orders.get', { tid: '3921004455660000' });
    assert.equal(o.sellerMemo, '新备注');
    assert.equal(o.sellerFlag, 4);
    const late = c.db.get<{ state: string }>({ text: 'SELECT state FROM event_log WHERE id = ?', params: [older.id] });
    assert.equal(late?.state, 'stale');
  });

  it('an event for an order not yet known waits, then applies when the order arrives', async () => {
    const c = core();
    const tid = '3921004455660020';
    const shipped = {
      id: 'evt-ship-1',
      type: 'order.shipped',
      platform: 'taobao',
      occurredAt: '2026-11-11T09:00:00+08:00',
      payload: { tid, carrier: '中通快递', trackingNo: 'ZT100200300', shippedAt: '2026-11-11T09:00:00+08:00' },
    };
    const scanned = {
      id: 'evt-scan-1',
      type: 'logistics.scanned',
      platform: 'taobao',
      occurredAt: '2026-11-11T10:00:00+08:00',
      payload: { carrier: '中通快递', trackingNo: 'ZT100200300', scannedAt: '2026-11-11T10:00:00+08:00', state: 'picked_up' },
    };
    c.postEvents([scanned, shipped]);
    assert.equal(count(c, 'orders'), 0);
    c.postEvents(upsert(tid));
    const o = await c.dispatch('orders.get', { tid });
    assert.equal(o.status, 'picked_up');
    assert.equal(o.lines[0]!.trackingNo, 'ZT100200300');
    assert.equal(o.lines[0]!.state, 'shipped');
    const pending = await c.dispatch('orders.list', { view: 'pending' });
    assert.equal(pending.total, 0);
  });

  it('partial shipment keeps the order pending; refunds close it; trade success expires the secret number', async () => {
    const c = core();
    const tid = '3921004455660070';
    const up = upsert(tid);
    c.postEvents(up);
    const oids = up.payload.lines.map((l) => l.oid);
    c.postEvents({
      id: 'e1',
      type: 'order.shipped',
      platform: 'taobao',
      occurredAt: '2026-11-11T09:00:00+08:00',
      payload: { tid, oids: [oids[0]], carrier: 'SF', trackingNo: 'SF1', shippedAt: '2026-11-11T09:00:00+08:00' },
    });
    let o = await c.dispatch('orders.get', { tid });
    assert.equal(o.status, 'paid');
    assert.deepEqual(
      o.lines.map((l) => l.state),
      ['shipped', 'open', 'open'],
    );
    c.postEvents({
      id: 'e2',
      type: 'refund.completed',
      platform: 'taobao',
      occurredAt: '2026-11-11T10:00:00+08:00',
      payload: { tid, oids: oids.slice(1), refundFee: 100, completedAt: '2026-11-11T10:00:00+08:00' },
    });
    o = await c.dispatch('orders.get', { tid });
    assert.equal(o.status, 'shipped', 'the one live line has shipped');
    c.postEvents({
      id: 'e3',
      type: 'trade.succeeded',
      platform: 'taobao',
      occurredAt: '2026-11-12T10:00:00+08:00',
      payload: { tid, succeededAt: '2026-11-12T10:00:00+08:00' },
    });
    o = await c.dispatch('orders.get', { tid });
    assert.equal(o.status, 'succeeded');
    assert.equal(o.contact.phone, null, 'number protection hides the receiver phone');
    assert.equal(o.contact.secretNo, '170****4544');
    assert.equal(o.contact.secretExpiresAt, Date.parse('2026-11-27T10:00:00+08:00'));
    assert.equal(o.contact.secretExpired, false);
    c.setNow(Date.parse('2026-11-27T10:00:00+08:00'));
    o = await c.dispatch('orders.get', { tid });
    assert.equal(o.contact.secretExpired, true);
  });

  it('an event naming an oid of another order is kept but refused', async () => {
    const c = core();
    c.postEvents([upsert('3921004455660000'), upsert('3921004455660010')]);
    c.postEvents({
      id: 'e-wrong',
      type: 'order.shipped',
      platform: 'taobao',
      occurredAt: '2026-11-11T09:00:00+08:00',
      payload: {
        tid: '3921004455660000',
        oids: ['3921004455660011'],
        carrier: 'SF',
        trackingNo: 'SF9',
        shippedAt: '2026-11-11T09:00:00+08:00',
      },
    });
    const row = c.db.get<{ state: string; note: string }>({ text: "SELECT state, note FROM event_log WHERE id = 'e-wrong'", params: [] });
    assert.equal(row?.state, 'rejected');
    assert.match(row!.note, /3921004455660011/);
    const o = await c.dispatch('orders.get', { tid: '3921004455660000' });
    assert.equal(o.lines[0]!.state, 'open');
  });

  it('a bad signature, a missing one or a stale timestamp is 401 and stores nothing', () => {
    const c = core();
    rejects(() => c.postEvents(events.slice(0, 2), { secret: 'wrong-secret-xxxxxxxx' }), 401);
    rejects(() => c.postEvents(events.slice(0, 2), { timestamp: Math.floor(c.now() / 1000) - 301 }), 401);
    rejects(() => c.postEvents(events.slice(0, 2), { timestamp: Math.floor(c.now() / 1000) + 301 }), 401);
    rejects(() => c.ingestSigned(Buffer.from('[]'), { timestamp: String(Math.floor(c.now() / 1000)), signature: null }), 401);
    assert.equal(count(c, 'event_log'), 0);
    // 300 s is still inside the window.
    assert.deepEqual(c.postEvents(events.slice(0, 1), { timestamp: Math.floor(c.now() / 1000) - 300 }), { accepted: 1, duplicates: 0 });
  });

  it('a malformed envelope is 400 naming the first bad field, and the whole batch is refused', () => {
    const c = core();
    const bad = upsert('3921004455660010');
    (bad.payload.lines[0] as Record<string, unknown>).qty = 0;
    rejects(() => c.postEvents([events[0], bad]), 400, '[1].payload.lines[0].qty');
    rejects(() => c.postEvents({ ...events[0], occurredAt: 'yesterday' }), 400, 'occurredAt');
    rejects(() => c.postEvents({ ...events[0], type: 'order.exploded' }), 400, 'type');
    rejects(() => c.postEvents([]), 400);
    assert.equal(count(c, 'event_log'), 0);
    assert.equal(count(c, 'orders'), 0);
  });

  it('an upsert may not take a line of another order: the batch is refused, naming the line and its order', () => {
    const c = core();
    const first = upsert('3921004455660010');
    c.postEvents(first);
    const taken = first.payload.lines[0]!.oid;
    const thief = structuredClone(first);
    thief.id = 'evt-thief';
    thief.payload.tid = '3921009999990000';
    thief.payload.lines = [
      { ...thief.payload.lines[0]!, oid: '3921009999990001' },
      { ...thief.payload.lines[0]!, oid: taken },
    ];
    const before = { orders: count(c, 'orders'), lines: count(c, 'order_lines'), log: count(c, 'event_log') };
    assert.throws(
      () => c.postEvents([upsert('3921004455660020'), thief]),
      (e: unknown) => {
        assert.ok(e instanceof ShipLockError, String(e));
        assert.equal(e.status, 400);
        assert.equal(e.path, '[1].payload.lines[1].oid');
        assert.match(e.message, new RegExp(`子订单 ${taken} 属于订单 3921004455660010,不能移到订单 3921009999990000`));
        return true;
      },
    );
    assert.deepEqual({ orders: count(c, 'orders'), lines: count(c, 'order_lines'), log: count(c, 'event_log') }, before);
  });

  it('keeps unknown extra fields in the log', () => {
    const c = core();
    const e = { ...upsert('3921004455660000'), traceId: 'abc' };
    c.postEvents(e);
    const row = c.db.get<{ envelope: string }>({ text: 'SELECT envelope FROM event_log WHERE id = ?', params: [e.id] });
    assert.equal(JSON.parse(row!.envelope).traceId, 'abc');
  });
});
