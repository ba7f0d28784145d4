// The office screens' backend (issue #12): contains-search kept by triggers, triage counts that add up,
// cached totals that follow writes, alert paging that yields every open alert exactly once, group counts
// equal to the badge, acknowledge and snooze; error bodies carry a code and params.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { generateOrders, toEvents, withOfficeExtras } from '../../bench/generate.js';
import { ApiError } from '../../electron/app/errors.js';
import { drainAll } from '../../electron/orders/search.js';
import { makeCore, type TestCore } from '../helpers/core.js';

const cores: TestCore[] = [];
after(() => cores.forEach((c) => c.close()));
const NOW = Date.parse('2026-11-11T12:00:00+08:00');
const HOUR = 3_600_000;

function seeded(n = 600) {
  const c = makeCore({ now: NOW });
  cores.push(c);
  const orders = withOfficeExtras(generateOrders(n, 3, NOW), 3);
  for (let i = 0; i < orders.length; i += 1000) c.postEvents(toEvents(orders.slice(i, i + 1000)));
  return { c, orders };
}

describe('contains-search', () => {
  const { c, orders } = seeded();
  const tids = async (q: string, view: 'pending' | 'all' = 'pending') =>
    (await c.dispatch('orders.list', { view, q, limit: 500 })).items.map((o) => o.tid);

  for (const when of ['still queued (read directly)', 'indexed (trigram index)'] as const)
    it(`finds any part of a tid, a title word, a SKU, a barcode, a nick, a memo: ${when}`, async () => {
      if (when.startsWith('indexed')) {
        assert.ok(drainAll(c.db) > 0, 'the writes were queued');
        assert.equal(c.db.raw.prepare('SELECT COUNT(*) FROM search_queue').pluck().get(), 0);
      } else assert.equal(c.db.raw.prepare('SELECT COUNT(*) FROM search_queue').pluck().get(), orders.length);
      await findsEverything();
    });

  async function findsEverything() {
    const o = orders[123]!;
    assert.ok((await tids(o.tid.slice(-7))).includes(o.tid), 'tid tail');
    assert.ok((await tids(o.tid.slice(4, 11))).includes(o.tid), 'tid middle');
    const word = o.lines[0]!.title.split(' ')[0]!;
    const byTitle = await tids(word);
    assert.ok(byTitle.includes(o.tid), 'title word');
    assert.equal(byTitle.length, orders.filter((x) => x.lines.some((l) => l.title.includes(word))).length, 'every order with that word');
    assert.ok((await tids(o.lines[0]!.sku.toLowerCase())).includes(o.tid), 'SKU, any case');
    assert.ok((await tids(o.lines[0]!.barcode)).includes(o.tid), 'barcode');
    assert.ok((await tids(`tb_${o.tid.slice(-6)}`)).includes(o.tid), 'nick');
    const memo = orders.find((x) => x.memo)!;
    assert.ok((await tids(memo.memo.slice(1, 5))).includes(memo.tid), 'memo (a part of it)');
    assert.deepEqual(await tids('no-such-text-anywhere'), []);
  }

  it('follows writes through the triggers, before and after indexing: a tracking number, a memo, a deletion', async () => {
    drainAll(c.db);
    const o = orders[200]!;
    await c.dispatch('orders.markShipped', { tid: o.tid, oids: [o.lines[0]!.oid], carrier: '中通', trackingNo: 'ZT77001234' });
    assert.deepEqual(await tids('7001234', 'all'), [o.tid], 'queued');
    drainAll(c.db);
    assert.deepEqual(await tids('7001234', 'all'), [o.tid], 'indexed');
    c.db.raw.prepare(`UPDATE orders SET seller_memo = '改地址 到付' WHERE tid = ?`).run(o.tid);
    assert.deepEqual(await tids('改地址', 'all'), [o.tid]);
    drainAll(c.db);
    assert.deepEqual(await tids('改地址', 'all'), [o.tid]);
    assert.deepEqual(await tids('ZT7700', 'all'), [o.tid]);
    c.db.raw.prepare('DELETE FROM orders WHERE tid = ?').run(o.tid);
    assert.deepEqual(await tids('改地址', 'all'), []);
    drainAll(c.db);
    assert.deepEqual(await tids('改地址', 'all'), []);
    const docs = c.db.raw.prepare('SELECT COUNT(*) FROM search_docs WHERE tid = ?').pluck().get(o.tid);
    assert.equal(docs, 0, 'no search document left behind');
  });

  it('short text matches the start of the tid, nick or SKU', async () => {
    const all = (await c.dispatch('orders.list', { view: 'pending', q: 'tb', limit: 1 })).total;
    assert.equal(all, (await c.dispatch('orders.list', { view: 'pending', limit: 1 })).total);
  });
});

describe('triage counts and totals', () => {
  const { c, orders } = seeded();

  it('add up, and each bucket is the list total of its filter; 6 h and 24 h leave overdue out', async () => {
    const counts = await c.dispatch('orders.counts', { view: 'pending' });
    assert.equal(counts.total, orders.length);
    assert.equal(counts.overdue + counts.due6h + counts.due24h + counts.later, counts.total);
    assert.equal(counts.inBatch + counts.notInBatch, counts.total);
    for (const [due, n] of [
      ['overdue', counts.overdue],
      ['6h', counts.due6h],
      ['24h', counts.due24h],
      ['later', counts.later],
    ] as const) {
      const page = await c.dispatch('orders.list', { view: 'pending', due, limit: 500 });
      assert.equal(page.total, n, due);
      if (due !== 'overdue')
        assert.ok(
          page.items.every((o) => o.shipDeadline == null || o.shipDeadline > NOW),
          `${due} has no overdue`,
        );
    }
    assert.ok(counts.overdue > 0 && counts.due6h > 0 && counts.due24h > 0);
  });

  it('batch and lock chips and the batch column', async () => {
    const { batch } = await c.dispatch('batches.create', { filters: {}, maxOrders: 30 });
    await c.dispatch('interceptions.create', { tid: orders[500]!.tid, reason: '买家要求' });
    const counts = await c.dispatch('orders.counts', { view: 'pending' });
    assert.equal(counts.inBatch, 30);
    assert.equal(counts.locked, 1);
    const inBatch = await c.dispatch('orders.list', { view: 'pending', inBatch: true, limit: 100 });
    assert.equal(inBatch.total, 30);
    assert.ok(inBatch.items.every((o) => o.batch?.batchNo === batch.batchNo && o.batch.printed === false));
    const out = await c.dispatch('orders.list', { view: 'pending', inBatch: false, limit: 5 });
    assert.ok(out.items.every((o) => o.batch === null));
    assert.equal(out.total, orders.length - 30);
  });

  it('a cached total follows writes', async () => {
    const before = (await c.dispatch('orders.list', { view: 'pending', limit: 1 })).total;
    assert.equal((await c.dispatch('orders.list', { view: 'pending', limit: 1 })).total, before);
    const o = orders[10]!;
    await c.dispatch('orders.markShipped', { tid: o.tid, carrier: '中通', trackingNo: 'ZT5550001' });
    assert.equal((await c.dispatch('orders.list', { view: 'pending', limit: 1 })).total, before - 1);
  });
});

describe('alerts that scale', () => {
  const { c } = seeded(1500);
  c.setNow(NOW + 30 * HOUR);
  c.scheduler.runAll();

  it('pages every open alert exactly once, in group order, most overdue first; totals match the badge', async () => {
    const seen = new Set<number>();
    let cursor: string | undefined;
    let pages = 0;
    let last: { rank: number; due: number } | null = null;
    const first = await c.dispatch('alerts.list', { state: 'open', limit: 1 });
    const order = first.groups.map((g) => g.kind);
    for (;;) {
      const page = await c.dispatch('alerts.list', { state: 'open', limit: 97, ...(cursor ? { cursor } : {}) });
      for (const a of page.items) {
        assert.ok(!seen.has(a.id), `alert ${a.id} twice`);
        seen.add(a.id);
        const rank = order.indexOf(a.kind);
        const due = a.dueAt ?? Number.MAX_SAFE_INTEGER;
        if (last) assert.ok(rank > last.rank || (rank === last.rank && due >= last.due), 'group order, then most overdue first');
        last = { rank, due };
      }
      pages++;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const status = await c.dispatch('app.status', {});
    assert.ok(status.openAlerts > 1000, `more than the old cap: ${status.openAlerts}`);
    assert.equal(seen.size, status.openAlerts, 'every open alert once');
    assert.equal(first.total, status.openAlerts, 'page total = badge');
    assert.equal(
      first.groups.reduce((n, g) => n + g.count, 0),
      status.openAlerts,
    );
    assert.ok(pages > 10);
    assert.ok(order.includes('ship_due_soon') && order.includes('ship_overdue'), 'due-soon group present');
  });

  it('per kind, with its own total; acknowledge and snooze take an alert off the badge until it comes back', async () => {
    const due = await c.dispatch('alerts.list', { state: 'open', kind: 'ship_due_soon', limit: 5 });
    assert.ok(due.items.length > 0 && due.items.every((a) => a.kind === 'ship_due_soon'));
    assert.equal(due.total, due.groups.find((g) => g.kind === 'ship_due_soon')!.count);
    const before = (await c.dispatch('app.status', {})).openAlerts;
    const [a, b] = due.items;
    await c.dispatch('alerts.acknowledge', { id: a!.id, by: '小王' });
    await c.dispatch('alerts.snooze', { id: b!.id, minutes: 60 });
    assert.equal((await c.dispatch('app.status', {})).openAlerts, before - 2);
    const muted = await c.dispatch('alerts.list', { state: 'muted', limit: 10 });
    assert.deepEqual(muted.items.map((x) => x.id).sort(), [a!.id, b!.id].sort());
    assert.equal(muted.items.find((x) => x.id === a!.id)!.ackedBy, '小王');
    c.setNow(NOW + 31 * HOUR + 60_000); // the snooze ends
    assert.equal((await c.dispatch('app.status', {})).openAlerts >= before - 1, true);
    await c.dispatch('alerts.unmute', { id: a!.id });
    const back = await c.dispatch('alerts.list', { state: 'muted', limit: 10 });
    assert.ok(!back.items.some((x) => x.id === a!.id));
  });

  it('a bad cursor or unknown alert is a coded error with params', async () => {
    await assert.rejects(c.dispatch('alerts.list', { state: 'open', cursor: 'nope' }), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, 'invalid_input');
      return true;
    });
    await assert.rejects(c.dispatch('alerts.acknowledge', { id: 99999999 }), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, 'alert_not_found');
      assert.deepEqual(e.toBody().error.params, { id: 99999999 });
      return true;
    });
    await assert.rejects(c.dispatch('orders.list', { view: 'pending', limit: 0 }), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.deepEqual(e.toBody().error.params, { field: 'limit', issue: 'too_small' });
      return true;
    });
  });
});
