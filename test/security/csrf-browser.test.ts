// Issue #9, reproduced in a real browser: a signed-in clerk's Chromium visits a hostile page on another
// local port (same site, other origin) and on another host name. The page fires every state-changing
// route at the station — text/plain fetches, auto-submitted forms, multipart uploads — and nothing changes.
// A DNS-rebinding name that resolves to 127.0.0.1 gets 421 for the UI and the API.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { chromium, type Browser } from 'playwright';
import { fixtureEvents } from '../helpers/fixtures.js';
import { CHROMIUM, skipIfUnavailable, startStation, STATION_TOKEN, type Station } from '../helpers/station.js';

const TID = '3921004455660070';
const NEW_TID = '3999999999999999';

/** The hostile page: fires everything, then sets the title to "done". */
function attackerPage(target: string, requestId: string): string {
  const json = (o: unknown) => JSON.stringify(o);
  const posts: Array<[string, string]> = [
    [`/api/orders/${TID}/ship`, json({ carrier: '顺丰', trackingNo: 'SF1' })],
    ['/api/interceptions', json({ tid: TID, reason: 'csrf' })],
    [`/api/interceptions/${requestId}/release`, json({ reason: 'csrf' })],
    [`/api/interceptions/${requestId}/refund`, json({ reason: 'csrf' })],
    [`/api/interceptions/${requestId}/retry`, json({ reason: 'csrf' })],
    ['/api/pack/scan', json({ code: TID })],
    ['/api/checks/run', json({})],
    ['/api/batches', json({ tids: [TID] })],
    ['/api/batches/B20261111-001/printed', json({})],
    ['/api/batches/B20261111-001/withdraw', json({ oid: 'x' })],
    ['/api/rpc/settings.setSupervisorPin', json({ newPin: '123456' })],
    ['/api/rpc/settings.update', json({ stationName: 'pwned' })],
    ['/api/rpc/orders.markShipped', json({ tid: TID, noLogistics: true })],
    ['/api/rpc/interceptions.release', json({ requestId, reason: 'csrf' })],
    ['/api/rpc/batches.create', json({ tids: [TID] })],
    ['/api/rpc/pack.acknowledge', json({ code: TID, tid: TID })],
    ['/api/rpc/orders.reveal', json({ tid: TID, supervisor: 'x', pin: '123456', reason: 'x' })],
  ];
  const csv = `订单编号,买家会员名,买家应付货款,收货人姓名,收货地址,联系手机,订单状态,订单创建时间,订单付款时间\\n${NEW_TID},x,1,x,x,x,买家已付款,2026-11-11 00:00:00,2026-11-11 00:00:00\\n`;
  return `<!doctype html><html><body><h1>cute cats</h1>
<script>
const T = ${JSON.stringify(target)};
const posts = ${JSON.stringify(posts)};
async function run() {
  const jobs = [];
  for (const [path, body] of posts) {
    // 1. a "simple" cross-origin fetch (no preflight): text/plain, cookies included
    jobs.push(fetch(T + path, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body }).catch(() => null));
    // 2. the same as application/json in no-cors mode (the browser downgrades it to text/plain)
    jobs.push(fetch(T + path, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'application/json' }, body }).catch(() => null));
    // 3. a cross-origin CORS fetch with JSON (needs a preflight the station never grants)
    jobs.push(fetch(T + path, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body }).catch(() => null));
    // 4. an auto-submitted form (enctype text/plain forges a JSON body) into a hidden iframe
    const name = 'f' + Math.random().toString(36).slice(2);
    const frame = document.createElement('iframe'); frame.name = name; frame.style.display = 'none'; document.body.appendChild(frame);
    const form = document.createElement('form'); form.method = 'POST'; form.action = T + path; form.enctype = 'text/plain'; form.target = name;
    const input = document.createElement('input'); input.name = body.slice(0, -1) + ',"x":"'; input.value = '"}'; form.appendChild(input);
    document.body.appendChild(form);
    jobs.push(new Promise((r) => { frame.onload = r; setTimeout(r, 3000); form.submit(); }));
  }
  // 5. multipart imports (fetch and a form)
  const fd = new FormData(); fd.append('files', new Blob([${JSON.stringify(csv)}], { type: 'text/csv' }), 'orders.csv');
  jobs.push(fetch(T + '/api/imports', { method: 'POST', mode: 'no-cors', credentials: 'include', body: fd }).catch(() => null));
  // 6. PATCH settings (not "simple": preflighted, never granted)
  jobs.push(fetch(T + '/api/settings', { method: 'PATCH', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{"stationName":"pwned"}' }).catch(() => null));
  // 7. reading the API cross-origin
  let leaked = 'no';
  try { const r = await fetch(T + '/api/settings', { credentials: 'include' }); leaked = await r.text(); } catch { leaked = 'blocked'; }
  await Promise.all(jobs);
  document.title = 'done:' + (leaked.includes('stationName') ? 'LEAKED' : 'ok');
}
run();
</script></body></html>`;
}

test('CSRF from another origin (another local port, another host name) changes nothing', { timeout: 120_000 }, async (t) => {
  if (skipIfUnavailable(t)) return;
  let station: Station | undefined;
  let browser: Browser | undefined;
  let evil: http.Server | undefined;
  try {
    station = await startStation();
    assert.equal((await station.postEvents(fixtureEvents())).status, 202);
    const created = await station.fetch('/api/interceptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tid: '3921004455660000', reason: 'legit lock' }),
    });
    assert.equal(created.status, 201);
    const requestId = ((await created.json()) as { requestId: string }).requestId;
    const snapshot = async () => ({
      icp: ((await (await station!.fetch(`/api/interceptions/${requestId}`)).json()) as { status: string; lockedOids: string[] }).status,
      order: (
        (await (await station!.fetch(`/api/orders/${TID}`)).json()) as { lines: Array<{ shipped?: boolean; shippedAt?: number | null }> }
      ).lines,
      settings: (await (await station!.fetch('/api/settings')).json()) as { stationName: string; supervisorPinSet: boolean },
      batches: ((await (await station!.fetch('/api/batches')).json()) as { items: unknown[] }).items.length,
      interceptions: ((await (await station!.fetch('/api/interceptions')).json()) as { items: unknown[] }).items.length,
      newOrder: (await station!.fetch(`/api/orders/${NEW_TID}`)).status,
    });
    const before = await snapshot();
    assert.equal(before.icp, 'locked');

    evil = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(attackerPage(station!.url, requestId));
    });
    await new Promise<void>((r) => evil!.listen(0, '127.0.0.1', r));
    const evilPort = (evil.address() as AddressInfo).port;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP evil.test 127.0.0.1, MAP rebind.test 127.0.0.1'],
    });
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    // The clerk is signed in: the session cookie is in this browser.
    await page.goto(`${station.url}/?token=${STATION_TOKEN}`);
    assert.ok((await ctx.cookies()).some((c) => c.name.startsWith('shiplock_session_') && c.httpOnly && c.sameSite === 'Strict'));
    const control = await page.evaluate(async () => (await fetch('/api/settings')).status);
    assert.equal(control, 200, 'the cookie works from the station’s own page');

    for (const origin of [`http://127.0.0.1:${evilPort}`, `http://evil.test:${evilPort}`]) {
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => document.title.startsWith('done:'), null, { timeout: 60_000 });
      assert.equal(await page.title(), 'done:ok', `${origin} could read the API`);
    }
    assert.deepEqual(await snapshot(), before, 'no state changed');

    // DNS rebinding: a name that resolves to the station's address gets 421, page and API alike.
    const port = new URL(station.url).port;
    const ui = await page.goto(`http://rebind.test:${port}/`);
    assert.equal(ui?.status(), 421);
    const api = await page.goto(`http://rebind.test:${port}/api/settings`);
    assert.equal(api?.status(), 421);
    assert.ok(!(await page.content()).includes('stationName'));
    assert.equal((await station.fetch('/api/health')).status, 200);
  } finally {
    await browser?.close();
    await new Promise((r) => (evil ? evil.close(r) : r(null)));
    await station?.stop();
  }
});

test('an unauthenticated browser sees the UI with a clear sign-in message, not data', { timeout: 60_000 }, async (t) => {
  if (skipIfUnavailable(t)) return;
  let station: Station | undefined;
  let browser: Browser | undefined;
  try {
    station = await startStation();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage();
    await page.goto(station.url);
    const box = page.getByTestId('login-required');
    await box.waitFor({ timeout: 15_000 });
    assert.match((await box.textContent()) ?? '', /登录链接/);
    // The printed one-time login URL signs this browser in and then stops working.
    await page.goto(station.loginUrl);
    await page.getByTestId('nav-pending').waitFor({ timeout: 15_000 });
    assert.ok(!page.url().includes('token='), 'the token is gone from the address bar');
    const other = await (await browser.newContext()).newPage();
    const res = await other.goto(station.loginUrl);
    assert.equal(res?.status(), 401, 'the one-time login URL works once');
  } finally {
    await browser?.close();
    await station?.stop();
  }
});
