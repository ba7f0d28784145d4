// Issue #9: every /api route needs a credential from any address (loopback included), except the health
// check and the HMAC-signed events; browser sessions come from the one-time login URL; the Host header
// must name this station (DNS rebinding); secrets never appear in ordinary reads.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startStationServer, type StationServer } from '../../electron/server/http.js';
import { authFetch, makeCore, SECRET, STATION_TOKEN, type TestCore } from '../helpers/core.js';

let core: TestCore;
let server: StationServer;

before(async () => {
  core = makeCore({ now: Date.now() });
  server = await startStationServer({ core, rendererDir: null, port: 0 });
});
after(async () => {
  await server.close();
  core.close();
});

/** Every route of the station API (method, path, JSON body). */
export const ROUTES: Array<[string, string]> = [
  ['GET', '/api/stream'],
  ['GET', '/api/orders'],
  ['GET', '/api/orders/3921004455660000'],
  ['POST', '/api/orders/3921004455660000/ship'],
  ['GET', '/api/settings'],
  ['PATCH', '/api/settings'],
  ['PUT', '/api/settings'],
  ['GET', '/api/interceptions'],
  ['POST', '/api/interceptions'],
  ['GET', '/api/interceptions/icp-1'],
  ['POST', '/api/interceptions/icp-1/release'],
  ['POST', '/api/interceptions/icp-1/refund'],
  ['POST', '/api/interceptions/icp-1/retry'],
  ['POST', '/api/pack/scan'],
  ['GET', '/api/alerts?state=open'],
  ['POST', '/api/checks/run'],
  ['GET', '/api/batches'],
  ['POST', '/api/batches'],
  ['GET', '/api/batches/B20261111-001'],
  ['POST', '/api/batches/B20261111-001/printed'],
  ['POST', '/api/batches/B20261111-001/withdraw'],
  ['GET', '/api/batches/B20261111-001/print'],
  ['GET', '/api/batches/B20261111-001/picklist.csv'],
  ['GET', '/api/outbox'],
  ['POST', '/api/imports'],
  ['POST', '/api/rpc/settings.setSupervisorPin'],
  ['POST', '/api/rpc/settings.get'],
  ['POST', '/api/rpc/interceptions.release'],
];

/** A raw request (fetch refuses to send a custom Host header). */
function raw(opts: {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const u = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, agent: false },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function login(token = STATION_TOKEN): Promise<string> {
  const r = await raw({ path: `/?token=${encodeURIComponent(token)}` });
  assert.equal(r.status, 303);
  const cookie = String(r.headers['set-cookie']?.[0] ?? '');
  return cookie.split(';')[0]!;
}

describe('credentials', () => {
  it('every /api route answers 401 without a credential, from loopback too; health and signed events need none', async () => {
    for (const [method, path] of ROUTES) {
      const r = await raw({ method, path, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.match(r.body, /登录链接|login URL/);
    }
    assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
    const bad = await fetch(`${server.url}/api/events`, { method: 'POST', body: '{}' });
    assert.equal(bad.status, 401, 'events need the HMAC signature instead');
  });

  it('a wrong bearer token or ?token= on an API request is not a credential', async () => {
    assert.equal((await fetch(`${server.url}/api/orders`, { headers: { authorization: 'Bearer nope' } })).status, 401);
    assert.equal((await fetch(`${server.url}/api/orders`, { headers: { authorization: `Basic ${STATION_TOKEN}` } })).status, 401);
    const viaQuery = await raw({ path: `/api/orders?token=wrong` });
    assert.equal(viaQuery.status, 401);
    assert.equal(viaQuery.headers['set-cookie'], undefined);
  });

  it('Bearer <station token> works for scripts, without Origin or JSON content type', async () => {
    assert.equal((await authFetch(`${server.url}/api/orders`)).status, 200);
    const r = await authFetch(`${server.url}/api/rpc/checks.status`, { method: 'POST', body: '{}' });
    assert.equal(r.status, 200);
  });

  it('the login URL sets an HttpOnly SameSite=Strict cookie and redirects to the clean URL; a one-time token works once', async () => {
    const url = new URL(server.loginUrl('/#/pending'));
    const first = await raw({ path: `${url.pathname}${url.search}` });
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, '/');
    const setCookie = String(first.headers['set-cookie']?.[0] ?? '');
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, /^shiplock_session_\d+=/);
    const cookie = setCookie.split(';')[0]!;
    const again = await raw({ path: `${url.pathname}${url.search}` });
    assert.equal(again.status, 401, 'the one-time token is used up');
    const withCookie = await raw({ path: '/api/orders', headers: { cookie } });
    assert.equal(withCookie.status, 200);
    const next = await raw({ path: `/api/batches?x=1&token=${encodeURIComponent(STATION_TOKEN)}` });
    assert.equal(next.status, 303);
    assert.equal(next.headers.location, '/api/batches?x=1', 'token dropped, the rest of the query kept');
    const forged = await raw({ path: '/api/orders', headers: { cookie: cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) } });
    assert.equal(forged.status, 401, 'a tampered cookie is refused');
  });

  it('a cookie-authenticated state change needs this origin and a JSON body (CSRF)', async () => {
    const cookie = await login();
    const host = new URL(server.url).host;
    const post = (headers: Record<string, string>, body = '{}') =>
      raw({ method: 'POST', path: '/api/rpc/checks.run', headers: { cookie, ...headers }, body });
    assert.equal((await post({ 'content-type': 'text/plain', origin: `http://${host}` })).status, 403, 'text/plain');
    assert.equal((await post({ 'content-type': 'application/json', origin: 'http://127.0.0.1:9' })).status, 403, 'another port');
    assert.equal((await post({ 'content-type': 'application/json', origin: 'null' })).status, 403, 'opaque origin');
    assert.equal((await post({ 'content-type': 'application/json', 'sec-fetch-site': 'same-site' })).status, 403, 'same-site');
    assert.equal((await post({ 'content-type': 'application/json' })).status, 403, 'no Origin at all');
    assert.equal((await post({ 'content-type': 'application/x-www-form-urlencoded', origin: `http://${host}` })).status, 403);
    assert.equal(
      (
        await raw({
          method: 'POST',
          path: '/api/imports',
          headers: { cookie, origin: 'http://evil.test', 'content-type': 'multipart/form-data; boundary=x' },
          body: '--x--',
        })
      ).status,
      403,
    );
    const ok = await post({ 'content-type': 'application/json', origin: `http://${host}`, 'sec-fetch-site': 'same-origin' });
    assert.equal(ok.status, 200, ok.body);
    // Reads from another site are refused too (a page on another port cannot embed or probe the API).
    assert.equal((await raw({ path: '/api/orders', headers: { cookie, 'sec-fetch-site': 'cross-site' } })).status, 403);
    assert.equal((await raw({ path: '/api/orders', headers: { cookie, 'sec-fetch-site': 'same-origin' } })).status, 200);
  });

  it('rotating the station token ends every session and the old bearer token', async () => {
    const c2 = makeCore({ now: Date.now(), stationToken: null });
    const s2 = await startStationServer({ core: c2, rendererDir: null, port: 0 });
    try {
      const old = c2.settings.stationToken;
      const page = await fetch(s2.loginUrl('/'), { redirect: 'manual' });
      const cookie = String(page.headers.get('set-cookie')).split(';')[0]!;
      const get = (headers: Record<string, string>) => fetch(`${s2.url}/api/orders`, { headers });
      assert.equal((await get({ cookie })).status, 200);
      assert.equal((await get({ authorization: `Bearer ${old}` })).status, 200);
      const next = c2.security.secrets.rotate('stationToken', 'tester', 'terminal');
      assert.equal((await get({ cookie })).status, 401, 'sessions are keyed by the token');
      assert.equal((await get({ authorization: `Bearer ${old}` })).status, 401);
      assert.equal((await get({ authorization: `Bearer ${next}` })).status, 200);
      assert.throws(
        () => core.security.secrets.rotate('stationToken', 't', 'terminal'),
        /environment/,
        'a token from the environment is changed there',
      );
    } finally {
      await s2.close();
      c2.close();
    }
  });
});

describe('Host header (DNS rebinding)', () => {
  it('421 for a name that is not this station, even with a valid token', async () => {
    const port = new URL(server.url).port;
    for (const host of ['evil.example', `attacker.test:${port}`, `127.0.0.1.nip.io:${port}`, 'localhost.evil.test']) {
      const r = await raw({ path: '/api/orders', headers: { host, authorization: `Bearer ${STATION_TOKEN}` } });
      assert.equal(r.status, 421, `Host: ${host}`);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost']) {
      const r = await raw({ path: '/api/orders', headers: { host, authorization: `Bearer ${STATION_TOKEN}` } });
      assert.equal(r.status, 200, `Host: ${host}`);
    }
  });
});

describe('secrets stay out of ordinary reads', () => {
  it('settings.get (HTTP and dispatch) carries no event secret, no station token, no outbox key', async () => {
    const bodies = [
      await (await authFetch(`${server.url}/api/settings`)).text(),
      await (await authFetch(`${server.url}/api/rpc/settings.get`, { method: 'POST', body: '{}' })).text(),
      JSON.stringify(await core.dispatch('settings.get', {})),
      JSON.stringify(await core.dispatch('settings.update', { dueSoonHours: 5 })),
    ];
    for (const b of bodies) {
      for (const secret of [SECRET, STATION_TOKEN, core.settings.outboxKey]) assert.ok(!b.includes(secret), 'a secret in a settings read');
      assert.doesNotMatch(b, /"eventSecret"|"stationToken"|"outboxKey"/);
    }
  });

  it('revealing and rotating secrets are audited actions outside the contract', async () => {
    const { METHODS } = await import('../../shared/api/contract.js');
    assert.ok(!METHODS.some((m) => /secret|token/i.test(m)), 'no contract method reveals secrets');
    const s = core.security.secrets.reveal('tester', 'terminal');
    assert.equal(s.eventSecret, SECRET);
    const before = core.settings.outboxKey;
    const next = core.security.secrets.rotate('outboxKey', 'tester', 'desktop');
    assert.notEqual(next, before);
    assert.equal(core.settings.outboxKey, next);
    assert.notEqual(core.settings.outboxKey, core.settings.eventSecret, 'outgoing signatures use their own key');
    const audit = core.db.all<{ action: string; detail: string }>({
      text: "SELECT action, detail FROM audit_log WHERE action IN ('secrets_revealed', 'secret_rotated') ORDER BY id",
      params: [],
    });
    assert.deepEqual(
      audit.map((a) => a.action),
      ['secrets_revealed', 'secret_rotated'],
    );
  });
});
