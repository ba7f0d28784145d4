import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ShipLockError } from '../../electron/app/errors.js';
import { decodeText, parseCsv } from '../../electron/intake/decode.js';
import { makeCore, type TestCore } from '../helpers/core.js';
import { fixture, fixtureEvents, taobaoClosedExport } from '../helpers/fixtures.js';

const NOW = Date.parse('2026-11-11T18:00:00+08:00');
const cores: TestCore[] = [];
after(() => cores.forEach((c) => c.close()));

/** The GBK fixtures: 40 orders, 56 lines, bins from the SKU master. */
async function core(): Promise<TestCore> {
  const c = makeCore({ now: NOW });
  cores.push(c);
  await c.dispatch('imports.run', {
    files: ['taobao-orders-gbk.csv', 'taobao-items-gbk.csv', 'sku-master.csv'].map((name) => ({ name, data: fixture(name) })),
  });
  return c;
}

/** Expected pick totals straight from the item export. */
function expectedTotals(except: Set<string> = new Set()): Map<string, number> {
  const rows = parseCsv(decodeText(fixture('taobao-items-gbk.csv')).text);
  const h = rows[0]!;
  const totals = new Map<string, number>();
  for (const r of rows.slice(1)) {
    const tid = r[h.indexOf('订单编号')]!.replace(/[="]/g, '');
    if (except.has(tid)) continue;
    const sku = r[h.indexOf('商家编码')]!;
    totals.set(sku, (totals.get(sku) ?? 0) + Number(r[h.indexOf('购买数量')]));
  }
  return totals;
}

describe('batches and pick lists', () => {
  it('aggregates every fixture order by SKU in bin order with the right totals', async () => {
    const c = await core();
    const { batch } = await c.dispatch('batches.create', { filters: {}, maxOrders: 500 });
    assert.match(batch.batchNo, /^B20261111-001$/);
    assert.equal(batch.orderCount, 40);
    assert.equal(batch.lineCount, 56);
    assert.deepEqual(
      batch.rows.map((r) => r.bin),
      ['A-03-10', 'A-03-12', 'A-07-01', 'B-01-02', 'B-04-07', 'C-01-01', 'C-02-05'],
    );
    const want = expectedTotals();
    assert.deepEqual(new Map(batch.rows.map((r) => [r.sku, r.totalQty])), want);
    assert.equal(
      batch.pieceCount,
      [...want.values()].reduce((a, b) => a + b, 0),
    );
    assert.equal(batch.rows.find((r) => r.sku === 'MUG-350')!.orderCount, 10);
    assert.equal(batch.orders.length, 40, 'one packing slip per order');
    // Orders already in an open batch are not picked twice.
    await assert.rejects(c.dispatch('batches.create', { filters: {}, maxOrders: 10 }), (e: ShipLockError) => e.status === 409);
  });

  it('filters: deadline, type, SKU, maximum orders; numbers continue per day', async () => {
    const c = await core();
    const first = await c.dispatch('batches.create', { filters: { orderType: 'presale' }, maxOrders: 100 });
    assert.equal(first.batch.orderCount, 4);
    const second = await c.dispatch('batches.create', { filters: { sku: 'NOTE-A5' }, maxOrders: 2 });
    assert.equal(second.batch.orderCount, 2);
    assert.equal(second.batch.batchNo, 'B20261111-002');
    const byDeadline = await c.dispatch('batches.create', {
      filters: { deadlineBefore: Date.parse('2026-11-13T01:00:00+08:00') },
      maxOrders: 100,
    });
    assert.ok(byDeadline.batch.orders.every((o) => o.shipDeadline! <= Date.parse('2026-11-13T01:00:00+08:00')));
  });

  it('leaves out locked lines, and orders whose every line is locked', async () => {
    const c = await core();
    const whole = await c.dispatch('interceptions.create', { tid: '3921004455660080', reason: '买家来电拦截' });
    assert.equal(whole.status, 'locked');
    const partial = await c.dispatch('orders.get', { tid: '3921004455660070' });
    await c.dispatch('interceptions.create', { tid: '3921004455660070', oids: [partial.lines[2]!.oid], reason: '只拦截T恤' });
    const { batch, skipped } = await c.dispatch('batches.create', {
      tids: ['3921004455660080', '3921004455660070', '3921004455660000'],
      maxOrders: 10,
    });
    assert.deepEqual(
      skipped.map((s) => s.tid),
      ['3921004455660080'],
    );
    assert.match(skipped[0]!.reason, /已拦截/);
    assert.deepEqual(batch.orders.map((o) => o.tid).sort(), ['3921004455660000', '3921004455660070']);
    const o70 = batch.orders.find((o) => o.tid === '3921004455660070')!;
    assert.deepEqual(
      o70.lines.map((l) => l.sku),
      ['BAG-CANVAS', 'SOCK-5P'],
    );
    assert.ok(!batch.rows.some((r) => r.sku === 'TSHIRT-B-M'), 'the locked T-shirt is on no pick row');
    await assert.rejects(
      c.dispatch('batches.create', { tids: ['3921004455660080'], maxOrders: 10 }),
      (e: ShipLockError) => e.status === 409,
    );
    await assert.rejects(
      c.dispatch('batches.create', { tids: ['123456789'], maxOrders: 10 }),
      (e: ShipLockError) => e.status === 400 && e.path === 'tids[0]',
    );
  });

  it('a line locked after printing: 需撤出, an alert, a blocked scan; reprint keeps the number', async () => {
    const c = await core();
    const { batch } = await c.dispatch('batches.create', { tids: ['3921004455660210', '3921004455660220'], maxOrders: 10 });
    await c.dispatch('batches.markPrinted', { batchNo: batch.batchNo });
    await c.dispatch('interceptions.create', { tid: '3921004455660210', reason: '客服电话拦截' });
    const stale = await c.dispatch('batches.get', { batchNo: batch.batchNo });
    assert.equal(stale.staleCount, 3);
    assert.deepEqual(stale.stale.map((s) => s.bin).sort(), ['A-07-01', 'B-01-02', 'B-04-07']);
    assert.deepEqual(
      stale.orders.map((o) => o.tid),
      ['3921004455660220'],
      'reprints leave the locked order out',
    );
    const alerts = (await c.dispatch('alerts.list', { state: 'open' })).items.filter((a) => a.kind === 'batch_stale');
    assert.equal(alerts.length, 1);
    assert.match(alerts[0]!.detail, new RegExp(`${batch.batchNo}.*需撤出`));
    const scan = await c.dispatch('pack.scan', { code: '3921004455660210' });
    assert.equal(scan.blocked?.batchNo, batch.batchNo);
    const reprint = await c.dispatch('batches.markPrinted', { batchNo: batch.batchNo });
    assert.equal(reprint.batchNo, batch.batchNo);
    assert.equal(reprint.printCount, 2);
    // Pulling the lines out of the batch clears the alert.
    for (const s of stale.stale) await c.dispatch('batches.withdrawLine', { batchNo: batch.batchNo, oid: s.oid });
    assert.equal((await c.dispatch('alerts.list', { state: 'open' })).items.filter((a) => a.kind === 'batch_stale').length, 0);
    const list = (await c.dispatch('batches.list', {})).items;
    assert.equal(list[0]!.staleCount, 0);
    const detail = await c.dispatch('batches.get', { batchNo: batch.batchNo });
    assert.deepEqual(
      [list[0]!.orderCount, list[0]!.lineCount, list[0]!.pieceCount],
      [detail.orderCount, detail.lineCount, detail.pieceCount],
      'the list counts what will be picked, like the detail',
    );
    assert.deepEqual(
      (await c.dispatch('batches.get', { batchNo: batch.batchNo })).history.map((h) => h.action),
      ['created', 'printed', 'stale', 'stale', 'stale', 'reprinted', 'withdrawn', 'withdrawn', 'withdrawn'],
    );
  });

  // rules.md §1: a line "still here" is one whose order is not "shipped/picked_up/succeeded/closed"; a closed
  // order (交易关闭: the trade was cancelled) ships nothing. A batch printed before it closed still has its slip on
  // paper: it must come out like a locked line (需撤出), through every way a close arrives.
  const closedAfterPrint = async (c: TestCore, tid: string, other: string, close: () => Promise<unknown>) => {
    const { batch } = await c.dispatch('batches.create', { tids: [tid, other], maxOrders: 10 });
    await c.dispatch('batches.markPrinted', { batchNo: batch.batchNo });
    const before = batch.rows.reduce((n, r) => n + r.totalQty, 0);
    await close();
    const b = await c.dispatch('batches.get', { batchNo: batch.batchNo });
    assert.deepEqual(
      b.orders.map((o) => o.tid),
      [other],
      'the slips leave the closed order out',
    );
    assert.ok(b.stale.length > 0 && b.stale.every((s) => s.tid === tid && s.why === 'closed'), JSON.stringify(b.stale));
    assert.equal(b.staleCount, b.stale.length);
    assert.equal(
      b.rows.reduce((n, r) => n + r.totalQty, 0),
      before - b.stale.reduce((n, s) => n + s.qty, 0),
      'the pick list no longer asks for its goods',
    );
    const listed = (await c.dispatch('batches.list', {})).items.find((x) => x.batchNo === batch.batchNo)!;
    assert.deepEqual(
      [listed.orderCount, listed.lineCount, listed.pieceCount, listed.staleCount],
      [b.orderCount, b.lineCount, b.pieceCount, b.staleCount],
    );
    const alerts = (await c.dispatch('alerts.list', { state: 'open' })).items.filter((a) => a.kind === 'batch_stale' && a.tid === tid);
    assert.equal(alerts.length, 1);
    assert.match(alerts[0]!.detail, /需撤出.*订单已关闭/);
    const html = (await c.dispatch('batches.get', { batchNo: batch.batchNo })).stale;
    for (const s of html) await c.dispatch('batches.withdrawLine', { batchNo: batch.batchNo, oid: s.oid });
    assert.equal((await c.dispatch('alerts.list', { state: 'open' })).items.filter((a) => a.kind === 'batch_stale').length, 0);
    assert.equal((await c.dispatch('batches.get', { batchNo: batch.batchNo })).staleCount, 0);
  };

  it('an order closed after its batch was printed, by a Taobao export row 交易关闭: 需撤出, off the slips, an alert', async () => {
    const c = await core();
    const tid = '3921004455660210';
    await closedAfterPrint(c, tid, '3921004455660220', () =>
      c.dispatch('imports.run', { files: [{ name: 'taobao-closed.csv', data: taobaoClosedExport(tid) }] }),
    );
    assert.equal((await c.dispatch('orders.get', { tid })).status, 'closed');
  });

  it('an order closed after its batch was printed, by order.upserted status closed: 需撤出, off the slips, an alert', async () => {
    const c = makeCore({ now: NOW });
    cores.push(c);
    const upserts = fixtureEvents().filter((e) => e.type === 'order.upserted');
    c.postEvents(upserts);
    const [a, b] = upserts.map((e) => (e.payload as { tid: string }).tid);
    await closedAfterPrint(c, a!, b!, async () => {
      const closed = structuredClone(upserts[0]!) as (typeof upserts)[number] & { payload: { status: string } };
      closed.id = 'evt-picklist-closed';
      closed.occurredAt = '2026-11-11T17:00:00+08:00';
      closed.payload.status = 'closed';
      assert.deepEqual(c.postEvents([closed]), { accepted: 1, duplicates: 0 });
    });
  });

  it('exports CSV in UTF-8 with BOM with the same totals, and a print view with masked values only', async () => {
    const c = await core();
    const { batch } = await c.dispatch('batches.create', { filters: {}, maxOrders: 500 });
    const csv = c.renderBatch(batch.batchNo, 'picklist.csv');
    assert.ok(csv.startsWith('\uFEFF'));
    const rows = parseCsv(decodeText(new TextEncoder().encode(csv)).text);
    assert.deepEqual(rows[0], ['批次', '库位', '商家编码', '商品名称', '条码', '数量', '订单数']);
    const totals = new Map(rows.slice(1, -1).map((r) => [r[2]!, Number(r[5])]));
    assert.deepEqual(totals, expectedTotals());
    assert.equal(Number(rows.at(-1)![5]), batch.pieceCount);
    const slips = c.renderBatch(batch.batchNo, 'slips.csv');
    const html = c.renderBatch(batch.batchNo, 'html', { kind: 'all' });
    for (const text of [slips, html]) {
      assert.doesNotMatch(text, /(?<!\d)1[3-9]\d{9}(?!\d)/, 'no full phone number');
      assert.ok(!text.includes('建国路93号院3单元1004室'), 'no full address');
      assert.ok(!text.includes('李静'), 'no full name');
    }
    assert.match(html, /170\*\*\*\*1792 转 0189/);
    assert.equal((html.match(/<section class="slip/g) ?? []).length, 40);
    assert.match(html, /<svg/);
  });
});
