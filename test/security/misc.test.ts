// Issue #9, the smaller holes: outgoing signatures with their own key, text caps on platform events, and
// the access log for requests from other machines (no tokens, no query strings).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { verifySignature } from '../../electron/intake/signature.js';
import { startStationServer } from '../../electron/server/http.js';
import { parseEnvelope, TEXT_CAPS } from '../../shared/events.js';
import { makeCore, SECRET, STATION_TOKEN, type TestCore } from '../helpers/core.js';
import { fixtureEvents } from '../helpers/fixtures.js';

const cores: TestCore[] = [];
after(() => cores.forEach((c) => c.close()));

describe('outbox signatures', () => {
  it('are made with the outbox key, which is not the incoming event secret', async () => {
    const c = makeCore({ now: Date.now() });
    cores.push(c);
    const seen: Array<{ body: string; ts: string; sig: string }> = [];
    (c.deliverer as unknown as { o: { fetch: typeof fetch } }).o.fetch = (async (_u: string, init: RequestInit) => {
      const h = init.headers as Record<string, string>;
      seen.push({ body: String(init.body), ts: h['x-erp-timestamp']!, sig: h['x-erp-signature']! });
      return new Response(null, { status: 200 });
    }) as unknown as typeof fetch;
    await c.dispatch('settings.update', { outboxUrl: 'http://127.0.0.1:9/hook' });
    c.postEvents(fixtureEvents().filter((e) => e.type === 'order.upserted'));
    await c.dispatch('interceptions.create', { tid: '3921004455660000', reason: 'test' });
    assert.ok((await c.deliverer.tick()) > 0);
    const m = seen[0]!;
    const raw = Buffer.from(m.body);
    assert.ok(verifySignature(c.settings.outboxKey, { timestamp: m.ts, signature: m.sig }, raw, c.now()).ok);
    assert.ok(!verifySignature(SECRET, { timestamp: m.ts, signature: m.sig }, raw, c.now()).ok, 'not the event secret');
    // So a receiver of the outbox cannot forge incoming events with what it was given.
    const forged = c.postEvents.bind(c);
    assert.throws(() => forged(fixtureEvents()[0], { secret: c.settings.outboxKey }), /signature/);
  });
});

describe('text caps on platform events', () => {
  it('memo 500, name 64, address 200, shop 100, title 200', () => {
    const base = fixtureEvents().find((e) => e.type === 'order.upserted')!;
    const p = base.payload as Record<string, unknown> & {
      buyer: Record<string, unknown> & { address: Record<string, string> };
      lines: Array<Record<string, unknown>>;
    };
    const variants: Array<[string, (q: typeof p) => void]> = [
      ['payload.sellerMemo', (q) => (q.sellerMemo = 'm'.repeat(TEXT_CAPS.memo + 1))],
      ['payload.buyer.name', (q) => (q.buyer = { ...q.buyer, name: 'n'.repeat(TEXT_CAPS.name + 1) })],
      [
        'payload.buyer.address.detail',
        (q) => (q.buyer = { ...q.buyer, address: { ...q.buyer.address, detail: 'a'.repeat(TEXT_CAPS.address + 1) } }),
      ],
      ['payload.shop', (q) => (q.shop = 's'.repeat(TEXT_CAPS.shop + 1))],
      ['payload.lines[0].title', (q) => (q.lines = [{ ...q.lines[0], title: 't'.repeat(TEXT_CAPS.title + 1) }])],
    ];
    assert.ok(parseEnvelope(base).ok);
    for (const [where, mutate] of variants) {
      const q = structuredClone(p);
      mutate(q);
      const r = parseEnvelope({ ...base, payload: q });
      assert.ok(!r.ok && r.error.path === where, `${where}: ${JSON.stringify(r.ok ? 'accepted' : r.error)}`);
    }
  });
});

/** This machine's first non-loopback IPv4 address, if it has one. */
function lanAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return null;
}

describe('access log', () => {
  it('logs requests from other addresses without tokens or query strings; loopback is not logged', async (t) => {
    const lan = lanAddress();
    if (!lan) return t.skip('no non-loopback network address on this machine');
    const c = makeCore({ now: Date.now() });
    cores.push(c);
    const file = path.join(c.dataDir, 'access.log');
    const s = await startStationServer({ core: c, rendererDir: null, port: 0, host: '0.0.0.0', accessLogFile: file });
    try {
      const port = new URL(s.url).port;
      await fetch(`http://127.0.0.1:${port}/api/health`);
      const r = await fetch(`http://${lan}:${port}/api/orders?q=secret-query`, { headers: { authorization: `Bearer ${STATION_TOKEN}` } });
      assert.equal(r.status, 200, 'a LAN client with the token, Host = this machine’s address');
      assert.equal((await fetch(`http://${lan}:${port}/?token=${STATION_TOKEN}`, { redirect: 'manual' })).status, 303);
      assert.equal((await fetch(`http://${lan}:${port}/api/orders`)).status, 401);
      await new Promise((r2) => setTimeout(r2, 100));
      const log = fs.readFileSync(file, 'utf8');
      const lines = log.trim().split('\n');
      assert.equal(lines.length, 3, log);
      assert.match(lines[0]!, new RegExp(`${lan.replace(/\./g, '\\.')} GET /api/orders 200 bearer$`));
      assert.match(lines[2]!, / GET \/api\/orders 401 -$/);
      assert.ok(!log.includes(STATION_TOKEN) && !log.includes('secret-query') && !log.includes('token='));
      assert.ok(!log.includes('/api/health'), 'loopback is not logged');
      if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    } finally {
      await s.close();
    }
  });
});
