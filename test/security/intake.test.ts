// Issue #9: intake that can't be crashed. Truncated multipart, an oversized file, a 21st file, a JSON
// body over the cap, bad escapes, deep JSON and invalid UTF-8 all get a 4xx, and the station still answers.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sign } from '../../electron/intake/signature.js';
import { startStationServer, type StationServer } from '../../electron/server/http.js';
import { authFetch, makeCore, SECRET, STATION_TOKEN, type TestCore } from '../helpers/core.js';
import { fixture } from '../helpers/fixtures.js';

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

async function alive(): Promise<void> {
  const r = await fetch(`${server.url}/api/health`);
  assert.equal(r.status, 200, 'the station still answers');
  assert.equal((await authFetch(`${server.url}/api/orders`)).status, 200);
}

const count = (table: string) => core.db.get<{ n: number }>({ text: `SELECT COUNT(*) AS n FROM ${table}`, params: [] })!.n;

/** Writes a raw request on a socket and returns the status line's code (or null if the socket closed first). */
function rawRequest(head: string, body: Buffer | string, opts: { end?: boolean } = {}): Promise<number | null> {
  const u = new URL(server.url);
  return new Promise((resolve) => {
    const sock = net.connect(Number(u.port), u.hostname);
    let got = '';
    sock.on('data', (c) => {
      got += c.toString();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) {
        resolve(Number(m[1]));
        sock.destroy();
      }
    });
    sock.on('error', () => resolve(null));
    sock.on('close', () => resolve(null));
    sock.write(head);
    sock.write(body);
    if (opts.end !== false) sock.end();
  });
}

function multipartHead(boundary: string, length: number): string {
  const host = new URL(server.url).host;
  return (
    `POST /api/imports HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${STATION_TOKEN}\r\n` +
    `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`
  );
}

describe('multipart imports', () => {
  it('a truncated multipart body is a 400 and the process lives on', async () => {
    const b = 'XyZbound';
    const part = `--${b}\r\nContent-Disposition: form-data; name="files"; filename="orders.csv"\r\nContent-Type: text/csv\r\n\r\n订单编号,x\r\n123`;
    // Declared longer than sent, then the client half-closes: busboy sees the form end mid-file.
    const status = await rawRequest(multipartHead(b, Buffer.byteLength(part)), part);
    assert.equal(status, 400);
    // No closing boundary at all, body complete per Content-Length.
    const status2 = await rawRequest(multipartHead(b, Buffer.byteLength(part)), part);
    assert.equal(status2, 400);
    await alive();
  });

  it('a file over the upload cap is a 413, read to its end so the client sees the status', async () => {
    await core.dispatch('settings.update', { maxUploadMB: 1 });
    try {
      const form = new FormData();
      form.append('files', new Blob([Buffer.alloc(1024 * 1024 + 10, 0x41)]), 'big.csv');
      const r = await authFetch(`${server.url}/api/imports`, { method: 'POST', body: form });
      assert.equal(r.status, 413);
      assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'too_large');
      // Two files that pass alone but not together.
      const two = new FormData();
      two.append('files', new Blob([Buffer.alloc(600 * 1024, 0x41)]), 'a.csv');
      two.append('files', new Blob([Buffer.alloc(600 * 1024, 0x41)]), 'b.csv');
      assert.equal((await authFetch(`${server.url}/api/imports`, { method: 'POST', body: two })).status, 413);
    } finally {
      await core.dispatch('settings.update', { maxUploadMB: 200 });
    }
    await alive();
  });

  it('a 21st file is a 400, not silently dropped; nothing is stored', async () => {
    const form = new FormData();
    for (let i = 0; i < 21; i++) form.append('files', new Blob([Buffer.from(fixture('sku-master.csv'))]), `sku-${i}.csv`);
    const r = await authFetch(`${server.url}/api/imports`, { method: 'POST', body: form });
    assert.equal(r.status, 400);
    assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'too_many_files');
    assert.equal(count('skus'), 0);
    const twenty = new FormData();
    for (let i = 0; i < 20; i++) twenty.append('files', new Blob([Buffer.from(fixture('sku-master.csv'))]), `sku-${i}.csv`);
    assert.equal((await authFetch(`${server.url}/api/imports`, { method: 'POST', body: twenty })).status, 200);
    await alive();
  });

  it('not multipart at all, or a field too long: 400', async () => {
    const r = await authFetch(`${server.url}/api/imports`, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
    assert.equal(r.status, 400);
    const form = new FormData();
    form.append('timestamp', 'x'.repeat(70_000));
    form.append('files', new Blob(['a']), 'a.csv');
    assert.equal((await authFetch(`${server.url}/api/imports`, { method: 'POST', body: form })).status, 400);
    await alive();
  });
});

describe('signed .jsonl imports', () => {
  const events = () => Buffer.from(fixture('events.jsonl'));

  it('an unsigned or badly signed event file is refused with 422 naming the file; nothing stored', async () => {
    const form = new FormData();
    form.append('files', new Blob([events()]), 'events.jsonl');
    const r = await authFetch(`${server.url}/api/imports`, { method: 'POST', body: form });
    assert.equal(r.status, 422);
    const body = (await r.json()) as { errors: Array<{ file: string; field: string }> };
    assert.deepEqual(
      body.errors.map((e) => [e.file, e.field]),
      [['events.jsonl', 'signature']],
    );
    // Disguised as a CSV: recognised by its content all the same.
    const disguised = new FormData();
    disguised.append('files', new Blob([events()]), 'orders.csv');
    assert.equal((await authFetch(`${server.url}/api/imports`, { method: 'POST', body: disguised })).status, 422);
    const ts = String(Math.floor(Date.now() / 1000));
    const wrong = new FormData();
    wrong.append('timestamp', ts);
    wrong.append('signature:events.jsonl', sign('another-secret-0123456789', ts, events()));
    wrong.append('files', new Blob([events()]), 'events.jsonl');
    assert.equal((await authFetch(`${server.url}/api/imports`, { method: 'POST', body: wrong })).status, 422);
    assert.equal(count('event_log'), 0);
    assert.equal(count('orders'), 0);
  });

  it('a signed one (signature:<filename> and timestamp fields) is imported', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const form = new FormData();
    form.append('timestamp', ts);
    form.append('signature:events.jsonl', sign(SECRET, ts, events()));
    form.append('files', new Blob([events()]), 'events.jsonl');
    const r = await authFetch(`${server.url}/api/imports`, { method: 'POST', body: form });
    assert.equal(r.status, 200, await r.clone().text());
    assert.equal(((await r.json()) as { imported: number }).imported, 44);
  });
});

describe('JSON bodies and URLs', () => {
  it('a JSON body over 16 MB gets a 413 (not a connection reset)', async () => {
    const body = `{"q":"${'a'.repeat(17 * 1024 * 1024)}"}`;
    const r = await authFetch(`${server.url}/api/rpc/orders.list`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(r.status, 413);
    await alive();
  });

  it('a bad % escape is a 400, in the API and for static files', async () => {
    for (const p of ['/api/orders/%E0%A4%A', '/api/interceptions/%zz/release', '/api/batches/%/print']) {
      const r = await authFetch(`${server.url}${p}`, {
        method: p.endsWith('release') ? 'POST' : 'GET',
        body: p.endsWith('release') ? '{}' : undefined,
      });
      assert.equal(r.status, 400, p);
    }
    assert.notEqual((await fetch(`${server.url}/%E0%A4%A`)).status, 500);
    await alive();
  });

  it('JSON nested deeper than the limit is a 400', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const r = await authFetch(`${server.url}/api/rpc/orders.list`, { method: 'POST', body: deep });
    assert.equal(r.status, 400);
    const ts = Math.floor(Date.now() / 1000);
    const signed = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      body: deep,
      headers: { 'x-erp-timestamp': String(ts), 'x-erp-signature': sign(SECRET, ts, deep) },
    });
    assert.ok(signed.status === 400, `signed deep body: ${signed.status}`);
    await alive();
  });

  it('invalid UTF-8 in a signed event body is a 400, nothing stored', async () => {
    const before = count('event_log');
    const raw = Buffer.concat([
      Buffer.from(
        '{"id":"evt-bad-utf8","type":"trade.succeeded","platform":"taobao","occurredAt":"2026-11-12T10:00:00+08:00","payload":{"tid":"3921004455660000","succeededAt":"2026-11-12T10:00:00+08:00","x":"',
      ),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}}'),
    ]);
    const ts = Math.floor(Date.now() / 1000);
    const r = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      body: raw,
      headers: { 'x-erp-timestamp': String(ts), 'x-erp-signature': sign(SECRET, ts, raw) },
    });
    assert.equal(r.status, 400);
    assert.equal(count('event_log'), before);
  });

  it('import errors never echo a full phone number', async () => {
    const csv = new TextDecoder().decode(fixture('taobao-orders-utf8.csv')).replace('2026-11-11 00:44:48', '18910284423');
    const form = new FormData();
    form.append('files', new Blob([csv]), 'orders.csv');
    const r = await authFetch(`${server.url}/api/imports`, { method: 'POST', body: form });
    assert.equal(r.status, 422);
    const text = await r.text();
    assert.ok(!text.includes('18910284423'), text.slice(0, 300));
    const { maskContactText } = await import('../../shared/rules/redact.js');
    assert.equal(maskContactText('联系手机 18910284423 无效, tid 3921004455660020'), '联系手机 189****4423 无效, tid 3921004455660020');
    assert.equal(maskContactText('+86 189-1028-4423'), '189****4423');
    assert.equal(maskContactText('固话 010-88886666'), '固话 010****6666');
  });
});
