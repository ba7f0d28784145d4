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

  it('Taobao export without 子订单编号, a whole-order interception, then the platform’s view with the real sub-order ids: every line locked, none on a pick list', async () => {
    // Seed 004: "方法2:客服也可以直接对主订单进行拦截,此时不需要买家选择商品" (a whole-order interception needs no
    // choice of goods: it covers the order, whatever ids its lines carry).
    // "A locked line can't be picked, packed, printed or shipped until it is released or refunded." The export's
    // lines are `${tid}-1`…; the event brings the same goods under their real ids. Both stay (a locked line is
    // never deleted), and the whole-order request now holds the new ones too.
    const c = core();
    await c.dispatch('imports.run', {
      files: ['taobao-orders-gbk.csv', 'taobao-items-gbk.csv'].map((name) => ({ name, data: fixture(name) })),
    });
    const tid = '3921004455660070';
    const req = await c.dispatch('interceptions.create', { tid, reason: '客户要求取消', by: '客服小李' });
    assert.equal(req.status, 'locked');
    const ev = structuredClone(fixtureEvents().find((e) => e.type === 'order.upserted' && (e.payload as { tid: string }).tid === tid)!);
    ev.occurredAt = '2026-11-11T11:59:00+08:00';
    assert.deepEqual(c.postEvents([ev]), { accepted: 1, duplicates: 0 });
    const lines = c.db.all<{ oid: string; locked: number }>({
      text: 'SELECT oid, locked FROM order_lines WHERE tid = ? ORDER BY oid',
      params: [tid],
    });
    assert.ok(
      lines.some((l) => l.oid === '3921004455660071'),
      JSON.stringify(lines),
    );
    assert.deepEqual(
      lines.filter((l) => !l.locked).map((l) => l.oid),
      [],
      'no line of the intercepted order is free',
    );
    await assert.rejects(c.dispatch('batches.create', { tids: [tid], by: '拣货' }), (e: { code: string }) => e.code === 'empty_batch');
    const scan = await c.dispatch('pack.scan', { code: tid });
    assert.ok(scan.blocked);
  });
});
