// Random but valid histories of a few orders: every event type and the clerk's actions, in any order, with
// later views that rename, re-code, drop and add lines, change status, encrypt the receiver or turn number
// protection on. Each step through the public paths (signed events as POST /api/events, contract methods as
// IPC/HTTP). What must hold after every step:
// - no step is a 5xx or an error other than the contract's own (a refusal is a 4xx naming why; platforms
//   redeliver a 5xx forever, so one would stall the event stream);
// - "reports SUCCESS only when every targeted line is provably still here" (the product promise; rules.md §1:
//   not shipped by any source, order not shipped/picked_up/succeeded/closed, not refunded): every SUCCESS the
//   step put in the outbox names lines that are in the warehouse after the step;
// - nothing is packed out or marked shipped while locked, and a closed order is never packed out;
// - "never shows a clerk a buyer's real phone number": no list, order, queue or alert answer holds one;
// - the store stays consistent: no foreign key points nowhere, integrity_check is ok.
// The first version of this test found migration 013's bug (a renamed line of a queued order: 500).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { ShipLockError } from '../../electron/app/errors.js';
import { makeCore, type TestCore } from '../helpers/core.js';
import { fixtureEvents } from '../helpers/fixtures.js';

const T0 = Date.parse('2026-11-11T12:00:00+08:00');
const cores: TestCore[] = [];
after(() => cores.forEach((c) => c.close()));

type Upsert = {
  id: string;
  type: 'order.upserted';
  platform: string;
  occurredAt: string;
  payload: {
    tid: string;
    status: string;
    buyer: { name: string; phone?: string | null; privacy?: unknown; address: { detail: string } };
    lines: Array<{ oid: string; sku: string; title: string; qty: number; bin?: string | null; barcode?: string | null }>;
  } & Record<string, unknown>;
};

// Four fixture orders with one to three lines each, on two platforms where the fixture has them.
const BASE = (fixtureEvents() as Upsert[]).filter((e) => e.type === 'order.upserted');
const ORDERS = [...new Map(BASE.map((e) => [e.payload.lines.length, e])).values()]
  .concat(BASE.filter((e) => e.platform !== 'taobao').slice(0, 1))
  .slice(0, 4);
const TIDS = ORDERS.map((o) => o.payload.tid);
/** Real-looking phones the buyers give; none may ever reach a clerk's screen. */
const PHONES = ['13812345678', '19057454328', '15900001111'];
const CARRIERS = ['中通快递', '顺丰速运'];
const TRACKING = ['ZT7700000001', 'ZT7700000002', 'SF1400000003'];
const iso = (ms: number) => new Date(ms).toISOString();

const oidsOf = (i: number) => ORDERS[i]!.payload.lines.map((l) => l.oid).concat(`${TIDS[i]}99`);
const tidIdx = fc.nat({ max: TIDS.length - 1 });
/** A subset of an order's sub-orders (null = the whole order), one of them possibly new to the store. */
const oidPick = fc.option(fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 3 }), { nil: null });
const minutes = fc.integer({ min: -90, max: 600 });

const step = fc.oneof(
  fc.record({
    k: fc.constant('upsert' as const),
    t: tidIdx,
    dt: minutes,
    status: fc.constantFrom('paid', 'paid', 'paid', 'shipped', 'picked_up', 'succeeded', 'closed'),
    rename: fc.boolean(),
    drop: fc.boolean(),
    add: fc.boolean(),
    qty: fc.integer({ min: 1, max: 5 }),
    receiver: fc.constantFrom('plain', 'plain', 'encrypted', 'protected'),
    phone: fc.nat({ max: PHONES.length - 1 }),
  }),
  fc.record({ k: fc.constant('shipped' as const), t: tidIdx, oids: oidPick, n: fc.nat({ max: 2 }), c: fc.nat({ max: 1 }), dt: minutes }),
  fc.record({
    k: fc.constant('scanned' as const),
    n: fc.nat({ max: 2 }),
    c: fc.nat({ max: 1 }),
    state: fc.constantFrom('picked_up', 'in_transit', 'signed', 'exception'),
    dt: minutes,
  }),
  fc.record({ k: fc.constant('succeeded' as const), t: tidIdx, dt: minutes }),
  fc.record({ k: fc.constant('refund' as const), t: tidIdx, oids: oidPick, dt: minutes }),
  fc.record({
    k: fc.constant('intercept' as const),
    t: tidIdx,
    oids: oidPick,
    r: fc.nat({ max: 3 }),
    source: fc.constantFrom('customer_service', 'buyer_card', 'platform', 'manual'),
    reason: fc.boolean(),
  }),
  fc.record({ k: fc.constant('withdraw' as const), r: fc.nat({ max: 3 }) }),
  fc.record({
    k: fc.constant('workorder' as const),
    t: tidIdx,
    w: fc.nat({ max: 1 }),
    kind: fc.constantFrom('urge_ship', 'urge_pickup'),
    dt: minutes,
  }),
  fc.record({
    k: fc.constant('workorderClosed' as const),
    w: fc.nat({ max: 1 }),
    action: fc.constantFrom('picked_up', 'refunded', 'replied', 'complaint_filed'),
    dt: minutes,
  }),
  fc.record({ k: fc.constant('clerkIntercept' as const), t: tidIdx, oids: oidPick }),
  fc.record({ k: fc.constant('clerkShip' as const), t: tidIdx, oids: oidPick, n: fc.nat({ max: 2 }), c: fc.nat({ max: 1 }) }),
  fc.record({ k: fc.constant('clerkRelease' as const), which: fc.nat({ max: 5 }), refund: fc.boolean() }),
  fc.record({ k: fc.constant('reply' as const), w: fc.nat({ max: 1 }), n: fc.option(fc.nat({ max: 2 }), { nil: null }) }),
  fc.record({ k: fc.constant('batch' as const) }),
  fc.record({ k: fc.constant('packOut' as const), t: tidIdx }),
  fc.record({ k: fc.constant('checks' as const), hours: fc.integer({ min: 0, max: 80 }) }),
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

function run(c: TestCore, s: Step, n: number): Promise<unknown> | unknown {
  const at = (dt: number) => iso(c.now() + dt * 60_000);
  const ev = (type: string, platform: string, payload: unknown, dt = 0) =>
    c.postEvents([{ id: `seq-${n}-${type}`, type, platform, occurredAt: at(dt), payload }]);
  const pick = (t: number, oids: number[] | null) => (oids ? [...new Set(oids.map((i) => oidsOf(t)[i % oidsOf(t).length]!))] : undefined);
  const platform = (t: number) => ORDERS[t]!.platform;
  switch (s.k) {
    case 'upsert': {
      const e = structuredClone(ORDERS[s.t]!);
      const p = e.payload;
      p.status = s.status;
      if (s.rename) p.lines[0] = { ...p.lines[0]!, sku: `${p.lines[0]!.sku}-V${n}`, title: `${p.lines[0]!.title} 第${n}版` };
      if (s.drop && p.lines.length > 1) p.lines.pop();
      if (s.add) p.lines.push({ oid: `${p.tid}99`, sku: 'ADDED-SKU', title: '追加商品', qty: s.qty });
      p.lines[0]!.qty = s.qty;
      if (s.receiver === 'encrypted')
        p.buyer = { ...p.buyer, name: '##4f2a9c', phone: '$$7b1e0d', address: { ...p.buyer.address, detail: '##e0c1' } };
      else if (s.receiver === 'protected')
        p.buyer = { ...p.buyer, phone: PHONES[s.phone], privacy: { secretNo: '17012345678', extension: '2233', expiresAt: null } };
      else p.buyer = { ...p.buyer, phone: PHONES[s.phone], privacy: null };
      return ev('order.upserted', e.platform, p, s.dt);
    }
    case 'shipped': {
      const oids = pick(s.t, s.oids);
      const payload = { tid: TIDS[s.t], carrier: CARRIERS[s.c], trackingNo: TRACKING[s.n], shippedAt: at(s.dt), ...(oids ? { oids } : {}) };
      return ev('order.shipped', platform(s.t), payload, s.dt);
    }
    case 'scanned':
      return ev(
        'logistics.scanned',
        'douyin',
        { carrier: CARRIERS[s.c], trackingNo: TRACKING[s.n], scannedAt: at(s.dt), state: s.state },
        s.dt,
      );
    case 'succeeded':
      return ev('trade.succeeded', platform(s.t), { tid: TIDS[s.t], succeededAt: at(s.dt) }, s.dt);
    case 'refund': {
      const oids = pick(s.t, s.oids);
      return ev(
        'refund.completed',
        platform(s.t),
        { tid: TIDS[s.t], refundFee: 100, completedAt: at(s.dt), ...(oids ? { oids } : {}) },
        s.dt,
      );
    }
    case 'intercept': {
      const oids = pick(s.t, s.oids);
      const payload = { requestId: `seq-req-${s.r}`, tid: TIDS[s.t], source: s.source, ...(s.reason ? { reason: '不要了' } : {}) };
      return ev('interception.requested', platform(s.t), { ...payload, ...(oids ? { oids } : {}) });
    }
    case 'withdraw':
      return ev('interception.withdrawn', 'taobao', { requestId: `seq-req-${s.r}`, by: 'buyer' });
    case 'workorder':
      return ev(
        'workorder.created',
        platform(s.t),
        { workOrderId: `seq-wo-${s.w}`, tid: TIDS[s.t], kind: s.kind, createdAt: at(s.dt) },
        s.dt,
      );
    case 'workorderClosed':
      return ev('workorder.closed', 'taobao', { workOrderId: `seq-wo-${s.w}`, closedAt: at(s.dt), action: s.action }, s.dt);
    case 'clerkIntercept': {
      const oids = pick(s.t, s.oids);
      return c.dispatchByName('interceptions.create', { tid: TIDS[s.t], reason: '客户来电', by: '客服', ...(oids ? { oids } : {}) });
    }
    case 'clerkShip': {
      const oids = pick(s.t, s.oids);
      return c.dispatchByName('orders.markShipped', {
        tid: TIDS[s.t],
        carrier: CARRIERS[s.c],
        trackingNo: TRACKING[s.n],
        by: '仓管',
        ...(oids ? { oids } : {}),
      });
    }
    case 'clerkRelease':
      return (async () => {
        const list = (await c.dispatchByName('interceptions.list', {})) as { items: Array<{ requestId: string }> };
        const r = list.items[s.which % Math.max(1, list.items.length)];
        if (!r) return null;
        return c.dispatchByName(s.refund ? 'interceptions.refund' : 'interceptions.release', {
          requestId: r.requestId,
          reason: '核实',
          by: '主管',
        });
      })();
    case 'reply':
      return c.dispatchByName('workorders.reply', {
        workOrderId: `seq-wo-${s.w}`,
        text: '已发出',
        by: '客服',
        ...(s.n != null ? { trackingNo: TRACKING[s.n], carrier: CARRIERS[0] } : {}),
      });
    case 'batch':
      return c.dispatchByName('batches.create', { tids: TIDS, by: '拣货' });
    case 'packOut':
      return (async () => {
        const o = (await c.dispatchByName('orders.get', { tid: TIDS[s.t] })) as { lines: Array<{ oid: string; qty: number }> };
        return c.dispatchByName('pack.out', {
          tid: TIDS[s.t],
          mode: 'quick',
          lines: o.lines.map((l) => ({ oid: l.oid, qty: l.qty })),
          station: '1号台',
          clerk: '打包员',
        });
      })();
    case 'checks':
      c.setNow(c.now() + s.hours * 3_600_000);
      return c.dispatchByName('checks.run', {});
  }
}

/** Interception results with SUCCESS added to the outbox after `seq`. */
function successesAfter(c: TestCore, seq: number) {
  return c.db
    .all<{ envelope: string }>({ text: "SELECT envelope FROM outbox WHERE seq > ? AND type = 'interception.result'", params: [seq] })
    .map((r) => (JSON.parse(r.envelope) as { payload: { tid: string; oids: string[]; status: string } }).payload)
    .filter((p) => p.status === 'SUCCESS');
}
const lastSeq = (c: TestCore) => c.db.get<{ s: number | null }>({ text: 'SELECT MAX(seq) AS s FROM outbox', params: [] })!.s ?? 0;

async function checkStep(c: TestCore, s: Step, n: number, seq: number): Promise<void> {
  const where = `step ${n} ${JSON.stringify(s)}`;
  // SUCCESS only for lines still here.
  for (const p of successesAfter(c, seq)) {
    const order = c.db.get<{ status: string }>({ text: 'SELECT status FROM orders WHERE tid = ?', params: [p.tid] });
    assert.ok(order, `${where}: SUCCESS for an order not stored`);
    assert.ok(!['shipped', 'picked_up', 'succeeded', 'closed'].includes(order.status), `${where}: SUCCESS for a ${order.status} order`);
    for (const oid of p.oids) {
      const l = c.db.get<{ shipped_at: number | null; refunded_at: number | null; locked: number }>({
        text: 'SELECT shipped_at, refunded_at, locked FROM order_lines WHERE oid = ?',
        params: [oid],
      });
      assert.ok(l, `${where}: SUCCESS names ${oid}, not a line of the store`);
      assert.equal(l.shipped_at, null, `${where}: SUCCESS for shipped line ${oid}`);
      assert.equal(l.refunded_at, null, `${where}: SUCCESS for refunded line ${oid}`);
      assert.equal(l.locked, 1, `${where}: SUCCESS for line ${oid} that is not locked`);
    }
  }
  // No real phone on any clerk's screen.
  const screens = [
    await c.dispatchByName('orders.list', { view: 'all', includeOlder: true, limit: 50 }),
    await c.dispatchByName('orders.list', { view: 'pending', limit: 50 }),
    await c.dispatchByName('interceptions.list', {}),
    await c.dispatchByName('alerts.list', {}),
    await c.dispatchByName('workorders.list', {}),
    ...(await Promise.all(TIDS.map((tid) => c.dispatchByName('orders.get', { tid }).catch((e: unknown) => ({ refused: String(e) }))))),
  ];
  const text = JSON.stringify(screens);
  for (const phone of PHONES) assert.ok(!text.includes(phone), `${where}: ${phone} on a clerk's screen`);
  assert.deepEqual(c.db.raw.pragma('foreign_key_check'), [], `${where}: foreign keys`);
  // Locked lines, and lines of closed orders, are never on a pick list or a packing slip of an open batch (one
  // that became so after printing is listed apart, as 需撤出).
  const locked = lockedLines(c);
  const closed = new Set(
    c.db.raw.prepare("SELECT l.oid FROM order_lines l JOIN orders o ON o.tid = l.tid WHERE o.status = 'closed'").pluck().all() as string[],
  );
  const { items } = (await c.dispatchByName('batches.list', {})) as { items: Array<{ batchNo: string; status: string }> };
  for (const b of items.filter((x) => x.status === 'open')) {
    const view = (await c.dispatchByName('batches.get', { batchNo: b.batchNo })) as {
      orders: Array<{ lines: Array<{ oid: string }> }>;
      stale: Array<{ oid: string }>;
    };
    const onSlips = view.orders.flatMap((o) => o.lines.map((l) => l.oid));
    assert.deepEqual(
      onSlips.filter((o) => locked.has(o)),
      [],
      `${where}: locked lines on the slips of ${b.batchNo}`,
    );
    assert.deepEqual(
      onSlips.filter((o) => closed.has(o)),
      [],
      `${where}: lines of closed orders on the slips of ${b.batchNo}`,
    );
  }
}

const lockedLines = (c: TestCore) => new Set(c.db.raw.prepare('SELECT oid FROM order_lines WHERE locked = 1').pluck().all() as string[]);

const outcomes = new Map<string, number>();
const tally = (k: string, o: string) => outcomes.set(`${k}: ${o}`, (outcomes.get(`${k}: ${o}`) ?? 0) + 1);
after(() => {
  // SEQUENCE_TALLY=file: how each kind of step came out (to see that the histories reach deep states).
  const file = process.env.SEQUENCE_TALLY;
  if (file)
    fs.writeFileSync(
      file,
      [...outcomes]
        .sort()
        .map(([k, v]) => `${v}\t${k}`)
        .join('\n'),
    );
});

describe('random histories of a few orders through every arrival path', () => {
  it('never a 5xx, SUCCESS only for lines still here, no real phone shown, the store consistent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 24 }), async (steps) => {
        const c = makeCore({ now: T0 });
        cores.push(c);
        try {
          // Three of the four orders are known from the start; the fourth arrives (or not) in the history.
          c.postEvents(ORDERS.slice(0, 3));
          for (let n = 0; n < steps.length; n++) {
            const s = steps[n]!;
            const seq = lastSeq(c);
            const lockedBefore = lockedLines(c);
            const statusBefore = new Map(
              (c.db.raw.prepare('SELECT tid, status FROM orders').all() as Array<{ tid: string; status: string }>).map((r) => [
                r.tid,
                r.status,
              ]),
            );
            try {
              const out = await run(c, s, n);
              // pack.out answers a refusal as a result ({ ok: false, reason }), the screen shows it in red.
              const refused = s.k === 'packOut' && (out as { ok: boolean }).ok === false;
              tally(s.k, refused ? `refused ${(out as { reason: string }).reason}` : 'ok');
              // "A locked line can't be picked, packed, printed or shipped until it is released or refunded."
              if ((s.k === 'packOut' && !refused) || s.k === 'clerkShip') {
                const tid = TIDS[s.t]!;
                const own = c.db.raw.prepare('SELECT oid FROM order_lines WHERE tid = ?').pluck().all(tid) as string[];
                const asked = s.k === 'clerkShip' && s.oids ? s.oids.map((i) => oidsOf(s.t)[i % oidsOf(s.t).length]!) : own;
                const hit = asked.filter((o) => lockedBefore.has(o));
                assert.deepEqual(hit, [], `step ${n} ${JSON.stringify(s)}: ${s.k} went through for locked lines`);
                // …and a cancelled trade (交易关闭) is never handed over.
                if (s.k === 'packOut') assert.notEqual(statusBefore.get(tid), 'closed', `step ${n}: a closed order handed over`);
              }
            } catch (e) {
              tally(s.k, e instanceof ShipLockError ? `${e.status} ${e.code} ${e.message.slice(0, 60)}` : 'other');
              if (!(e instanceof ShipLockError) || e.status >= 500) {
                throw new Error(
                  `step ${n} ${JSON.stringify(s)}: ${e instanceof ShipLockError ? `${e.status} ${e.code} ` : ''}${String(e)}`,
                );
              }
            }
            await checkStep(c, s, n, seq);
          }
          assert.equal(c.db.raw.pragma('integrity_check', { simple: true }), 'ok');
        } finally {
          c.close();
          cores.splice(cores.indexOf(c), 1);
        }
      }),
      {
        numRuns: Number(process.env.SEQUENCE_RUNS ?? 100),
        seed: process.env.SEQUENCE_SEED ? Number(process.env.SEQUENCE_SEED) : undefined,
      },
    );
  });
});
