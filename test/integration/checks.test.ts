import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { after, describe, it } from 'node:test';
import { ShipLockError } from '../../electron/app/errors.js';
import { HOUR } from '../../shared/rules/time.js';
import { makeCore, type TestCore } from '../helpers/core.js';
import { fixtureEvents } from '../helpers/fixtures.js';

const cores: TestCore[] = [];
after(() => cores.forEach((c) => c.close()));
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;

const fixtureOrders = fixtureEvents().filter((e) => e.type === 'order.upserted');
let n = 0;
/** A copy of a fixture order with its own tid and times relative to `paidAt`. */
function order(o: {
  paidAt: number;
  deadlineHours?: number | null;
  type?: string;
  secret?: boolean;
  collectDeadline?: number;
  platform?: string;
}) {
  const base = structuredClone(fixtureOrders[o.secret ? 0 : 2]!) as {
    id: string;
    occurredAt: string;
    payload: Record<string, unknown> & { lines: Array<{ oid: string }> };
  };
  const tid = String(5000000000000000 + ++n * 10);
  base.id = `evt-o-${tid}`;
  base.occurredAt = iso(o.paidAt);
  Object.assign(base.payload, {
    tid,
    orderType: o.type ?? 'spot',
    createdAt: iso(o.paidAt - MIN),
    paidAt: iso(o.paidAt),
    shipDeadline: o.deadlineHours === null ? null : iso(o.paidAt + (o.deadlineHours ?? 48) * HOUR),
    collectDeadline: o.collectDeadline ? iso(o.collectDeadline) : null,
  });
  base.payload.lines = base.payload.lines.map((l, i) => ({ ...l, oid: `${tid}${i + 1}` }));
  if (o.platform) (base as { platform?: string }).platform = o.platform;
  return { tid, event: base, oid: `${tid}1` };
}
const ev = (type: string, at: number, payload: Record<string, unknown>) => ({
  id: `evt-${type}-${++n}`,
  type,
  platform: 'taobao',
  occurredAt: iso(at),
  payload,
});

function core(now: number) {
  const c = makeCore({ now });
  cores.push(c);
  return c;
}
async function open(c: TestCore) {
  const items = (await c.dispatch('alerts.list', { state: 'open' })).items;
  return items.map((a) => `${a.tid}:${a.kind}:${a.severity}`).sort();
}

describe('checks at simulated times', () => {
  it('ship deadline: due soon before, overdue after, cleared by the shipment', async () => {
    const T = Date.parse('2026-11-20T10:00:00+08:00');
    const c = core(T);
    const a = order({ paidAt: T - 42 * HOUR + MIN }); // 6 h 1 min left: nothing yet
    c.postEvents(a.event);
    await c.dispatch('checks.run', {});
    assert.deepEqual(await open(c), []);
    c.setNow(T + MIN);
    await c.dispatch('checks.run', {});
    assert.deepEqual(await open(c), [`${a.tid}:ship_due_soon:warning`]);
    c.setNow(T + 6 * HOUR + MIN);
    await c.dispatch('checks.run', {});
    assert.deepEqual(await open(c), [`${a.tid}:ship_overdue:critical`]);
    c.postEvents(ev('order.shipped', T + 6 * HOUR, { tid: a.tid, carrier: '中通快递', trackingNo: 'ZT-A1', shippedAt: iso(T + 6 * HOUR) }));
    await c.dispatch('checks.run', {});
    const all = (await c.dispatch('alerts.list', { state: 'all' })).items;
    assert.ok(
      all.every((x) => x.resolvedAt != null),
      'resolved itself',
    );
  });

  // Seed 002 (Douyin) and rules.md §3: the derived pickup clocks are Douyin's.
  it('pickup (Douyin): spot 72 h after placing; presale 24 h after upload; no-scan heuristic 48 h after upload', async () => {
    const T = Date.parse('2026-11-20T10:00:00+08:00');
    const c = core(T);
    const spot = order({ paidAt: T - 66 * HOUR + MIN, platform: 'douyin' }); // created = paid - 1 min → pickup due in exactly 6 h
    const pre = order({ paidAt: T - 100 * HOUR, type: 'presale', deadlineHours: 168, platform: 'douyin' });
    const taobao = order({ paidAt: T - 66 * HOUR + MIN });
    c.postEvents([spot.event, pre.event, taobao.event]);
    c.postEvents(ev('order.shipped', T, { tid: pre.tid, carrier: '中通快递', trackingNo: 'ZT-P1', shippedAt: iso(T) }));
    await c.dispatch('checks.run', {});
    assert.ok((await open(c)).includes(`${spot.tid}:pickup_overdue:warning`));
    assert.ok(!(await open(c)).some((x) => x.startsWith(`${pre.tid}:pickup`)));
    c.setNow(T + 18 * HOUR);
    await c.dispatch('checks.run', {});
    assert.ok((await open(c)).includes(`${pre.tid}:pickup_overdue:warning`));
    c.setNow(T + 24 * HOUR);
    await c.dispatch('checks.run', {});
    assert.ok((await open(c)).includes(`${pre.tid}:pickup_overdue:critical`));
    assert.ok((await open(c)).includes(`${spot.tid}:pickup_overdue:critical`));
    assert.ok(!(await open(c)).some((x) => x.startsWith(`${taobao.tid}:pickup`)), 'a Taobao order gets no derived pickup clock');
    c.setNow(T + 48 * HOUR);
    await c.dispatch('checks.run', {});
    assert.ok((await open(c)).includes(`${pre.tid}:fake_shipping_risk:critical`));
    // The first courier scan clears both.
    c.postEvents(
      ev('logistics.scanned', T + 49 * HOUR, {
        carrier: '中通快递',
        trackingNo: 'ZT-P1',
        scannedAt: iso(T + 49 * HOUR),
        state: 'picked_up',
      }),
    );
    c.setNow(T + 49 * HOUR);
    await c.dispatch('checks.run', {});
    assert.ok(!(await open(c)).some((x) => x.startsWith(pre.tid)));
  });

  it('a tracking number used on two orders is a fake-shipping risk on both', async () => {
    const T = Date.parse('2026-11-20T10:00:00+08:00');
    const c = core(T);
    const a = order({ paidAt: T - HOUR });
    const b = order({ paidAt: T - HOUR });
    c.postEvents([a.event, b.event]);
    c.postEvents(ev('order.shipped', T, { tid: a.tid, carrier: 'SF', trackingNo: 'SF-DUP', shippedAt: iso(T) }));
    c.postEvents(ev('order.shipped', T, { tid: b.tid, carrier: 'SF', trackingNo: 'SF-DUP', shippedAt: iso(T) }));
    await c.dispatch('checks.run', {});
    const alerts = (await c.dispatch('alerts.list', { state: 'open' })).items.filter((x) => x.kind === 'fake_shipping_risk');
    assert.deepEqual(alerts.map((x) => x.tid).sort(), [a.tid, b.tid].sort());
    assert.match(alerts.find((x) => x.tid === a.tid)!.detail, new RegExp(b.tid));
  });

  // Seed 003: 催攬收 "商家可在24小時內完成包裹攬收、聯系消費者完成退款或回復該催攬收任務工單(3個動作中任一完成一個均可)";
  // "催發貨工單的完結標準為攬收" — a reply records, pickup completes; its clock is 24 h after shipping.
  it('urge work orders: urge-pickup closed by pickup; urge-ship kept open by a reply, timed from shipping, closed by pickup', async () => {
    const T = Date.parse('2026-11-20T10:00:00+08:00');
    const c = core(T);
    const a = order({ paidAt: T - 10 * HOUR });
    const b = order({ paidAt: T - 10 * HOUR }); // ship deadline T + 38 h
    c.postEvents([a.event, b.event]);
    c.postEvents(ev('order.shipped', T, { tid: a.tid, carrier: '中通快递', trackingNo: 'ZT-W1', shippedAt: iso(T) }));
    c.postEvents([
      ev('workorder.created', T, { workOrderId: 'wo-1', tid: a.tid, kind: 'urge_pickup', createdAt: iso(T) }),
      ev('workorder.created', T, { workOrderId: 'wo-2', tid: b.tid, kind: 'urge_ship', createdAt: iso(T) }),
    ]);
    let wo2 = (await c.dispatch('workorders.list', { tid: b.tid })).items[0]!;
    assert.equal(wo2.dueAt, T + 38 * HOUR, 'before shipping the ship deadline governs');
    c.setNow(T + 20 * HOUR - MIN);
    await c.dispatch('checks.run', {});
    assert.ok(!(await open(c)).some((x) => x.includes('workorder')));
    c.setNow(T + 20 * HOUR);
    await c.dispatch('checks.run', {});
    assert.ok((await open(c)).includes(`${a.tid}:workorder_due_soon:warning`));
    c.setNow(T + 24 * HOUR);
    await c.dispatch('checks.run', {});
    assert.ok((await open(c)).includes(`${a.tid}:workorder_overdue:critical`));
    assert.ok(!(await open(c)).includes(`${b.tid}:workorder_overdue:critical`));
    c.postEvents(
      ev('logistics.scanned', T + 24 * HOUR, {
        carrier: '中通快递',
        trackingNo: 'ZT-W1',
        scannedAt: iso(T + 24 * HOUR),
        state: 'picked_up',
      }),
    );
    await assert.rejects(
      c.dispatch('workorders.reply', { workOrderId: 'wo-2', text: '已改单', trackingNo: 'ZT-W1' }),
      (e: ShipLockError) => e.status === 409 && e.path === 'trackingNo',
    );
    wo2 = await c.dispatch('workorders.reply', { workOrderId: 'wo-2', text: '今天下午发出' });
    assert.equal(wo2.status, 'open', 'a reply alone never completes an urge-ship work order');
    assert.equal(wo2.replies.length, 1);
    c.postEvents(
      ev('order.shipped', T + 30 * HOUR, { tid: b.tid, carrier: '中通快递', trackingNo: 'ZT-W2', shippedAt: iso(T + 30 * HOUR) }),
    );
    wo2 = (await c.dispatch('workorders.list', { tid: b.tid })).items[0]!;
    assert.equal(wo2.dueAt, T + 54 * HOUR, 'after shipping: 24 h after the upload');
    c.postEvents(
      ev('logistics.scanned', T + 31 * HOUR, {
        carrier: '中通快递',
        trackingNo: 'ZT-W2',
        scannedAt: iso(T + 31 * HOUR),
        state: 'in_transit',
      }),
    );
    c.setNow(T + 31 * HOUR);
    await c.dispatch('checks.run', {});
    assert.ok(!(await open(c)).some((x) => x.includes('workorder')));
    const wos = (await c.dispatch('workorders.list', {})).items;
    assert.deepEqual(wos.map((w) => [w.workOrderId, w.status, w.closeAction]).sort(), [
      ['wo-1', 'closed', 'picked_up'],
      ['wo-2', 'closed', 'picked_up'],
    ]);
  });

  it('an urge-pickup after an urge-ship work order does not apply; the 24 h pickup clock after shipping does', async () => {
    const T = Date.parse('2026-11-20T10:00:00+08:00');
    const c = core(T);
    const a = order({ paidAt: T - HOUR });
    c.postEvents(a.event);
    c.postEvents(ev('workorder.created', T, { workOrderId: 'wo-s', tid: a.tid, kind: 'urge_ship', createdAt: iso(T) }));
    c.postEvents(ev('order.shipped', T + HOUR, { tid: a.tid, carrier: '中通快递', trackingNo: 'ZT-U1', shippedAt: iso(T + HOUR) }));
    c.postEvents(
      ev('workorder.created', T + 2 * HOUR, { workOrderId: 'wo-p', tid: a.tid, kind: 'urge_pickup', createdAt: iso(T + 2 * HOUR) }),
    );
    const wo = (await c.dispatch('workorders.list', { tid: a.tid })).items.find((w) => w.workOrderId === 'wo-p')!;
    assert.equal(wo.status, 'not_applicable');
    c.setNow(T + 25 * HOUR);
    await c.dispatch('checks.run', {});
    const pickup = (await c.dispatch('alerts.list', { state: 'open' })).items.find((x) => x.tid === a.tid && x.kind === 'pickup_overdue')!;
    assert.equal(pickup.severity, 'critical');
    assert.equal(pickup.dueAt, T + HOUR + 24 * HOUR);
  });

  it('negotiated shipping: three cards at most; agreed moves the deadline; unanswered expires', async () => {
    const T = Date.parse('2026-11-20T10:00:00+08:00');
    const c = core(T);
    const a = order({ paidAt: T - HOUR });
    const b = order({ paidAt: T - HOUR });
    const sched = order({ paidAt: T - HOUR, type: 'scheduled_delivery' });
    c.postEvents([a.event, b.event, sched.event]);
    const later = T + 96 * HOUR;
    await assert.rejects(
      c.dispatch('negotiations.propose', { tid: sched.tid, proposedDeadline: later }),
      (e: ShipLockError) => e.status === 409 && /预约配送/.test(e.message),
    );
    const first = await c.dispatch('negotiations.propose', { tid: a.tid, proposedDeadline: later });
    assert.equal(first.validUntil, T + 24 * HOUR);
    c.postEvents(
      ev('negotiation.answered', T + HOUR, {
        negotiationId: first.negotiationId,
        tid: a.tid,
        answer: 'declined',
        answeredAt: iso(T + HOUR),
      }),
    );
    await c.dispatch('negotiations.propose', { tid: a.tid, proposedDeadline: later });
    const third = await c.dispatch('negotiations.propose', { tid: a.tid, proposedDeadline: later + HOUR });
    await assert.rejects(c.dispatch('negotiations.propose', { tid: a.tid, proposedDeadline: later }), (e: ShipLockError) =>
      /最多/.test(e.message),
    );
    c.postEvents(
      ev('negotiation.answered', T + 2 * HOUR, {
        negotiationId: third.negotiationId,
        tid: a.tid,
        answer: 'agreed',
        answeredAt: iso(T + 2 * HOUR),
      }),
    );
    const o = await c.dispatch('orders.get', { tid: a.tid });
    assert.equal(o.shipDeadline, later + HOUR);
    assert.equal(o.shipDeadlineSource, 'negotiated');
    assert.equal(o.noAutoCompensation, true);
    // A later platform view of the order does not undo the agreement.
    c.postEvents({ ...a.event, id: 'evt-again', occurredAt: iso(T + 3 * HOUR) });
    assert.equal((await c.dispatch('orders.get', { tid: a.tid })).shipDeadline, later + HOUR);
    // Unanswered card on b: expires after 24 h.
    await c.dispatch('negotiations.propose', { tid: b.tid, proposedDeadline: later });
    c.setNow(T + 24 * HOUR);
    await c.dispatch('checks.run', {});
    assert.ok((await open(c)).includes(`${b.tid}:negotiation_expired:warning`));
    assert.equal((await c.dispatch('negotiations.list', { tid: b.tid })).items[0]!.status, 'expired');
  });

  it('privacy numbers: 已失效 15 days after the trade succeeds, alert raised once', async () => {
    const T = Date.parse('2026-11-20T10:00:00+08:00');
    const c = core(T);
    const a = order({ paidAt: T - HOUR, secret: true });
    c.postEvents(a.event);
    c.postEvents(ev('trade.succeeded', T, { tid: a.tid, succeededAt: iso(T) }));
    c.setNow(T + 15 * 24 * HOUR - MIN);
    await c.dispatch('checks.run', {});
    assert.equal((await c.dispatch('orders.get', { tid: a.tid })).contact.secretExpired, false);
    assert.ok(!(await open(c)).some((x) => x.includes('privacy')));
    c.setNow(T + 15 * 24 * HOUR);
    await c.dispatch('checks.run', {});
    await c.dispatch('checks.run', {});
    assert.equal((await c.dispatch('orders.get', { tid: a.tid })).contact.secretExpired, true);
    assert.deepEqual(
      (await open(c)).filter((x) => x.includes('privacy')),
      [`${a.tid}:privacy_number_expired:info`],
    );
    const all = (await c.dispatch('alerts.list', { state: 'all' })).items.filter((x) => x.kind === 'privacy_number_expired');
    assert.equal(all.length, 1);
  });

  it('a shop under a shipping restriction cannot ship', async () => {
    const T = Date.parse('2026-11-20T10:00:00+08:00');
    const c = core(T);
    const a = order({ paidAt: T - HOUR });
    c.postEvents(a.event);
    await c.dispatch('settings.update', { shippingRestricted: true });
    await assert.rejects(
      c.dispatch('orders.markShipped', { tid: a.tid, carrier: 'SF', trackingNo: 'SF-R1' }),
      (e: ShipLockError) => e.status === 409 && /发货限制/.test(e.message),
    );
  });
});

describe('scheduler', () => {
  it('minute ticks look only at what changed, and agree with a full run', async () => {
    const T = Date.parse('2026-11-20T10:00:00+08:00');
    const c = core(T);
    const a = order({ paidAt: T - 43 * HOUR }); // deadline in 5 h: due soon
    const b = order({ paidAt: T - 30 * HOUR }); // due in 18 h
    c.postEvents([a.event, b.event]);
    c.scheduler.runAll();
    assert.deepEqual(await open(c), [`${a.tid}:ship_due_soon:warning`]);
    // Ticks: a becomes overdue, b enters the due-soon window, then a ships.
    c.setNow(T + 5 * HOUR);
    c.scheduler.runJob('ship_deadline');
    assert.deepEqual(await open(c), [`${a.tid}:ship_overdue:critical`]);
    c.setNow(T + 12 * HOUR);
    c.scheduler.runJob('ship_deadline');
    assert.deepEqual(await open(c), [`${a.tid}:ship_overdue:critical`, `${b.tid}:ship_due_soon:warning`].sort());
    c.postEvents(ev('order.shipped', T + 12 * HOUR, { tid: a.tid, carrier: 'SF', trackingNo: 'SF-TICK', shippedAt: iso(T + 12 * HOUR) }));
    // Orders written since the last tick that are due later than the warning window and hold no alert
    // change nothing, so a tick does not read them (after a big import these are most of the store).
    const later = Array.from({ length: 30 }, (_, i) => order({ paidAt: T + 12 * HOUR - i * MIN }));
    c.postEvents(later.map((o) => o.event));
    c.setNow(T + 12 * HOUR + MIN);
    const tick = c.scheduler.runJob('ship_deadline')!;
    assert.equal(tick.candidates, 1, 'only the shipped order that held an alert (the 30 later ones are not read)');
    const ticked = await open(c);
    c.scheduler.runAll();
    assert.deepEqual(ticked, await open(c), 'an incremental tick leaves the same alerts as a full run');
    assert.deepEqual(
      ticked.filter((x) => x.includes('ship_')),
      [`${b.tid}:ship_due_soon:warning`],
    );
    // A settings change makes the next tick a full one.
    await c.dispatch('settings.update', { dueSoonHours: 1 });
    c.scheduler.runJob('ship_deadline');
    assert.deepEqual(
      (await open(c)).filter((x) => x.includes('ship_')),
      [],
    );
  });

  it('a job that cannot write (another connection holds the store) fails quietly: runJob never throws', () => {
    // A tick runs from a timer's turn: a throw there would take the station down (it did, once, when the
    // failed run's own record hit the same SQLITE_BUSY).
    const c = core(Date.parse('2026-11-20T10:00:00+08:00'));
    const other = new Database(c.db.raw.name);
    c.db.raw.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    try {
      assert.equal(c.scheduler.runJob('ship_deadline'), null);
    } finally {
      other.exec('ROLLBACK');
      other.close();
      c.db.raw.pragma('busy_timeout = 5000');
    }
    assert.ok(c.scheduler.runJob('ship_deadline'), 'runs again once the store is free');
  });

  it('persists the last run and catches up after a station was off', async () => {
    const T = Date.parse('2026-11-20T10:00:00+08:00');
    const c = core(T);
    const a = order({ paidAt: T - 40 * HOUR }); // 8 h left at T
    c.postEvents(a.event);
    assert.deepEqual(c.scheduler.missed().length, 6, 'never ran');
    c.scheduler.runAll();
    assert.deepEqual(c.scheduler.missed(), []);
    assert.ok(c.scheduler.runs().every((r) => r.lastRunAt === T && r.runs === 1));
    const dataDir = c.dataDir;
    c.close();
    // The station is off for 3 hours; at start the jobs catch up and the alert is there at once.
    const later = makeCore({ now: T + 3 * HOUR, dataDir });
    cores.push(later);
    const caught = later.scheduler.start();
    later.scheduler.stop();
    assert.equal(caught.length, 6);
    assert.deepEqual(await open(later), [`${a.tid}:ship_due_soon:warning`]);
    assert.ok(later.scheduler.runs().every((r) => r.lastRunAt === T + 3 * HOUR && r.runs === 2));
  });

  it('does not run a job twice at once, and a schedule follows settings', async () => {
    const c = core(Date.parse('2026-11-20T10:00:00+08:00'));
    let inner: unknown = 'not run';
    c.write(() => {
      inner = c.scheduler.runJob('ship_deadline');
      return null;
    });
    assert.ok(inner !== 'not run');
    await c.dispatch('settings.update', {
      checkSchedules: {
        ship_deadline: '*/5 * * * *',
        pickup: '* * * * *',
        workorders: '* * * * *',
        negotiations: '* * * * *',
        privacy_numbers: '0 * * * *',
        interception_wait: '* * * * *',
      },
    });
    const { CheckScheduler } = await import('../../electron/checks/scheduler.js');
    assert.equal(CheckScheduler.interval('*/5 * * * *', 'Asia/Shanghai'), 5 * MIN);
    assert.equal(CheckScheduler.interval('0 * * * *', 'Asia/Shanghai'), 60 * MIN);
    await assert.rejects(
      c.dispatch('settings.update', {
        checkSchedules: {
          ship_deadline: 'soon',
          pickup: '* * * * *',
          workorders: '* * * * *',
          negotiations: '* * * * *',
          privacy_numbers: '* * * * *',
          interception_wait: '* * * * *',
        },
      }),
      (e: ShipLockError) => e.status === 400 && e.path === 'checkSchedules.ship_deadline',
    );
  });
});
