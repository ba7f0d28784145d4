// The bench's storage floor (bench/floor.ts) is only a floor if it writes what the path wrote: every row of every
// table the orders are in, into the same schema. This test holds it to that on a small intake.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeRows, storageFloor } from '../../bench/floor.js';
import { generateOrders, toEvents } from '../../bench/generate.js';
import { makeCore } from '../helpers/core.js';
import { tempDir } from '../helpers/fixtures.js';

test('storage floor: re-inserts every row the intake stored for its orders, table by table, into the same schema', () => {
  const now = Date.parse('2026-11-11T12:00:00+08:00');
  const orders = generateOrders(25, 7, now);
  const core = makeCore({ now });
  assert.equal(core.postEvents(toEvents(orders)).accepted, orders.length);
  const src = core.db.raw;
  const tids = orders.map((o) => o.tid);
  const floor = storageFloor(src, tids, 4, tempDir());
  try {
    const dump = (db: typeof src, table: string) => db.prepare(`SELECT * FROM "${table}" ORDER BY tid`).raw().all();
    for (const table of ['orders', 'order_lines', 'buyer_private', 'event_log']) {
      assert.ok(floor.rows[table]! > 0, `${table} copied`);
      assert.deepEqual(dump(floor.store, table), dump(src, table), table);
    }
    // The search queue is counted once per order (the writer queues each), whatever the source's indexer did.
    assert.equal(floor.rows.search_queue, tids.length);
    assert.equal((floor.store.prepare('SELECT COUNT(*) AS n FROM search_queue').get() as { n: number }).n, tids.length);
    // Same schema: the floor's store has every index the source has.
    const indexes = (db: typeof src) => db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name").pluck().all();
    assert.deepEqual(indexes(floor.store), indexes(src));
    assert.match(describeRows(floor.rows), /^orders 25, /);
    assert.ok(floor.ms > 0);
  } finally {
    floor.store.close();
    core.close();
  }
});

test('storage floor: names the tables it cannot group by order, so a floor that leaves rows out says so', () => {
  const now = Date.parse('2026-11-11T12:00:00+08:00');
  const core = makeCore({ now });
  const orders = generateOrders(3, 9, now);
  assert.equal(core.postEvents(toEvents(orders)).accepted, orders.length);
  core.db.raw.prepare("INSERT INTO job_runs (name, last_run_at, last_duration_ms) VALUES ('test', 1, 1)").run();
  const floor = storageFloor(
    core.db.raw,
    orders.map((o) => o.tid),
    1000,
    tempDir(),
  );
  try {
    assert.ok(floor.leftOut.includes('job_runs (1)'), floor.leftOut.join(', '));
  } finally {
    floor.store.close();
    core.close();
  }
});
