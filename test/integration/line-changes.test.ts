// A line whose product changes on a later view of its order. `order.upserted` carries "the platform's full current
// view of the trade" and "`occurredAt` decides which order state is newer" (spec/platform-events.md); a newer export
// of the same orders is the same: its rows are the order's current view (spec/exports.md). So a renamed or
// re-coded sub-order (商品名称 / 商家编码 / 标题 edited on the platform) must update the stored line, keep the
// warehouse's own facts, and be found by the contains-search under its new name, through every path:
// signed events, each export format, the clerk's SKU master.
//
// Found 2026-12-07: each of these answered 500 (UNIQUE constraint failed: search_queue.tid). The line upsert's
// own conflict policy (ABORT) overrode the OR IGNORE of the search-queue trigger it fired (SQLite uses the outer
// statement's policy inside triggers), and the writer had queued the order just before. Migration 013.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { makeCore, type TestCore } from '../helpers/core.js';
import { fixture, fixtureEvents } from '../helpers/fixtures.js';

const NOW = Date.parse('2026-11-11T12:00:00+08:00');
const cores: TestCore[] = [];
const core = (waitForIndexing = true) => {
  const c = makeCore({ now: NOW, waitForIndexing });
  cores.push(c);
  return c;
};
after(() => cores.forEach((c) => c.close()));

type Line = { oid: string; sku: string; title: string };
const lineOf = (c: TestCore, oid: string) =>
  c.db.get<Line & { locked: number }>({ text: 'SELECT oid, sku, title, locked FROM order_lines WHERE oid = ?', params: [oid] });

/** The tids the contains-search finds for `q` (queued orders are read directly, indexed ones through FTS). */
async function found(c: TestCore, q: string): Promise<string[]> {
  const page = await c.dispatch('orders.list', { view: 'all', q, includeOlder: true, limit: 50 });
  return page.items.map((o) => o.tid).sort();
}

describe('a line renamed on a later view of its order', () => {
  it('order.upserted, newer occurredAt, renamed and re-coded line: accepted, line updated, lock kept, searchable by the new name', async () => {
    const c = core();
    const events = fixtureEvents();
    const first = structuredClone(events.find((e) => e.type === 'order.upserted')!) as {
      id: string;
      occurredAt: string;
      payload: { tid: string; lines: Array<Line & Record<string, unknown>> };
    };
    assert.deepEqual(c.postEvents([first]), { accepted: 1, duplicates: 0 });
    const tid = first.payload.tid;
    const oid = first.payload.lines[0]!.oid;
    // The warehouse's own fact on that line: a clerk's interception locks it.
    await c.dispatch('interceptions.create', { tid, oids: [oid], reason: '客户要求改款', by: '客服小李' });
    assert.equal(lineOf(c, oid)!.locked, 1);

    const later = structuredClone(first);
    later.id = `${first.id}-renamed`;
    later.occurredAt = new Date(Date.parse(first.occurredAt) + 60_000).toISOString();
    later.payload.lines[0] = { ...later.payload.lines[0]!, sku: 'RENAMED-SKU-1', title: '改名后的商品 蓝色 XL' };
    assert.deepEqual(c.postEvents([later]), { accepted: 1, duplicates: 0 });

    const l = lineOf(c, oid)!;
    assert.deepEqual([l.sku, l.title, l.locked], ['RENAMED-SKU-1', '改名后的商品 蓝色 XL', 1]);
    assert.deepEqual(await found(c, '改名后的商品'), [tid]);
    assert.deepEqual(await found(c, 'RENAMED-SKU'), [tid]);
  });

  it('the renamed view posted twice under two event ids: both accepted, the line renamed, no error', () => {
    const c = core();
    const e = structuredClone(fixtureEvents().find((x) => x.type === 'order.upserted')!) as {
      id: string;
      occurredAt: string;
      payload: { lines: Array<Line> };
    };
    c.postEvents([e]);
    for (const n of [1, 2]) {
      const again = structuredClone(e);
      again.id = `${e.id}-again-${n}`;
      again.occurredAt = new Date(Date.parse(e.occurredAt) + n * 60_000).toISOString();
      again.payload.lines[0]!.title = '同一个新名字';
      assert.deepEqual(c.postEvents([again]), { accepted: 1, duplicates: 0 });
    }
    assert.equal(lineOf(c, e.payload.lines[0]!.oid)!.title, '同一个新名字');
  });

  it('Douyin export, then a newer export with 选购商品 and 商家编码 edited: imported, then updated', async () => {
    // Not waiting for the search indexer between the two: the order is still queued when the second file comes.
    const c = core(false);
    const csv = new TextDecoder().decode(fixture('douyin-orders.csv'));
    const r1 = await c.dispatch('imports.run', { files: [{ name: 'douyin-1.csv', data: new TextEncoder().encode(csv) }] });
    assert.ok(r1.imported > 0, JSON.stringify(r1));
    const edited = csv.replace('"纯棉T恤","白色 L"', '"纯棉T恤 新款","白色 L"').replace('"TSHIRT-W-L"', '"TSHIRT-W-L-2026"');
    assert.notEqual(edited, csv);
    const r2 = await c.dispatch('imports.run', { files: [{ name: 'douyin-2.csv', data: new TextEncoder().encode(edited) }] });
    assert.equal(r2.updated, 1, JSON.stringify(r2));
    const l = lineOf(c, '6917926768823643752')!;
    assert.deepEqual([l.sku, l.title], ['TSHIRT-W-L-2026', '纯棉T恤 新款 白色 L']);
    await c.importIndexed();
    assert.deepEqual(await found(c, 'TSHIRT-W-L-2026'), ['6917926768823643751']);
  });

  it('Taobao item export, then one with a 标题 edited: the order’s lines updated', async () => {
    const c = core();
    const orders = { name: 'taobao-orders-gbk.csv', data: fixture('taobao-orders-gbk.csv') };
    const items = iconv.decode(Buffer.from(fixture('taobao-items-gbk.csv')), 'gbk');
    await c.dispatch('imports.run', { files: [orders, { name: 'items-1.csv', data: iconv.encode(items, 'gbk') }] });
    const edited = items.replace('="3921004455660000",帆布托特包,', '="3921004455660000",帆布托特包 加厚款,');
    assert.notEqual(edited, items);
    const r = await c.dispatch('imports.run', { files: [{ name: 'items-2.csv', data: iconv.encode(edited, 'gbk') }] });
    assert.equal(r.updated, 1, JSON.stringify(r));
    const titles = c.db.all<{ title: string }>({
      text: 'SELECT title FROM order_lines WHERE tid = ? ORDER BY line_no',
      params: ['3921004455660000'],
    });
    assert.deepEqual(
      titles.map((t) => t.title),
      ['帆布托特包 加厚款'],
    );
    assert.deepEqual(await found(c, '加厚款'), ['3921004455660000']);
  });

  // The same goods under two ids. A Taobao item export without 子订单编号 numbers the lines `${tid}-1`…
  // (spec/exports.md: "sub-order ids … when the export has none"); the platform's `order.upserted` then gives "the
  // platform's full current view of the trade" (spec/platform-events.md) with the real sub-order ids. Those are
  // the same three goods, not six: each numbered line takes its real id (same SKU and qty), with every fact on it.
  const TID = '3921004455660070';
  const REAL = ['3921004455660071', '3921004455660072', '3921004455660073'];
  const taobaoWithoutIds = async (c: TestCore) =>
    c.dispatch('imports.run', {
      files: ['taobao-orders-gbk.csv', 'taobao-items-gbk.csv'].map((name) => ({ name, data: fixture(name) })),
    });
  const platformView = (c: TestCore) => {
    const ev = structuredClone(fixtureEvents().find((e) => e.type === 'order.upserted' && (e.payload as { tid: string }).tid === TID)!);
    ev.occurredAt = '2026-11-11T11:59:00+08:00';
    assert.deepEqual(c.postEvents([ev]), { accepted: 1, duplicates: 0 });
  };
  /** The fixture's item rows of TID with a 子订单编号 column giving each its real id (spec/exports.md). */
  const itemsWithRealIds = () => {
    const [head, ...rows] = iconv.decode(fixture('taobao-items-gbk.csv'), 'gbk').split(/\r?\n/);
    const ours = rows.filter((r) => r.includes(`"${TID}"`)).map((r, i) => `${r},="${REAL[i]}"`);
    return iconv.encode([`${head},子订单编号`, ...ours].join('\r\n'), 'gbk');
  };
  const linesOf = (c: TestCore) =>
    c.db.all<{ oid: string; sku: string; qty: number; locked: number }>({
      text: 'SELECT oid, sku, qty, locked FROM order_lines WHERE tid = ? ORDER BY oid',
      params: [TID],
    });

  it('Taobao export without 子订单编号, a whole-order interception, then the platform’s view with the real sub-order ids: one line per good, all locked; a release frees exactly those', async () => {
    // Seed 004: "方法2:客服也可以直接对主订单进行拦截,此时不需要买家选择商品" (a whole-order interception needs no
    // choice of goods: it covers the order, whatever ids its lines carry).
    // "A locked line can't be picked, packed, printed or shipped until it is released or refunded."
    const c = core();
    await taobaoWithoutIds(c);
    assert.deepEqual(
      linesOf(c).map((l) => l.oid),
      [`${TID}-1`, `${TID}-2`, `${TID}-3`],
    );
    const req = await c.dispatch('interceptions.create', { tid: TID, reason: '客户要求取消', by: '客服小李' });
    assert.equal(req.status, 'locked');
    platformView(c);
    const lines = linesOf(c);
    assert.deepEqual(
      lines.map((l) => [l.oid, l.sku, l.qty, l.locked]),
      [
        [REAL[0], 'BAG-CANVAS', 1, 1],
        [REAL[1], 'SOCK-5P', 2, 1],
        [REAL[2], 'TSHIRT-B-M', 2, 1],
      ],
      'the numbered lines took the real ids: three goods, three lines, every one locked',
    );
    assert.deepEqual(
      c.db
        .all<{ oid: string }>({ text: 'SELECT oid FROM line_locks WHERE request_id = ? ORDER BY oid', params: [req.requestId] })
        .map((r) => r.oid),
      REAL,
      'the request holds the lines under their real ids',
    );
    await assert.rejects(c.dispatch('batches.create', { tids: [TID], by: '拣货' }), (e: { code: string }) => e.code === 'empty_batch');
    const scan = await c.dispatch('pack.scan', { code: TID });
    assert.ok(scan.blocked);

    await c.dispatch('interceptions.release', { requestId: req.requestId, reason: '客户改为继续发货', by: '客服小李' });
    assert.deepEqual(
      linesOf(c).map((l) => l.locked),
      [0, 0, 0],
    );
    const { batch } = await c.dispatch('batches.create', { tids: [TID], by: '拣货' });
    assert.deepEqual(
      batch.rows.map((r) => [r.sku, r.totalQty]).sort(),
      [
        ['BAG-CANVAS', 1],
        ['SOCK-5P', 2],
        ['TSHIRT-B-M', 2],
      ],
      'released: the pick list asks for the three goods once, not twice',
    );
  });

  it('a sub-order interception on a numbered line: the lock and the request move to that line’s real id', async () => {
    // Seed 004: "方法1:…买家选择需要拦截的商品" (a sub-order interception names the goods): the clerk chose the
    // socks, numbered `${tid}-2` by the export; after the platform's view they are 3921004455660072.
    const c = core();
    await taobaoWithoutIds(c);
    const req = await c.dispatch('interceptions.create', { tid: TID, oids: [`${TID}-2`], reason: '客户要求取消袜子', by: '客服小李' });
    assert.equal(req.status, 'locked');
    platformView(c);
    assert.deepEqual(
      linesOf(c).map((l) => [l.oid, l.locked]),
      [
        [REAL[0], 0],
        [REAL[1], 1],
        [REAL[2], 0],
      ],
    );
    const after = await c.dispatch('interceptions.get', { requestId: req.requestId });
    assert.equal(after.status, 'locked');
    const stored = c.db.get<{ oids: string }>({ text: 'SELECT oids FROM interceptions WHERE request_id = ?', params: [req.requestId] })!;
    assert.deepEqual(JSON.parse(stored.oids), [REAL[1]]);
    const { batch } = await c.dispatch('batches.create', { tids: [TID], by: '拣货' });
    assert.deepEqual(batch.rows.map((r) => r.sku).sort(), ['BAG-CANVAS', 'TSHIRT-B-M'], 'the socks stay off the pick list');
    await c.dispatch('interceptions.release', { requestId: req.requestId, reason: '继续发货', by: '客服小李' });
    assert.deepEqual(
      linesOf(c).map((l) => l.locked),
      [0, 0, 0],
    );
  });

  it('batched and handed over under the numbered ids, then the platform’s view: the batch and the 出库 records follow, nothing is packed twice', async () => {
    // "A locked line can't be picked, packed, printed or shipped" and a line goes out once (pack_outs): the
    // handover recorded under `${tid}-n` is the handover of the real sub-order.
    const c = core();
    await taobaoWithoutIds(c);
    const { batch } = await c.dispatch('batches.create', { tids: [TID], by: '拣货' });
    const lines = linesOf(c);
    const out = await c.dispatch('pack.out', {
      tid: TID,
      mode: 'quick',
      code: TID,
      lines: lines.map((l) => ({ oid: l.oid, qty: l.qty })),
      station: 'A1',
    });
    assert.equal(out.ok, true);
    platformView(c);
    assert.deepEqual(
      linesOf(c).map((l) => l.oid),
      REAL,
    );
    assert.deepEqual(
      c.db
        .all<{ oid: string }>({ text: 'SELECT oid FROM batch_lines WHERE batch_no = ? ORDER BY oid', params: [batch.batchNo] })
        .map((r) => r.oid),
      REAL,
      'the batch holds the same three lines',
    );
    const records = await c.dispatch('pack.records', { tid: TID });
    assert.deepEqual(records.items.map((r) => r.oid).sort(), REAL);
    const scan = await c.dispatch('pack.scan', { code: TID });
    assert.deepEqual(scan.parcel, [], 'nothing left to pack');
    assert.ok(scan.alreadyOut, 'the order shows as handed over');
    const again = await c.dispatch('batches.get', { batchNo: batch.batchNo });
    assert.equal(again.rows.length, 3);
  });

  it('a platform view with other goods than the numbered lines: nothing is matched, the free numbered lines give way', async () => {
    // Matching needs the same goods and quantity (shared/rules/lines.ts); otherwise the platform's view is the
    // order's lines, as for any newer view.
    const c = core();
    await taobaoWithoutIds(c);
    const ev = structuredClone(fixtureEvents().find((e) => e.type === 'order.upserted' && (e.payload as { tid: string }).tid === TID)!);
    ev.occurredAt = '2026-11-11T11:59:00+08:00';
    const p = ev.payload as { lines: Array<{ sku: string; qty: number }> };
    for (const l of p.lines) l.qty += 5;
    assert.deepEqual(c.postEvents([ev]), { accepted: 1, duplicates: 0 });
    assert.deepEqual(
      linesOf(c).map((l) => [l.oid, l.qty]),
      [
        [REAL[0], 6],
        [REAL[1], 7],
        [REAL[2], 7],
      ],
    );
  });

  it('Taobao item export without 子订单编号 and a whole-order lock, then the item export with 子订单编号: the same three lines, still locked', async () => {
    // spec/exports.md: Taobao's item export may carry 子订单编号; the newer file is the order's current view.
    const c = core();
    await taobaoWithoutIds(c);
    const req = await c.dispatch('interceptions.create', { tid: TID, reason: '客户要求取消', by: '客服小李' });
    const r = await c.dispatch('imports.run', { files: [{ name: 'taobao-items-with-ids.csv', data: itemsWithRealIds() }] });
    assert.equal(r.updated, 1);
    assert.deepEqual(
      linesOf(c).map((l) => [l.oid, l.locked]),
      REAL.map((o) => [o, 1]),
    );
    await c.dispatch('interceptions.release', { requestId: req.requestId, reason: '继续发货', by: '客服小李' });
    const { batch } = await c.dispatch('batches.create', { tids: [TID], by: '拣货' });
    assert.equal(
      batch.rows.reduce((n, r) => n + r.totalQty, 0),
      5,
      'one bag, two socks, two T-shirts',
    );
  });

  it('the other way round: the item export with 子订单编号, a whole-order lock, then an item export without it: the lines keep their real ids, one per good', async () => {
    // The older export names the same goods `${tid}-n`: they are the stored lines, not three more.
    const c = core();
    await c.dispatch('imports.run', {
      files: [
        { name: 'taobao-orders-gbk.csv', data: fixture('taobao-orders-gbk.csv') },
        { name: 'taobao-items-with-ids.csv', data: itemsWithRealIds() },
      ],
    });
    assert.deepEqual(
      linesOf(c).map((l) => l.oid),
      REAL,
    );
    const req = await c.dispatch('interceptions.create', { tid: TID, reason: '客户要求取消', by: '客服小李' });
    const r = await c.dispatch('imports.run', { files: [{ name: 'taobao-items-gbk.csv', data: fixture('taobao-items-gbk.csv') }] });
    assert.equal(r.updated, 0, 'the same goods under the ids they have: nothing changed');
    assert.deepEqual(
      linesOf(c).map((l) => [l.oid, l.locked]),
      REAL.map((o) => [o, 1]),
      'three lines under their real ids, all still locked',
    );
    await c.dispatch('interceptions.release', { requestId: req.requestId, reason: '继续发货', by: '客服小李' });
    const { batch } = await c.dispatch('batches.create', { tids: [TID], by: '拣货' });
    assert.equal(
      batch.rows.reduce((k, row) => k + row.totalQty, 0),
      5,
      'one bag, two socks, two T-shirts',
    );
  });
});
