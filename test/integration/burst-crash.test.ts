// Reliability: a burst of 10,000 interception requests with the station process killed (SIGKILL)
// mid-burst and restarted, the platform redelivering everything. Every request must end with exactly
// one result in the outbox, no memo appended twice, and no lock lost.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sign } from '../../electron/intake/signature.js';
import { generateOrders, toEvents } from '../../bench/generate.js';
import { tempDir } from '../helpers/fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECRET = 'burst-secret-0123456789abcdef';
const TOKEN = 'burst-station-token-0123456789abcdef';
const N = 10_000;
const MEMO = '拦截发货,勿发';

async function startStation(dataDir: string, keyDir: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron', 'station.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      SHIPLOCK_DATA_DIR: dataDir,
      SHIPLOCK_PORT: '0',
      SHIPLOCK_EVENT_SECRET: SECRET,
      SHIPLOCK_STATION_TOKEN: TOKEN,
      SHIPLOCK_KEY_DIR: keyDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no start: ${out}`)), 30_000);
    const on = (c: Buffer) => {
      out += c.toString();
      const m = /open (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', on);
    proc.stderr!.on('data', on);
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { url, proc };
}

function post(url: string, body: unknown) {
  const raw = JSON.stringify(body);
  const ts = Math.floor(Date.now() / 1000);
  return fetch(`${url}/api/events`, {
    method: 'POST',
    body: raw,
    headers: { 'content-type': 'application/json', 'x-erp-timestamp': String(ts), 'x-erp-signature': sign(SECRET, ts, raw) },
  });
}

it(`${N} interception requests survive a SIGKILL mid-burst`, { timeout: 300_000 }, async () => {
  const dataDir = tempDir('shiplock-burst-');
  const keyDir = tempDir('shiplock-burst-keys-'); // outside the data folder, as the app keeps it
  const now = Date.now();
  const orders = generateOrders(N, 7, now);
  const requests = orders.map((o, i) => ({
    id: `evt-icp-${i}`,
    type: 'interception.requested',
    platform: o.platform,
    occurredAt: new Date(now).toISOString(),
    payload: { requestId: `icp-${o.tid}`, tid: o.tid, source: 'customer_service', reason: '买家要求拦截' },
  }));

  let station = await startStation(dataDir, keyDir);
  const settings = await fetch(`${station.url}/api/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({
      interception: {
        memoText: MEMO,
        termsAgreed: true,
        flag: 1,
        receivedNotice: '已收到',
        successNotice: '拦截成功',
        buyerCardWindow: null,
        orderWaitMinutes: 30,
      },
    }),
  });
  assert.equal(settings.status, 200);
  const events = toEvents(orders);
  for (let i = 0; i < events.length; i += 1000) assert.equal((await post(station.url, events.slice(i, i + 1000))).status, 202);

  // The burst: 100 requests per call; the process is killed while call 41 is in flight.
  let sent = 0;
  for (let i = 0; i < requests.length; i += 100) {
    if (i === 4000) {
      const inFlight = post(station.url, requests.slice(i, i + 100)).catch(() => null);
      await new Promise((r) => setTimeout(r, 3));
      station.proc.kill('SIGKILL');
      await inFlight;
      break;
    }
    assert.equal((await post(station.url, requests.slice(i, i + 100))).status, 202);
    sent += 100;
  }
  assert.equal(sent, 4000);
  await new Promise((r) => station.proc.once('exit', r));

  // Restart on the same data; the platform redelivers everything it has not seen acknowledged — here, all of it.
  station = await startStation(dataDir, keyDir);
  let duplicates = 0;
  for (let i = 0; i < requests.length; i += 100) {
    const r = await post(station.url, requests.slice(i, i + 100));
    assert.equal(r.status, 202);
    duplicates += ((await r.json()) as { duplicates: number }).duplicates;
  }
  assert.ok(duplicates >= 4000, `at least the acknowledged 4000 were duplicates (got ${duplicates})`);
  station.proc.kill('SIGTERM');
  await new Promise((r) => station.proc.once('exit', r));

  const db = new Database(path.join(dataDir, 'shiplock.sqlite3'), { readonly: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    const perRequest = db
      .prepare(
        `SELECT json_extract(envelope, '$.payload.requestId') AS rid, COUNT(*) AS n
      FROM outbox WHERE type = 'interception.result' GROUP BY rid`,
      )
      .all() as Array<{ rid: string; n: number }>;
    assert.equal(perRequest.length, N, 'every request has a result');
    assert.ok(
      perRequest.every((r) => r.n === 1),
      'exactly one result per request',
    );
    const results = db
      .prepare(
        `SELECT json_extract(envelope, '$.payload.status') AS s, COUNT(*) AS n FROM outbox
      WHERE type = 'interception.result' GROUP BY s`,
      )
      .all();
    assert.deepEqual(results, [{ s: 'SUCCESS', n: N }]);
    const memos = db.prepare('SELECT seller_memo AS m, COUNT(*) AS n FROM orders GROUP BY m').all();
    assert.deepEqual(memos, [{ m: MEMO, n: N }], 'the memo is on every order exactly once');
    const memoEvents = db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE type = 'order.memo_updated'").get() as { n: number };
    assert.equal(memoEvents.n, N);
    const unlocked = db.prepare('SELECT COUNT(*) AS n FROM order_lines WHERE locked = 0').get() as { n: number };
    assert.equal(unlocked.n, 0, 'no lock lost');
    const locks = db.prepare('SELECT COUNT(*) AS n FROM line_locks').get() as { n: number };
    const lines = db.prepare('SELECT COUNT(*) AS n FROM order_lines').get() as { n: number };
    assert.equal(locks.n, lines.n);
    const states = db.prepare('SELECT status, COUNT(*) AS n FROM interceptions GROUP BY status').all();
    assert.deepEqual(states, [{ status: 'locked', n: N }]);
  } finally {
    db.close();
  }
});
