// The station HTTP API over a real socket: status codes, multipart imports, and a walk over every
// response for the imported fixtures looking for any real phone number, full name or full address.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sign } from '../../electron/intake/signature.js';
import { startStationServer, type StationServer } from '../../electron/server/http.js';
import { authFetch, makeCore, SECRET, type TestCore } from '../helpers/core.js';
import { fixture, fixtureEvents } from '../helpers/fixtures.js';
import { decodeText, parseCsv } from '../../electron/intake/decode.js';

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

function upload(files: Array<[string, Uint8Array]>) {
  const form = new FormData();
  for (const [name, data] of files) form.append('files', new Blob([Buffer.from(data)]), name);
  return authFetch(`${server.url}/api/imports`, { method: 'POST', body: form });
}

function postSigned(body: unknown, opts: { secret?: string; ts?: number } = {}) {
  const raw = JSON.stringify(body);
  const ts = opts.ts ?? Math.floor(Date.now() / 1000);
  return fetch(`${server.url}/api/events`, {
    method: 'POST',
    headers: { 'x-erp-timestamp': String(ts), 'x-erp-signature': sign(opts.secret ?? SECRET, ts, raw), 'content-type': 'application/json' },
    body: raw,
  });
}

/** Every real phone, secret number, full name and full detail address in the fixtures. */
function secretsInFixtures(): string[] {
  const out = new Set<string>();
  for (const e of fixtureEvents()) {
    if (e.type !== 'order.upserted') continue;
    const b = (e.payload as { buyer: { name: string; phone?: string; privacy?: { secretNo: string } | null; address: { detail: string } } })
      .buyer;
    if (b.phone) out.add(b.phone);
    if (b.privacy) out.add(b.privacy.secretNo);
    out.add(b.address.detail);
    if (b.name.length > 1) out.add(b.name);
  }
  for (const file of ['taobao-orders-gbk.csv', 'taobao-orders-utf8.csv']) {
    const rows = parseCsv(decodeText(fixture(file)).text);
    const h = rows[0]!;
    for (const r of rows.slice(1)) {
      out.add(r[h.indexOf('收货人姓名')]!);
      const phone = r[h.indexOf('联系手机')]!.split('-')[0]!;
      if (phone) out.add(phone);
      out.add(
        r[h.indexOf('收货地址')]!.split(' ')
          .slice(3)
          .join(' ')
          .replace(/\(\d+\)$/, ''),
      );
    }
  }
  return [...out].filter((s) => s.length >= 2);
}

describe('station HTTP API', () => {
  it('GET /api/health', async () => {
    const r = await fetch(`${server.url}/api/health`);
    assert.equal(r.status, 200);
    const body = (await r.json()) as { ok: boolean; mode: string; version: string };
    assert.equal(body.ok, true);
    assert.equal(body.mode, 'station');
  });

  it('POST /api/imports with one bad row: 422 naming row and field, nothing stored', async () => {
    const text = new TextDecoder().decode(fixture('taobao-orders-utf8.csv')).replace('2026-11-11 00:44:48', '2026-11-31 99:00');
    const r = await upload([
      ['orders.csv', new TextEncoder().encode(text)],
      ['sku-master.csv', fixture('sku-master.csv')],
    ]);
    assert.equal(r.status, 422);
    const body = (await r.json()) as { errors: Array<{ file: string; row: number; field: string; message: string }> };
    assert.deepEqual(
      body.errors.map((e) => [e.file, e.row, e.field]),
      [['orders.csv', 3, '订单付款时间']],
    );
    const list = (await (await authFetch(`${server.url}/api/orders?view=all&includeOlder=true`)).json()) as { total: number };
    assert.equal(list.total, 0);
  });

  it('POST /api/events: 401 for a bad signature, 400 for a bad envelope, 202 when accepted', async () => {
    const events = fixtureEvents();
    assert.equal((await postSigned(events, { secret: 'nope-nope-nope-nope' })).status, 401);
    assert.equal((await postSigned(events, { ts: Math.floor(Date.now() / 1000) - 3600 })).status, 401);
    const bad = await postSigned({ ...events[0], platform: 'ebay' });
    assert.equal(bad.status, 400);
    assert.deepEqual(((await bad.json()) as { error: { path: string } }).error.path, 'platform');
    const notJson = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      body: '{oops',
      headers: {
        'x-erp-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-erp-signature': sign(SECRET, Math.floor(Date.now() / 1000), '{oops'),
      },
    });
    assert.equal(notJson.status, 400);
    const ok = await postSigned(events);
    assert.equal(ok.status, 202);
    assert.deepEqual(await ok.json(), { accepted: 44, duplicates: 0 });
  });

  it('imports every fixture over multipart', async () => {
    const r = await upload([
      ['taobao-orders-gbk.csv', fixture('taobao-orders-gbk.csv')],
      ['taobao-items-gbk.csv', fixture('taobao-items-gbk.csv')],
      ['sku-master.csv', fixture('sku-master.csv')],
      ['taobao-orders-utf8.csv', fixture('taobao-orders-utf8.csv')],
      ['taobao-items-utf8.csv', fixture('taobao-items-utf8.csv')],
    ]);
    assert.equal(r.status, 200, await r.clone().text());
    const body = (await r.json()) as { imported: number; rejected: unknown[] };
    assert.equal(body.imported, 7, 'orders already came from events; the SKU master is new');
  });

  it('pages the pending list with a stable cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams({ view: 'pending', limit: '7', ...(cursor ? { cursor } : {}) });
      const page = (await (await authFetch(`${server.url}/api/orders?${q}`)).json()) as {
        items: Array<{ tid: string }>;
        nextCursor: string | null;
        total: number;
      };
      assert.equal(page.total, 40);
      seen.push(...page.items.map((i) => i.tid));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 40);
    assert.equal(new Set(seen).size, 40);
    const bad = await authFetch(`${server.url}/api/orders?cursor=zzz`);
    assert.equal(bad.status, 400);
    const badLimit = await authFetch(`${server.url}/api/orders?limit=0`);
    assert.equal(badLimit.status, 400);
    assert.equal(((await badLimit.json()) as { error: { path: string } }).error.path, 'limit');
  });

  it('filters by search, platform, type, flag and due window', async () => {
    const get = async (q: Record<string, string>) =>
      (await (
        await authFetch(`${server.url}/api/orders?${new URLSearchParams({ view: 'pending', includeOlder: 'true', ...q })}`)
      ).json()) as {
        total: number;
        items: Array<{ tid: string; orderType: string }>;
      };
    assert.deepEqual(
      (await get({ q: '3921004455660070' })).items.map((i) => i.tid),
      ['3921004455660070'],
    );
    assert.deepEqual(
      (await get({ q: 'tb_642597' })).items.map((i) => i.tid),
      ['3921004455660010'],
    );
    assert.equal((await get({ q: 'note-a5' })).total, 6);
    assert.equal((await get({ orderType: 'presale' })).total, 4);
    assert.equal((await get({ platform: 'jd' })).total, 0);
    assert.equal((await get({ flag: '0' })).total, 40);
    assert.equal((await get({ dueWithinHours: '1' })).total, 40, 'every fixture order is overdue by now');
  });

  it('no response carries a real phone number, full name or full address', async () => {
    const secrets = secretsInFixtures();
    assert.ok(secrets.length > 100, `collected ${secrets.length} secrets`);
    const bodies: string[] = [];
    const list = await (await authFetch(`${server.url}/api/orders?view=all&includeOlder=true&limit=500`)).text();
    bodies.push(list);
    for (const o of (JSON.parse(list) as { items: Array<{ tid: string }> }).items) {
      bodies.push(await (await authFetch(`${server.url}/api/orders/${o.tid}`)).text());
    }
    bodies.push(await (await authFetch(`${server.url}/api/rpc/orders.list`, { method: 'POST', body: '{"view":"pending"}' })).text());
    bodies.push(await (await authFetch(`${server.url}/api/settings`)).text());
    assert.equal(bodies.length, 43);
    for (const body of bodies) {
      for (const s of secrets) assert.ok(!body.includes(s), `a response contains “${s}”`);
      assert.doesNotMatch(body, /(?<!\d)1[3-9]\d{9}(?!\d)/, 'an unmasked mobile number');
    }
  });

  it('GET /api/orders/{tid} is 404 for an unknown order; unknown routes are 404', async () => {
    assert.equal((await authFetch(`${server.url}/api/orders/123`)).status, 404);
    assert.equal((await authFetch(`${server.url}/api/nope`)).status, 404);
    assert.equal((await authFetch(`${server.url}/api/rpc/orders.nope`, { method: 'POST', body: '{}' })).status, 404);
  });

  it('pushes order changes over server-sent events', async () => {
    const ctrl = new AbortController();
    const res = await authFetch(`${server.url}/api/stream`, { signal: ctrl.signal });
    const reader = res.body!.getReader();
    const e = fixtureEvents()[0]!;
    await postSigned({
      ...e,
      id: 'evt-sse',
      occurredAt: '2026-11-11T23:00:00+08:00',
      payload: { ...(e.payload as object), sellerMemo: 'sse' },
    });
    let text = '';
    while (!text.includes('orders.changed')) text += new TextDecoder().decode((await reader.read()).value);
    ctrl.abort();
    assert.match(text, /"tids":\["3921004455660000"\]/);
  });
});

describe('supervisor reveal', () => {
  it('needs the PIN, returns one order’s real contact, and is audited either way', async () => {
    const rpc = (method: string, body: unknown) =>
      authFetch(`${server.url}/api/rpc/${method}`, { method: 'POST', body: JSON.stringify(body) });
    const ask = { tid: '3921004455660020', supervisor: '王主管', pin: '246813', reason: '快递无法联系买家' };
    assert.equal((await rpc('orders.reveal', ask)).status, 403, 'no PIN set yet');
    assert.equal((await rpc('settings.setSupervisorPin', { newPin: '246813' })).status, 403, 'an API caller cannot set the first PIN');
    await core.security.pin.setInitial('246813', 'test', 'terminal');
    assert.equal((await rpc('settings.setSupervisorPin', { newPin: '111111' })).status, 403, 'changing needs the current PIN');
    assert.equal((await rpc('orders.reveal', { ...ask, pin: '000000' })).status, 403);
    const ok = await rpc('orders.reveal', ask);
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as { phone: string; name: string; address: string };
    assert.equal(body.phone, '18910284423');
    assert.equal(body.name, '吴勇艳');
    assert.match(body.address, /科技园南区12栋5单元2437室/);
    const audit = core.db.all<{ actor: string; action: string; tid: string }>({
      text: "SELECT actor, action, tid FROM audit_log WHERE action LIKE 'reveal%' ORDER BY id",
      params: [],
    });
    assert.deepEqual(
      audit.map((a) => [a.actor, a.action, a.tid]),
      [
        ['王主管', 'reveal_denied', ask.tid],
        ['王主管', 'reveal', ask.tid],
      ],
    );
    const settings = (await (await authFetch(`${server.url}/api/settings`)).json()) as { supervisorPinSet: boolean };
    assert.equal(settings.supervisorPinSet, true);
  });
});
