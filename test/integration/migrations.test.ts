import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DatabaseTooNewError, DB_FILE_NAME, migrate, openDatabase, SCHEMA_VERSION } from '../../electron/db/open.js';
import { MIGRATIONS } from '../../electron/db/migrations/index.js';
import { seal } from '../../electron/security/seal.js';
import fs from 'node:fs';
import { ShipLockError } from '../../electron/app/errors.js';
import { setLines } from '../../electron/orders/index.js';
import { DATA_KEY, makeCore } from '../helpers/core.js';
import { fixture, fixtureEvents } from '../helpers/fixtures.js';
import { FIXTURES, tempDir } from '../helpers/fixtures.js';

describe('migrations', () => {
  it('creates the schema in WAL mode and records user_version', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    assert.equal(db.raw.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.equal(db.raw.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
    const again = openDatabase(dir); // idempotent
    assert.equal(again.raw.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    again.close();
  });

  it('refuses a database written by a newer app, without touching it', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    const raw = new Database(path.join(dir, DB_FILE_NAME));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    assert.throws(
      () => openDatabase(dir),
      (e: unknown) => {
        assert.ok(e instanceof DatabaseTooNewError);
        assert.match((e as Error).message, /newer ShipLock/);
        return true;
      },
    );
    const check = new Database(path.join(dir, DB_FILE_NAME));
    assert.equal(check.pragma('user_version', { simple: true }), SCHEMA_VERSION + 5);
    check.close();
  });

  it('a failing migration rolls back whole, leaving the previous version', () => {
    const raw = new Database(':memory:');
    const migrations = [
      { version: 1, name: 'one', up: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'two', up: 'CREATE TABLE b (x INTEGER); INSERT INTO nope VALUES (1);' },
    ];
    assert.throws(() => migrate(raw, ':memory:', migrations), /no such table: nope/);
    assert.equal(raw.pragma('user_version', { simple: true }), 1);
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    assert.deepEqual(tables, ['a']);
    raw.close();
  });
});

// Issue: "Existing databases (schema 4, with orders, locks and shipped lines) migrate to the new schema without
// losing a lock or a shipment." test/fixtures/v4-populated.sqlite3 was written by the schema-4 app: fixture
// events and Taobao exports, four platform interceptions and a clerk's, two clerk shipments (one scanned), a
// refund and a batch.
describe('migration from a populated schema-4 store', () => {
  function v4Copy(): string {
    const dir = tempDir();
    fs.copyFileSync(path.join(FIXTURES, 'v4-populated.sqlite3'), path.join(dir, DB_FILE_NAME));
    return dir;
  }

  it('keeps every lock, shipment, pickup and refund, and turns shipped lines into parcels', () => {
    const dir = v4Copy();
    const before = new Database(path.join(dir, DB_FILE_NAME), { readonly: true });
    assert.equal(before.pragma('user_version', { simple: true }), 4);
    const q = (db: Database.Database, s: string) => db.prepare(s).all();
    const locks = q(before, 'SELECT oid, request_id FROM line_locks ORDER BY oid, request_id');
    const lockedLines = q(before, 'SELECT oid FROM order_lines WHERE locked = 1 ORDER BY oid');
    const shipped = q(
      before,
      'SELECT oid, shipped_at, carrier, tracking_no, picked_up_at FROM order_lines WHERE shipped_at IS NOT NULL ORDER BY oid',
    );
    const refunded = q(before, 'SELECT oid, refunded_at FROM order_lines WHERE refunded_at IS NOT NULL ORDER BY oid');
    const requests = q(before, 'SELECT request_id, status, result FROM interceptions ORDER BY request_id');
    const orders = q(before, 'SELECT tid, status FROM orders ORDER BY tid');
    before.close();
    assert.ok(locks.length >= 5 && shipped.length >= 2 && refunded.length >= 1, 'the fixture holds what the test is about');

    const db = openDatabase(dir);
    assert.equal(db.raw.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.deepEqual(q(db.raw, 'SELECT oid, request_id FROM line_locks ORDER BY oid, request_id'), locks);
    assert.deepEqual(q(db.raw, 'SELECT oid FROM order_lines WHERE locked = 1 ORDER BY oid'), lockedLines);
    assert.deepEqual(
      q(db.raw, 'SELECT oid, shipped_at, carrier, tracking_no, picked_up_at FROM order_lines WHERE shipped_at IS NOT NULL ORDER BY oid'),
      shipped,
    );
    assert.deepEqual(q(db.raw, 'SELECT oid, refunded_at FROM order_lines WHERE refunded_at IS NOT NULL ORDER BY oid'), refunded);
    assert.deepEqual(q(db.raw, 'SELECT request_id, status, result FROM interceptions ORDER BY request_id'), requests);
    assert.deepEqual(q(db.raw, 'SELECT tid, status FROM orders ORDER BY tid'), orders);
    // Every shipped line with a tracking number is now a line of a parcel with the same number, upload and pickup.
    const parcels = q(
      db.raw,
      `SELECT l.oid, p.tracking_no, p.carrier, p.uploaded_at, p.picked_up_at FROM parcel_lines pl
        JOIN parcels p ON p.id = pl.parcel_id JOIN order_lines l ON l.oid = pl.oid ORDER BY l.oid`,
    ) as Array<{ oid: string; tracking_no: string; carrier: string; uploaded_at: number; picked_up_at: number | null }>;
    const withTracking = (
      shipped as Array<{ oid: string; shipped_at: number; carrier: string; tracking_no: string | null; picked_up_at: number | null }>
    ).filter((s) => s.tracking_no);
    assert.deepEqual(
      parcels.map((p) => [p.oid, p.tracking_no, p.carrier, p.uploaded_at, p.picked_up_at]),
      withTracking.map((s) => [s.oid, s.tracking_no, s.carrier, s.shipped_at, s.picked_up_at]),
    );
    db.close();
  });

  it('an upgraded store keeps enforcing its locks and its tracking numbers', async () => {
    const dir = v4Copy();
    const c = makeCore({ dataDir: dir });
    try {
      const locked = c.db.get<{ tid: string; oid: string }>({
        text: 'SELECT tid, oid FROM order_lines WHERE locked = 1 LIMIT 1',
        params: [],
      })!;
      await assert.rejects(
        c.dispatch('orders.markShipped', { tid: locked.tid, carrier: '顺丰速运', trackingNo: 'SF-AFTER-UPGRADE' }),
        (e: ShipLockError) => e.code === 'locked',
      );
      const scan = await c.dispatch('pack.scan', { code: locked.tid });
      assert.ok(scan.blocked, 'the pack station still blocks it');
      const free = c.db.get<{ tid: string }>({
        text: `SELECT o.tid FROM orders o WHERE o.status = 'paid' AND NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.tid = o.tid AND (l.locked = 1 OR l.shipped_at IS NOT NULL)) LIMIT 1`,
        params: [],
      })!;
      // 运单号已被使用: the number a schema-4 shipment used is still known after the upgrade.
      await assert.rejects(
        c.dispatch('orders.markShipped', { tid: free.tid, carrier: '顺丰速运', trackingNo: 'SF1000000000050' }),
        (e: ShipLockError) => e.code === 'tracking_used',
      );
    } finally {
      c.close();
    }
  });
});

/** A store migrated up to `version` only, as an older ShipLock left it. */
function storeAt(version: number): { dir: string; raw: Database.Database } {
  const dir = tempDir();
  const file = path.join(dir, DB_FILE_NAME);
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  migrate(
    raw,
    file,
    MIGRATIONS.filter((m) => m.version <= version),
  );
  return { dir, raw };
}

const insertOrder = (raw: Database.Database, tid: string) =>
  raw
    .prepare(`INSERT INTO orders (tid, platform, order_type, status, source, updated_at) VALUES (?, 'taobao', 'spot', 'paid', 'event', 0)`)
    .run(tid);
const triggers = (raw: Database.Database) =>
  raw
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'order_search_%' ORDER BY name")
    .pluck()
    .all() as string[];
const queued = (raw: Database.Database) => raw.prepare('SELECT tid FROM search_queue ORDER BY tid').pluck().all() as string[];

describe('migration 010: the writer queues what it inserts for the search index', () => {
  it('drops the two insert triggers, keeps the update and delete ones and the queue; the writer queues every insert', async () => {
    const { dir, raw } = storeAt(9);
    insertOrder(raw, '1000000000000001');
    assert.deepEqual(queued(raw), ['1000000000000001'], 'schema 9: the insert trigger queued it');
    raw.close();
    const c = makeCore({ dataDir: dir });
    try {
      assert.deepEqual(triggers(c.db.raw), [
        'order_search_line_del',
        'order_search_line_upd',
        'order_search_order_del',
        'order_search_order_upd',
      ]);
      assert.deepEqual(queued(c.db.raw), ['1000000000000001'], 'what was queued before stays queued');
      c.db.raw.exec('DELETE FROM search_queue');
      // Orders and lines the writer inserts, from events and from exports, are queued by the writer.
      const tids = () => c.db.raw.prepare("SELECT tid FROM orders WHERE tid <> '1000000000000001' ORDER BY tid").pluck().all() as string[];
      c.postEvents(fixtureEvents());
      const fromEvents = tids();
      assert.ok(fromEvents.length > 10);
      assert.deepEqual(queued(c.db.raw), fromEvents);
      c.db.raw.exec('DELETE FROM search_queue');
      // An import's worker indexes what the writer queued, after its commit: once it has, nothing is left
      // queued, and every imported order has its search document.
      const fresh = makeCore();
      try {
        await fresh.dispatch('imports.run', {
          files: ['taobao-orders-gbk.csv', 'taobao-items-gbk.csv'].map((name) => ({ name, data: fixture(name) })),
        });
        await fresh.importIndexed();
        const imported = fresh.db.raw.prepare('SELECT tid FROM orders ORDER BY tid').pluck().all() as string[];
        assert.ok(imported.length > 5);
        assert.deepEqual(queued(fresh.db.raw), []);
        assert.deepEqual(fresh.db.raw.prepare('SELECT tid FROM search_docs ORDER BY tid').pluck().all(), imported);
      } finally {
        fresh.close();
      }
      // Lines added to a known order (an item export after its order export) queue it again.
      c.db.raw.exec('DELETE FROM search_queue');
      const bare = '1000000000000001';
      c.write((ctx) =>
        setLines(ctx, bare, [{ oid: `${bare}-1`, sku: 'SKU-Q', title: '新行', qty: 1, price: null, bin: null, barcode: null }], 'csv'),
      );
      assert.deepEqual(queued(c.db.raw), [bare]);
    } finally {
      c.close();
    }
  });
});

describe('migration 011: the buyer sealed as one value', () => {
  it('adds buyer_private.sealed; rows sealed column by column before it still reveal', async () => {
    const { dir, raw } = storeAt(10);
    const tid = '1000000000000002';
    insertOrder(raw, tid);
    raw
      .prepare('INSERT INTO buyer_private (tid, name, phone, secret_no, address) VALUES (?, ?, ?, ?, ?)')
      .run(
        tid,
        seal(DATA_KEY, '欧阳杰', tid),
        seal(DATA_KEY, '14427776973', tid),
        null,
        seal(DATA_KEY, JSON.stringify({ province: '浙江省', city: '杭州市', district: '余杭区', detail: '星湖街328号' }), tid),
      );
    raw.close();
    const c = makeCore({ dataDir: dir });
    try {
      const cols = (c.db.raw.prepare("SELECT name FROM pragma_table_info('buyer_private')").pluck().all() as string[]).sort();
      assert.deepEqual(cols, ['address', 'name', 'phone', 'sealed', 'secret_no', 'tid']);
      assert.equal(c.db.raw.prepare('SELECT sealed FROM buyer_private WHERE tid = ?').pluck().get(tid), null, 'left as it was');
      await c.security.pin.setInitial('246810', 'lead', 'terminal');
      const shown = await c.dispatch('orders.reveal', { tid, supervisor: 'lead', pin: '246810', reason: '核对' });
      assert.equal(shown.name, '欧阳杰');
      assert.equal(shown.phone, '14427776973');
      assert.equal(shown.address, '浙江省 杭州市 余杭区 星湖街328号');
    } finally {
      c.close();
    }
  });

  it('plaintext rows from before sealing are sealed into the one value at start', async () => {
    const { dir, raw } = storeAt(8);
    const tid = '1000000000000003';
    insertOrder(raw, tid);
    raw
      .prepare('INSERT INTO buyer_private (tid, name, phone, secret_no, address) VALUES (?, ?, ?, ?, ?)')
      .run(
        tid,
        '李静',
        null,
        '17097561792',
        JSON.stringify({ province: '四川省', city: '成都市', district: '武侯区', detail: '建国路93号' }),
      );
    raw.close();
    const c = makeCore({ dataDir: dir });
    try {
      const row = c.db.raw.prepare('SELECT sealed, name, phone, secret_no, address FROM buyer_private WHERE tid = ?').get(tid) as Record<
        string,
        string | null
      >;
      assert.match(row.sealed!, /^sl1:/);
      assert.deepEqual([row.name, row.phone, row.secret_no, row.address], ['', null, null, '{}']);
      await c.security.pin.setInitial('246810', 'lead', 'terminal');
      const shown = await c.dispatch('orders.reveal', { tid, supervisor: 'lead', pin: '246810', reason: '核对' });
      assert.deepEqual(
        [shown.name, shown.phone, shown.secretNo, shown.address],
        ['李静', null, '17097561792', '四川省 成都市 武侯区 建国路93号'],
      );
    } finally {
      c.close();
    }
  });
});

describe('migration 012: the deadline indexes split by status', () => {
  const indexes = (raw: Database.Database) =>
    raw
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders' AND name LIKE '%by_deadline' ORDER BY name",
      )
      .all() as Array<{ name: string; sql: string }>;
  const plan = (raw: Database.Database, where: string) =>
    (
      raw.prepare(`EXPLAIN QUERY PLAN SELECT tid FROM orders o WHERE ${where} ORDER BY o.ship_deadline, o.tid LIMIT 10`).all() as Array<{
        detail: string;
      }>
    )
      .map((r) => r.detail)
      .join('; ');

  it('keeps every order listed once, in deadline order, across pages, totals and counts', async () => {
    const { dir, raw } = storeAt(11);
    assert.deepEqual(
      indexes(raw).map((i) => i.name),
      ['orders_by_deadline', 'orders_pending_by_deadline'],
    );
    // Orders of every status with interleaved deadlines (two sharing one, one without), written at schema 11.
    const statuses = ['paid', 'shipped', 'succeeded', 'closed', 'picked_up'] as const;
    const base = Date.parse('2026-11-11T12:00:00+08:00');
    const put = raw.prepare(`INSERT INTO orders (tid, platform, order_type, status, ship_deadline, window_at, source, updated_at)
      VALUES (?, 'taobao', 'spot', ?, ?, ?, 'event', 0)`);
    const expected: Array<[number | null, string]> = [];
    const paidTids = new Set<string>();
    for (let i = 0; i < 23; i++) {
      const tid = String(3000000000000000 + ((i * 7919) % 23));
      const deadline = i === 5 ? null : base + (i % 11) * 3_600_000;
      const status = statuses[i % statuses.length]!;
      put.run(tid, status, deadline, base);
      expected.push([deadline, tid]);
      if (status === 'paid') paidTids.add(tid);
    }
    raw.close();
    const sorted = expected.sort((a, b) => (a[0] ?? -Infinity) - (b[0] ?? -Infinity) || (a[1] < b[1] ? -1 : 1)).map(([, tid]) => tid);
    const c = makeCore({ dataDir: dir });
    try {
      const after = indexes(c.db.raw);
      assert.deepEqual(
        after.map((i) => i.name),
        ['orders_pending_by_deadline', 'orders_settled_by_deadline'],
      );
      assert.match(after[1]!.sql, /WHERE status <> 'paid'/);
      // Each part of a list reads its own covering index, in order (no sort step).
      assert.match(plan(c.db.raw, "o.status = 'paid'"), /USING COVERING INDEX orders_pending_by_deadline/);
      assert.match(plan(c.db.raw, "o.status <> 'paid'"), /USING COVERING INDEX orders_settled_by_deadline/);
      assert.doesNotMatch(plan(c.db.raw, "o.status <> 'paid'"), /TEMP B-TREE/);

      // The history view, one and three at a time, gives every order once in (deadline, tid) order, NULL first
      // (a page of one ends on the order without a deadline: its cursor carries null).
      for (const limit of [1, 3]) {
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let guard = 0; guard < 30; guard++) {
          const page = await c.dispatch('orders.list', { view: 'all', includeOlder: true, limit, ...(cursor ? { cursor } : {}) });
          assert.equal(page.total, 23);
          seen.push(...page.items.map((o) => o.tid));
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        assert.deepEqual(seen, sorted, `pages of ${limit}`);
      }
      const paid = await c.dispatch('orders.list', { view: 'pending', limit: 100 });
      assert.deepEqual(
        paid.items.map((o) => o.tid),
        sorted.filter((tid) => paidTids.has(tid)),
      );
      const counts = await c.dispatch('orders.counts', { view: 'all', includeOlder: true });
      assert.equal(counts.total, 23);
      assert.equal(counts.overdue + counts.due6h + counts.due24h + counts.later, 23);
      assert.equal(counts.inBatch + counts.notInBatch, 23);
    } finally {
      c.close();
    }
  });
});

describe('migration 013: the search-queue triggers meet no conflict', () => {
  // SQLite runs a trigger's statements under the conflict policy of the statement that fired it, if it has one:
  // the line upsert's ABORT overrode the triggers' OR IGNORE (see line-changes.test.ts for every arrival path).
  const upsertLine = (raw: Database.Database, tid: string, title: string) =>
    raw
      .prepare(
        `INSERT INTO order_lines (oid, tid, line_no, sku, title, qty, source) VALUES (?, ?, 1, 'SKU-1', ?, 1, 'event')
         ON CONFLICT (oid) DO UPDATE SET title = excluded.title`,
      )
      .run(`${tid}-1`, tid, title);
  const tid = '1000000000000013';

  it('schema 12: renaming a queued order’s line by upsert fails on the queue (the bug this migration fixes)', () => {
    const { raw } = storeAt(12);
    try {
      insertOrder(raw, tid);
      upsertLine(raw, tid, '旧名字');
      raw.prepare('INSERT OR IGNORE INTO search_queue (tid) VALUES (?)').run(tid);
      assert.throws(() => upsertLine(raw, tid, '新名字'), /UNIQUE constraint failed: search_queue\.tid/);
    } finally {
      raw.close();
    }
  });

  it('schema 13: the same four triggers; a queued order’s line renamed, deleted, its memo changed: still queued once, no error', () => {
    const { dir, raw } = storeAt(12);
    insertOrder(raw, tid);
    upsertLine(raw, tid, '旧名字');
    raw.close();
    const c = makeCore({ dataDir: dir });
    try {
      const db = c.db.raw;
      assert.ok(Number(db.pragma('user_version', { simple: true })) >= 13);
      assert.deepEqual(triggers(db), [
        'order_search_line_del',
        'order_search_line_upd',
        'order_search_order_del',
        'order_search_order_upd',
      ]);
      db.exec('DELETE FROM search_queue');
      db.prepare('INSERT INTO search_queue (tid) VALUES (?)').run(tid);
      upsertLine(db, tid, '新名字');
      assert.equal(db.prepare('SELECT title FROM order_lines WHERE oid = ?').pluck().get(`${tid}-1`), '新名字');
      db.prepare("UPDATE orders SET seller_memo = '改' WHERE tid = ?").run(tid);
      assert.deepEqual(queued(db), [tid]);
      // Not queued yet: each trigger still queues the order.
      db.exec('DELETE FROM search_queue');
      upsertLine(db, tid, '再改名');
      assert.deepEqual(queued(db), [tid], 'line renamed');
      db.exec('DELETE FROM search_queue');
      db.prepare("UPDATE orders SET seller_memo = '再改' WHERE tid = ?").run(tid);
      assert.deepEqual(queued(db), [tid], 'memo changed');
      db.exec('DELETE FROM search_queue');
      db.prepare('DELETE FROM order_lines WHERE tid = ?').run(tid);
      assert.deepEqual(queued(db), [tid], 'line deleted');
      db.exec('DELETE FROM search_queue');
      db.prepare('DELETE FROM orders WHERE tid = ?').run(tid);
      assert.deepEqual(queued(db), [tid], 'order deleted');
    } finally {
      c.close();
    }
  });
});
