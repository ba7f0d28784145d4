// The import worker (issue #9 item 4): the streaming import written in one transaction equals the old
// parse-everything-then-write path on every fixture and on generated exports cut into many chunks; writes
// of the main thread wait while an import holds the store and are decided on the imported facts; a worker
// that dies leaves nothing behind; uploads stream to private temp files that are always deleted.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import type { Worker } from 'node:worker_threads';
import type { ImportResult } from '../../shared/api/contract.js';
import { ShipLockError } from '../../electron/app/errors.js';
import { FactBus } from '../../electron/app/facts.js';
import { wireWritePath } from '../../electron/app/wiring.js';
import { ImportInProgressError } from '../../electron/db/sql.js';
import { EventRouter, importStreaming, parseImportFiles, writeImport, type SourceFile } from '../../electron/intake/index.js';
import { findMapping } from '../../electron/intake/index.js';
import { isSealed, openIfSealed, seal } from '../../electron/security/index.js';
import { startStationServer, type StationServer } from '../../electron/server/http.js';
import { generateOrders, toDouyinCsv, toEvents, toTaobaoCsv, takeSubOrders } from '../../bench/generate.js';
import { authFetch, makeCore, SECRET, STATION_TOKEN, type TestCore } from '../helpers/core.js';
import { fixture, tempDir } from '../helpers/fixtures.js';
import { sign } from '../../electron/intake/signature.js';

const NOW = Date.parse('2026-11-11T12:00:00+08:00');
const cores: TestCore[] = [];
const servers: StationServer[] = [];
const core = (o: Parameters<typeof makeCore>[0] = {}) => {
  const c = makeCore({ now: NOW, ...o });
  cores.push(c);
  return c;
};
after(async () => {
  for (const s of servers) await s.close();
  cores.forEach((c) => c.close());
});

type File = { name: string; data: Uint8Array; signature?: string; timestamp?: string };

/** The old path: parse every file, then write them in one main-thread transaction. */
async function oldImport(c: TestCore, files: File[]): Promise<ImportResult> {
  const router = new EventRouter();
  wireWritePath(new FactBus(), router);
  const parsed = await parseImportFiles(files, { timeZone: c.settings.get().timeZone, findMapping: (s) => findMapping(c.db, s) });
  return c.write((ctx) => writeImport({ ...ctx, router }, parsed));
}

/** The streaming path in this thread (same transaction discipline as the worker), with small chunks. */
async function streamImport(
  c: TestCore,
  files: SourceFile[],
  chunkChars: number,
  fallbacks: string[] = [],
  streamed: string[] = [],
): Promise<ImportResult> {
  const router = new EventRouter();
  wireWritePath(c.facts, router);
  const key = c.dataKey;
  const ctx = {
    db: c.db,
    now: c.now(),
    settings: c.settings.get(),
    facts: c.facts,
    touched: new Set<string>(),
    vault: { seal: (p: string, aad: string) => seal(key, p, aad), open: (v: string, aad: string) => openIfSealed(key, v, aad) },
    router,
  };
  c.db.raw.exec('BEGIN IMMEDIATE');
  try {
    const r = await importStreaming(ctx, files, {
      timeZone: c.settings.get().timeZone,
      findMapping: (s) => findMapping(c.db, s),
      chunkChars,
      onFallback: (file, reason) => fallbacks.push(`${file}: ${reason}`),
      onStreamed: (file) => streamed.push(file),
    });
    c.db.raw.exec('COMMIT');
    return r;
  } catch (e) {
    c.db.raw.exec('ROLLBACK');
    throw e;
  }
}

/** Every table the import path writes, as comparable rows (sealed buyer data opened; ids and times as stored). */
function dump(c: TestCore): Record<string, unknown[]> {
  const tables = c.db
    .all<{ name: string }>({
      text: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_%' AND name NOT LIKE 'order_search%' ORDER BY name",
      params: [],
    })
    .map((r) => r.name)
    .filter((n) => !['job_runs', 'settings'].includes(n));
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const rows = c.db.all<Record<string, unknown>>({ text: `SELECT * FROM "${t}"`, params: [] });
    out[t] = rows
      .map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => {
            if (typeof v === 'string' && isSealed(v)) return [k, `sealed:${openIfSealed(c.dataKey, v, String(r.tid ?? ''))}`];
            if (k === 'envelope' || k === 'raw') return [k, '…'];
            return [k, v];
          }),
        ),
      )
      .map((r) => JSON.stringify(r))
      .sort();
  }
  return out;
}

async function outcome(p: Promise<ImportResult>): Promise<unknown> {
  try {
    return { ok: await p };
  } catch (e) {
    assert.ok(e instanceof ShipLockError, String(e));
    return { status: e.status, code: e.code, errors: e.errors, body: e.toBody() };
  }
}

const signed = (data: Uint8Array, name: string): File => {
  const timestamp = String(Math.floor(NOW / 1000));
  return { name, data, timestamp, signature: sign(SECRET, timestamp, Buffer.from(data)) };
};

const FIXTURE_SETS: Array<[string, () => File[]]> = [
  [
    'Taobao GBK orders + items + SKU master',
    () => ['taobao-orders-gbk.csv', 'taobao-items-gbk.csv', 'sku-master.csv'].map((n) => ({ name: n, data: fixture(n) })),
  ],
  [
    'Taobao UTF-8 (BOM) orders + items',
    () => ['taobao-orders-utf8.csv', 'taobao-items-utf8.csv'].map((n) => ({ name: n, data: fixture(n) })),
  ],
  ['Taobao quirks', () => [{ name: 'q.csv', data: fixture('taobao-orders-quirks.csv') }]],
  ['Douyin CSV', () => [{ name: 'd.csv', data: fixture('douyin-orders.csv') }]],
  ['Douyin XLSX', () => [{ name: 'd.xlsx', data: fixture('douyin-orders.xlsx') }]],
  ['PDD', () => [{ name: 'p.csv', data: fixture('pdd-orders.csv') }]],
  ['JD GBK', () => [{ name: 'j.csv', data: fixture('jd-orders-gbk.csv') }]],
  ['signed events', () => [signed(fixture('events.jsonl'), 'events.jsonl')]],
];

describe('streaming import equals the parse-then-write import', () => {
  for (const [label, files] of FIXTURE_SETS) {
    it(`${label}: same result, same stored rows (chunks of 300 characters)`, async () => {
      const a = core();
      const b = core();
      const ra = await outcome(oldImport(a, files()));
      const rb = await outcome(streamImport(b, files(), 300));
      assert.deepEqual(rb, ra);
      assert.deepEqual(dump(b), dump(a));
    });
  }

  it('generated Taobao (GBK) and Douyin (UTF-8) exports across hundreds of chunks, in one request', async () => {
    const orders = generateOrders(3000, 5, NOW);
    const tb = toTaobaoCsv(orders.slice(0, 1500));
    const dy = toDouyinCsv(takeSubOrders(orders.slice(1500), 2500));
    const files = () => [
      { name: 'orders.csv', data: tb.orders },
      { name: 'items.csv', data: tb.items },
      { name: 'douyin.csv', data: dy },
    ];
    const a = core();
    const b = core();
    const ra = await outcome(oldImport(a, files()));
    const fallbacks: string[] = [];
    const streamed: string[] = [];
    const rb = await outcome(streamImport(b, files(), 2000, fallbacks, streamed));
    assert.ok('ok' in (ra as object), JSON.stringify(ra).slice(0, 300));
    assert.deepEqual(fallbacks, []);
    assert.deepEqual(streamed.sort(), ['douyin.csv', 'items.csv', 'orders.csv'], 'both order exports and the item export were streamed');
    assert.deepEqual(rb, ra);
    assert.deepEqual(dump(b), dump(a));
  });

  it('an order whose rows are far apart (another chunk) falls back to the whole file, same result', async () => {
    const lines = new TextDecoder().decode(toDouyinCsv(takeSubOrders(generateOrders(400, 9, NOW), 700))).split('\r\n');
    // Move the second row of the first multi-line order to the end: its order now spans chunks.
    const tidOf = (l: string) => l.split(',')[0];
    const i = lines.findIndex((l, k) => k > 1 && tidOf(l) === tidOf(lines[k - 1]!));
    const moved = [...lines.slice(0, i), ...lines.slice(i + 1), lines[i]!].join('\r\n');
    const files = () => [{ name: 'spread.csv', data: new TextEncoder().encode(moved) }];
    const a = core();
    const b = core();
    const ra = await outcome(oldImport(a, files()));
    const fallbacks: string[] = [];
    const rb = await outcome(streamImport(b, files(), 1000, fallbacks));
    assert.match(fallbacks.join('\n'), /spread\.csv: order \d+ has rows in more than one chunk/);
    assert.deepEqual(rb, ra);
    assert.deepEqual(dump(b), dump(a));
  });

  it('an order whose items are far apart (another chunk) sends the item export back to the whole file, same result', async () => {
    const tb = toTaobaoCsv(generateOrders(600, 11, NOW));
    const lines = iconv.decode(Buffer.from(tb.items), 'gbk').split('\r\n');
    const tidOf = (l: string) => l.split(',')[0];
    const i = lines.findIndex((l, k) => k > 1 && tidOf(l) === tidOf(lines[k - 1]!));
    const moved = [...lines.slice(0, i), ...lines.slice(i + 1), lines[i]!].join('\r\n');
    const files = () => [
      { name: 'orders.csv', data: tb.orders },
      { name: 'items.csv', data: new Uint8Array(iconv.encode(moved, 'gbk')) },
    ];
    const a = core();
    const b = core();
    const ra = await outcome(oldImport(a, files()));
    const fallbacks: string[] = [];
    const streamed: string[] = [];
    const rb = await outcome(streamImport(b, files(), 1000, fallbacks, streamed));
    assert.ok('ok' in (ra as object), JSON.stringify(ra).slice(0, 300));
    assert.match(fallbacks.join('\n'), /items\.csv: order \d+ has items in more than one chunk/);
    assert.deepEqual(streamed, ['orders.csv']);
    assert.deepEqual(rb, ra);
    assert.deepEqual(dump(b), dump(a));
  });

  it('item rows with bad cells and items of unknown orders, in many chunks: the same 422, nothing stored', async () => {
    const tb = toTaobaoCsv(generateOrders(500, 12, NOW));
    const lines = iconv.decode(Buffer.from(tb.items), 'gbk').split('\r\n');
    // A quantity that is no number (a parse error), twice, far apart.
    for (const k of [7, 400]) lines[k] = lines[k]!.replace(/,(\d+),/, ',x,');
    const files = (withOrders: boolean) => [
      ...(withOrders ? [{ name: 'orders.csv', data: tb.orders }] : []),
      { name: 'items.csv', data: new Uint8Array(iconv.encode(lines.join('\r\n'), 'gbk')) },
    ];
    for (const withOrders of [true, false]) {
      const a = core();
      const b = core();
      const ra = (await outcome(oldImport(a, files(withOrders)))) as { status: number };
      const rb = await outcome(streamImport(b, files(withOrders), 900));
      assert.equal(ra.status, 422);
      assert.deepEqual(rb, ra);
      assert.equal(b.db.get<{ n: number }>({ text: 'SELECT COUNT(*) AS n FROM order_lines', params: [] })!.n, 0);
    }
    // Items of orders that were never imported: write errors (订单不存在) from every chunk, as in the whole file.
    const clean = () => [{ name: 'items.csv', data: tb.items }];
    const a = core();
    const b = core();
    const ra = (await outcome(oldImport(a, clean()))) as { status: number; errors: unknown[] };
    const streamed: string[] = [];
    const rb = await outcome(streamImport(b, clean(), 900, [], streamed));
    assert.equal(ra.status, 422);
    assert.ok(ra.errors.length > 5);
    assert.deepEqual(streamed, ['items.csv'], 'read to its end in chunks, every write error kept');
    assert.deepEqual(rb, ra);
  });

  // Signed event files go line by line too (issue #9: parse streaming). Same result as the whole file:
  // duplicates across pieces, a refused event (a line taken from another order) naming its row, and a bad
  // line further on winning over that refusal, as when every file is parsed before anything is written.
  it('a signed event file read in pieces: duplicates, a refused event and a bad line give the same result', async () => {
    type Ev = { id: string; payload: { tid: string; lines: Array<{ oid: string }> } };
    const events = toEvents(generateOrders(300, 21, NOW)) as Ev[];
    const line = (e: unknown) => JSON.stringify(e);
    const thief = structuredClone(events[10]!);
    thief.id = 'evt-thief';
    thief.payload.tid = '3921009999990000';
    thief.payload.lines = [{ ...thief.payload.lines[0]!, oid: events[3]!.payload.lines[0]!.oid }];
    const cases: Array<[string, string[]]> = [
      ['clean, with every 7th event repeated far below', [...events.map(line), ...events.filter((_, i) => i % 7 === 0).map(line)]],
      ['a refused event', [...events.slice(0, 250).map(line), line(thief), ...events.slice(250).map(line)]],
      ['a refused event, then a bad line', [...events.slice(0, 100).map(line), line(thief), ...events.slice(100).map(line), '{not json']],
    ];
    for (const [label, lines] of cases) {
      const data = new TextEncoder().encode(lines.join('\n') + '\n');
      const files = () => [signed(data, 'events.jsonl')];
      const a = core();
      const b = core();
      const ra = await outcome(oldImport(a, files()));
      const streamed: string[] = [];
      const rb = await outcome(streamImport(b, files(), 4000, [], streamed));
      assert.deepEqual(streamed, ['events.jsonl'], label);
      const errs = (ra as { errors?: Array<{ row: number; message: string }> }).errors;
      if (label === 'a refused event') assert.equal(errs?.[0]?.row, 251, 'the refused event is named by its line');
      if (label === 'a refused event, then a bad line')
        assert.deepEqual(
          errs?.map((e) => e.row),
          [lines.length],
          'the bad line wins',
        );
      assert.deepEqual(rb, ra, label);
      assert.deepEqual(dump(b), dump(a), label);
    }
  });

  it('bad rows in many chunks: the same 422 (file, row, field), nothing stored', async () => {
    const text = iconv.decode(Buffer.from(toTaobaoCsv(generateOrders(800, 3, NOW)).orders), 'gbk').split('\r\n');
    for (const k of [5, 170, 420, 799]) text[k] = text[k]!.replace(/^="(\d+)"/, '="4.0E+15"'); // an id Excel mangled
    text[300] = text[300]!.replace('"买家已付款,等待卖家发货"', '"未知状态"');
    const files = () => [
      { name: 'sku.csv', data: fixture('sku-master.csv') },
      { name: 'bad.csv', data: new Uint8Array(iconv.encode(text.join('\r\n'), 'gbk')) },
    ];
    const a = core();
    const b = core();
    const ra = (await outcome(oldImport(a, files()))) as { status: number; errors: Array<{ row: number }> };
    const fallbacks: string[] = [];
    const rb = await outcome(streamImport(b, files(), 1500, fallbacks));
    assert.deepEqual(fallbacks, []);
    assert.equal(ra.status, 422);
    assert.ok(ra.errors.length >= 5);
    assert.deepEqual(rb, ra);
    assert.equal(b.db.get<{ n: number }>({ text: 'SELECT COUNT(*) AS n FROM orders', params: [] })!.n, 0);
    assert.equal(b.db.get<{ n: number }>({ text: 'SELECT COUNT(*) AS n FROM skus', params: [] })!.n, 0);
  });

  it('through the worker (imports.run): the same result and rows as the old path', async () => {
    const files = () => ['taobao-orders-gbk.csv', 'taobao-items-gbk.csv', 'sku-master.csv'].map((n) => ({ name: n, data: fixture(n) }));
    const a = core();
    const b = core({ waitForIndexing: false });
    const ra = await oldImport(a, files());
    const rb = await b.dispatch('imports.run', { files: files() });
    assert.deepEqual(rb, ra);
    assert.deepEqual(dump(b), dump(a));
    // Answered at its commit, the worker then indexes what it imported for contains-search (off the main
    // thread); search finds the still-queued orders meanwhile, the same ones.
    const n = (t: string) => b.db.get<{ n: number }>({ text: `SELECT COUNT(*) AS n FROM ${t}`, params: [] })!.n;
    const early = await b.dispatch('orders.list', { view: 'all', q: '马克杯' });
    await b.importIndexed();
    assert.equal(n('search_queue'), 0, 'nothing left for the main thread to index');
    assert.equal(n('search_docs'), n('orders'));
    const found = await b.dispatch('orders.list', { view: 'all', q: '马克杯' });
    assert.ok(found.total > 0, 'a title word finds the imported orders');
    assert.equal(early.total, found.total, 'the same orders found before and after the index caught up');
  });

  // A wait in a circle (an import holding the gate for a worker's indexing that needs the gate) would hang: the
  // timeout makes it a failure.
  it(
    'answers at the commit and indexes after, gate open: writes go through, the next import waits, close() stops it',
    { timeout: 120_000 },
    async () => {
      const orders = takeSubOrders(generateOrders(8_000, 12, NOW), 12_000);
      const file = () => ({ name: 'douyin.csv', data: toDouyinCsv(orders) });
      const workers: Worker[] = [];
      const c = core({ importWorker: { onWorker: (w) => workers.push(w) }, waitForIndexing: false });
      const exited = (w: Worker) => new Promise<void>((r) => w.once('exit', () => r()));
      const firstExit = { done: false };
      const running = c.dispatch('imports.run', { files: [file()] });
      await new Promise((r) => setImmediate(r));
      void exited(workers[0]!).then(() => (firstExit.done = true));
      await running;
      assert.equal(firstExit.done, false, 'answered while its worker still indexes (about 6,000 orders)');
      // A write right after the answer waits for one indexing batch at most (the batch holds the gate), not for
      // the whole indexing, and is never refused.
      const shipped = await c.dispatch('orders.markShipped', { tid: orders[0]!.tid, carrier: '中通', trackingNo: '78000000000001' });
      assert.equal(shipped.status, 'shipped');
      assert.equal(firstExit.done, false, 'the write went through while the worker still indexed');
      // The next import starts after the indexing: its long transaction would starve the batches.
      const second = c.dispatch('imports.run', { files: [file()] });
      await new Promise((r) => setImmediate(r));
      assert.equal(workers.length, 1, 'no second worker while the first indexes');
      const again = await second;
      assert.equal(firstExit.done, true);
      assert.equal(again.imported, 0, 'the same file again changes nothing');
      await c.importIndexed();
      assert.equal(c.db.raw.prepare('SELECT COUNT(*) FROM search_queue').pluck().get(), 0);
      assert.equal(c.db.raw.prepare('SELECT COUNT(*) FROM search_docs').pluck().get(), orders.length);

      // Two imports at once (the second asked for before the first answers): the second runs after the first's
      // commit, the first's indexing batches wait for it, and both end indexed (no wait on each other in a circle).
      const e = core({ waitForIndexing: false });
      const both = Promise.all([
        e.dispatch('imports.run', { files: [file()] }),
        e.dispatch('imports.run', { files: ['taobao-orders-gbk.csv', 'taobao-items-gbk.csv'].map((n) => ({ name: n, data: fixture(n) })) }),
      ]).then(() => e.importIndexed());
      await both;
      assert.equal(e.db.raw.prepare('SELECT COUNT(*) FROM search_queue').pluck().get(), 0);
      assert.equal(
        e.db.raw.prepare('SELECT COUNT(*) FROM search_docs').pluck().get(),
        e.db.raw.prepare('SELECT COUNT(*) FROM orders').pluck().get(),
      );

      // close() while a worker indexes stops it; what it did not index stays queued for the station's indexer.
      const d = core({ importWorker: { onWorker: (w) => workers.push(w) }, waitForIndexing: false });
      await d.dispatch('imports.run', { files: [file()] });
      const w = workers[workers.length - 1]!;
      const gone = exited(w);
      d.close();
      await gone;
    },
  );
});

describe('main-thread writes during an import', () => {
  it('wait for the commit, are decided on the imported facts, and reads answer meanwhile', async () => {
    let worker: Worker | null = null;
    const c = core({ importWorker: { onWorker: (w) => (worker = w) } });
    const orders = takeSubOrders(generateOrders(5000, 11, NOW), 9000);
    const csv = toDouyinCsv(orders);
    const tid = orders[orders.length - 1]!.tid;
    // What the same request gives when it comes after the import (no overlap).
    const control = core();
    await control.dispatch('imports.run', { files: [{ name: 'orders.csv', data: csv }] });
    const expected = await control.dispatch('interceptions.create', { tid, reason: '买家要求' });
    const run = c.dispatch('imports.run', { files: [{ name: 'orders.csv', data: csv }] });
    await new Promise((r) => setImmediate(r));
    assert.ok(worker, 'the import runs in a worker');
    assert.equal(c.db.gate.closed, true);
    // A clerk's interception for an order the import is writing: queued, not lost, not refused.
    const order = c.dispatch('interceptions.create', { tid, reason: '买家要求' });
    // A write that bypasses the queue fails at once instead of blocking the event loop.
    assert.throws(
      () => c.write(() => 1),
      (e: unknown) => e instanceof ImportInProgressError,
    );
    // Reads answer (from the last committed state).
    assert.equal((await c.dispatch('app.health', {})).ok, true);
    assert.equal((await c.dispatch('orders.list', { view: 'all' })).total, 0);
    let settled = false;
    void order.finally(() => (settled = true)).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(settled, false, 'the interception waits for the import');
    const r = await run;
    assert.equal(r.imported, orders.length);
    const req = await order;
    assert.equal(c.db.gate.closed, false);
    // Decided on the imported order, exactly as when it comes after the import.
    assert.equal(req.tid, tid);
    assert.equal(req.status, expected.status);
    assert.equal(req.result, expected.result);
    assert.deepEqual(req.lockedOids, expected.lockedOids);
    assert.ok(req.lockedOids.length > 0, 'the imported lines are locked');
    assert.equal(c.db.get<{ n: number }>({ text: 'SELECT COUNT(*) AS n FROM orders', params: [] })!.n, orders.length);
  });

  it('a worker that dies mid-import leaves nothing stored and the store writable', async () => {
    let killed = 0;
    const c = core({
      importWorker: {
        onWorker: (w) => {
          if (killed++ === 0) w.once('message', () => void w.terminate()); // the first import, at its first progress message
        },
      },
    });
    const csv = toTaobaoCsv(generateOrders(4000, 13, NOW)).orders;
    await assert.rejects(c.dispatch('imports.run', { files: [{ name: 'orders.csv', data: csv }] }), (e: unknown) => {
      assert.ok(e instanceof ShipLockError);
      assert.equal(e.status, 500);
      return true;
    });
    assert.equal(c.db.gate.closed, false);
    assert.equal(c.db.get<{ n: number }>({ text: 'SELECT COUNT(*) AS n FROM orders', params: [] })!.n, 0);
    // The worker's connection is gone with its transaction: the main thread writes at once.
    c.write((ctx) => ctx.db.run({ text: "INSERT INTO audit_log (at, actor, action) VALUES (1, 't', 'after')", params: [] }));
    const again = await c.dispatch('imports.run', { files: [{ name: 'orders.csv', data: fixture('taobao-orders-gbk.csv') }] });
    assert.equal(again.imported, 40);
  });

  it('a worker over its heap cap fails the import with 413, the station carries on', async () => {
    const c = core({ importWorker: { heapMb: 16 } });
    const csv = toTaobaoCsv(generateOrders(20000, 17, NOW)).orders;
    await assert.rejects(c.dispatch('imports.run', { files: [{ name: 'o.csv', data: csv }] }), (e: unknown) => {
      assert.ok(e instanceof ShipLockError);
      assert.ok(e.status === 413 || e.status === 500, `${e.status} ${e.message}`);
      return true;
    });
    assert.equal(c.db.gate.closed, false);
    assert.equal((await c.dispatch('app.health', {})).ok, true);
  });
});

describe('uploads stream to private temp files, always deleted', () => {
  const station = async (c: TestCore) => {
    const s = await startStationServer({ core: c, rendererDir: null, port: 0 });
    servers.push(s);
    return s;
  };
  const leftovers = (c: TestCore) => (fs.existsSync(c.uploadDir) ? fs.readdirSync(c.uploadDir, { recursive: true }).map(String) : []);
  const form = (name: string, data: Uint8Array) => {
    const f = new FormData();
    f.append('files', new Blob([Buffer.from(data)]), name);
    return f;
  };

  it('0600 files in a 0700 folder while the import runs; gone after success and after a 422', async () => {
    const modes: number[] = [];
    const c: TestCore = core({
      importWorker: {
        onWorker: () => {
          for (const d of fs.readdirSync(c.uploadDir)) {
            modes.push(fs.statSync(path.join(c.uploadDir, d)).mode & 0o777);
            for (const f of fs.readdirSync(path.join(c.uploadDir, d))) modes.push(fs.statSync(path.join(c.uploadDir, d, f)).mode & 0o777);
          }
        },
      },
    });
    const s = await station(c);
    const ok = await authFetch(`${s.url}/api/imports`, { method: 'POST', body: form('o.csv', fixture('taobao-orders-gbk.csv')) });
    assert.equal(ok.status, 200);
    assert.deepEqual(modes, [0o700, 0o600]);
    assert.deepEqual(leftovers(c), []);
    const bad = await authFetch(`${s.url}/api/imports`, { method: 'POST', body: form('x.csv', new TextEncoder().encode('a,b\n1,2\n')) });
    assert.equal(bad.status, 422);
    assert.deepEqual(leftovers(c), []);
  });

  it('gone after a 413 (over the cap), a truncated body and an aborted upload', async () => {
    const c = core();
    c.settings.update({ maxUploadMB: 1 });
    const s = await station(c);
    const big = await authFetch(`${s.url}/api/imports`, {
      method: 'POST',
      body: form('big.csv', new Uint8Array(1.5 * 1024 * 1024).fill(65)),
    });
    assert.equal(big.status, 413);
    assert.deepEqual(leftovers(c), []);

    const { port } = new URL(s.url);
    const raw = (body: string, end: boolean) =>
      new Promise<number | null>((resolve) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: Number(port),
            method: 'POST',
            path: '/api/imports',
            headers: { authorization: `Bearer ${STATION_TOKEN}`, 'content-type': 'multipart/form-data; boundary=XX' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? null);
          },
        );
        req.on('error', () => resolve(null));
        req.write(body);
        if (end) req.end();
        else setTimeout(() => req.destroy(), 100);
      });
    const head = '--XX\r\nContent-Disposition: form-data; name="files"; filename="t.csv"\r\nContent-Type: text/csv\r\n\r\n';
    assert.equal(await raw(`${head}订单编号,买家会员名\r\n1,2\r\n`, true), 400); // no closing boundary
    assert.deepEqual(leftovers(c), []);
    await raw(`${head}${'x'.repeat(64 * 1024)}`, false); // the client goes away mid-file
    for (let i = 0; i < 50 && leftovers(c).length; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(leftovers(c), []);
    assert.equal((await authFetch(`${s.url}/api/health`)).status, 200);
  });

  it('a crashed station’s leftovers are deleted at the next start', () => {
    const dir = tempDir();
    const c1 = makeCore({ now: NOW, dataDir: dir });
    const stale = path.join(c1.uploadDir, 'upload-crash');
    fs.mkdirSync(stale, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(stale, '0'), '收货人,13800138000', { mode: 0o600 });
    c1.close();
    const c2 = core({ dataDir: dir });
    assert.equal(fs.existsSync(stale), false);
    c2.close();
    cores.splice(cores.indexOf(c2), 1);
  });
});
