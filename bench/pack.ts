// Pack-station rows for `npm run bench`: scan → verdict over the station's HTTP API while another
// connection keeps querying the pending list, and lock → `interception.new` delivered to an SSE client
// (the server half of "lock → red screen"; the browser half is measured in test/e2e/pack.test.ts).
import type Database from 'better-sqlite3';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Core } from '../electron/app/core.js';
import { receiveRequest } from '../electron/interception/service.js';
import { startStationServer } from '../electron/server/http.js';
import type { GeneratedOrder } from './generate.js';

export interface PackRow {
  dataset: string;
  operation: string;
  ours: number;
  baseline: number;
  unit: string;
  note: string;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** The bench cores' station token: the scans go over HTTP with `Authorization: Bearer`, as scripts do. */
export const BENCH_STATION_TOKEN = 'bench-station-token-0123456789abcdef';
const auth = { authorization: `Bearer ${BENCH_STATION_TOKEN}` };

async function postJson(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
  return res.json();
}

export async function benchPack(
  core: Core,
  raw: Database.Database,
  orders: GeneratedOrder[],
  label: string,
  now: number,
): Promise<PackRow[]> {
  const rows: PackRow[] = [];
  const server = await startStationServer({ core, rendererDir: null, port: 0 });
  // Baseline: the same HTTP round trip to a bare node:http server doing one indexed SELECT by tid.
  const byTid = raw.prepare('SELECT * FROM orders WHERE tid = ?');
  const rawServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { code } = JSON.parse(Buffer.concat(chunks).toString()) as { code: string };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(byTid.get(code) ?? null));
    });
  });
  await new Promise<void>((r) => rawServer.listen(0, '127.0.0.1', () => r()));
  const rawUrl = `http://127.0.0.1:${(rawServer.address() as AddressInfo).port}/`;

  const worker = new Worker(new URL('./list-worker.mjs', import.meta.url), { workerData: { file: core.db.raw.name, now } });
  await new Promise((r) => setTimeout(r, 200));
  const N = 500;
  const step = Math.max(1, Math.floor(orders.length / N));
  const codes = Array.from({ length: N }, (_, i) => orders[(i * step) % orders.length]!.tid);
  for (const c of codes.slice(0, 20)) await postJson(`${server.url}/api/pack/scan`, { code: c }); // warm up
  // Interleaved, so both see the same reader, the same garbage collector and the same neighbours.
  const ours: number[] = [];
  const base: number[] = [];
  let blocked = 0;
  for (const code of codes) {
    let t = performance.now();
    const r = (await postJson(`${server.url}/api/pack/scan`, { code })) as { blocked: unknown };
    ours.push(performance.now() - t);
    if (r.blocked) blocked++;
    t = performance.now();
    await postJson(rawUrl, { code });
    base.push(performance.now() - t);
  }
  worker.postMessage('stop');
  const listed = await new Promise<{ queries: number }>((r) => worker.once('message', r));
  await worker.terminate();
  rows.push({
    dataset: label,
    operation: 'pack scan → verdict over HTTP p99 (list queried meanwhile)',
    ours: pct(ours, 0.99),
    baseline: pct(base, 0.99),
    unit: 'ms',
    note: `target ≤ 50 ms; p50 ${pct(ours, 0.5).toFixed(2)} ms; ${blocked}/${N} scans red; ${listed.queries} list queries alongside`,
  });

  // Lock → interception.new on an SSE client.
  const ac = new AbortController();
  const stream = await fetch(`${server.url}/api/stream`, { signal: ac.signal, headers: auth });
  if (!stream.ok) throw new Error(`event stream: ${stream.status}`);
  const reader = stream.body!.getReader();
  const waiting = new Map<string, (at: number) => void>();
  let buf = '';
  void (async () => {
    const dec = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buf += dec.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const msg = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (!msg.startsWith('data: ')) continue;
        const e = JSON.parse(msg.slice(6)) as { kind: string; items?: Array<{ tid: string }> };
        if (e.kind === 'interception.new') for (const it of e.items ?? []) waiting.get(it.tid)?.(performance.now());
      }
    }
  })();
  await new Promise((r) => setTimeout(r, 100));
  const pushes: number[] = [];
  const txs: number[] = [];
  const mid = Math.floor(orders.length / 2);
  for (let i = 0; i < 100; i++) {
    const o = orders[mid + i]!;
    const arrived = new Promise<number>((r) => waiting.set(o.tid, r));
    const t = performance.now();
    core.write((ctx) =>
      receiveRequest(
        ctx,
        {
          requestId: `bench-pack-${o.tid}`,
          tid: o.tid,
          oids: null,
          source: 'customer_service',
          reason: '基准测试',
          origin: 'event',
          platform: o.platform,
          requestedAt: now,
        },
        'bench',
      ),
    );
    txs.push(performance.now() - t);
    pushes.push((await arrived) - t);
    waiting.delete(o.tid);
  }
  ac.abort();
  const upd = raw.prepare('UPDATE orders SET contact = ? WHERE tid = ?');
  const rawTx: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    raw.transaction(() => upd.run('z', orders[mid + i]!.tid))();
    rawTx.push(performance.now() - t);
  }
  rows.push({
    dataset: label,
    operation: 'lock → interception.new received by an SSE client p99',
    ours: pct(pushes, 0.99),
    baseline: pct(rawTx, 0.99),
    unit: 'ms',
    note: `server half of lock → red screen (target ≤ 1 s end to end); lock transaction alone p99 ${pct(txs, 0.99).toFixed(2)} ms`,
  });
  await server.close();
  await new Promise((r) => rawServer.close(r));
  console.log(
    `pack scan p99 ${pct(ours, 0.99).toFixed(2)} ms (raw ${pct(base, 0.99).toFixed(2)}), lock → push p99 ${pct(pushes, 0.99).toFixed(2)} ms`,
  );
  return rows;
}
