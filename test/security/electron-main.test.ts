// Issue #9: the Electron main process's wiring, asserted in CI without the Electron binary: `electron` is
// replaced by a recording stand-in (a module resolve hook), then electron/main.ts runs for real on a temp
// data folder. IPC answers only the app's own page; navigation elsewhere (a dropped file) is blocked; the
// station token never goes into a URL for the system browser; print files are private.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { sign } from '../../electron/intake/signature.js';
import { fixture, tempDir } from '../helpers/fixtures.js';

interface Recorded {
  windows: Array<{
    options: { webPreferences: Record<string, unknown> };
    webContents: {
      openHandler: (d: { url: string }) => { action: string };
      emit(ev: string, ...a: unknown[]): boolean;
      url: string;
    };
  }>;
  ipc: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  openExternal: string[];
  loaded: Array<{ file: string; mode: number; dirMode: number }>;
  quit: number;
  app: { emit(event: string): void };
  singleInstance: boolean;
  sandbox?: boolean;
  permissionRequest: (wc: { getURL(): string }, permission: string, cb: (ok: boolean) => void) => void;
  permissionCheck: (wc: { getURL(): string } | null, permission: string) => boolean;
}

const TOKEN = 'electron-station-token-0123456789abcdef';
const SECRET = 'electron-event-secret-0123456789abcdef';
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const INDEX = pathToFileURL(path.join(ROOT, 'electron', '..', 'renderer', 'index.html')).href;
let rec: Recorded;
let dataDir: string;

async function until<T>(fn: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for the main process');
    await new Promise((r) => setTimeout(r, 20));
  }
}

before(async () => {
  dataDir = tempDir('shiplock-electron-stub-');
  Object.assign(process.env, {
    SHIPLOCK_DATA_DIR: dataDir,
    SHIPLOCK_PORT: '0',
    SHIPLOCK_STATION_TOKEN: TOKEN,
    SHIPLOCK_EVENT_SECRET: SECRET,
    SHIPLOCK_KEY_DIR: `${dataDir}-keys`,
  });
  register('../helpers/electron-stub-hooks.mjs', import.meta.url);
  await import('../../electron/main.js');
  rec = (globalThis as unknown as { __electron: Recorded }).__electron;
  await until(() => rec.windows.find((w) => w.options.webPreferences?.preload));
  await until(() => rec.ipc.get('shiplock:desktop'));
});
after(async () => {
  for (const w of rec?.windows ?? []) (w as unknown as { emit(e: string): void }).emit('closed');
  // Quitting closes the station server and the core (timers, database, lock) so the test process can end.
  rec.app.emit('window-all-closed');
  await new Promise((r) => setTimeout(r, 100));
});

const own = { senderFrame: { url: `${INDEX}#/settings` } };
const mainWindow = () => rec.windows.find((w) => w.options.webPreferences?.preload)!;

describe('Electron main process wiring (stand-in electron)', () => {
  it('the window: sandboxed, context-isolated, no Node, web security on; the app sandbox and single-instance lock are requested', () => {
    const wp = mainWindow().options.webPreferences;
    assert.equal(wp.contextIsolation, true);
    assert.equal(wp.sandbox, true);
    assert.equal(wp.nodeIntegration, false);
    assert.equal(wp.webSecurity, true);
    assert.match(String(wp.preload), /preload\.cjs$/);
    assert.equal(rec.sandbox, true);
    assert.equal(rec.quit, 0, 'the single-instance lock was granted');
  });

  it('IPC answers only the bundled index.html, not another file:// page or a web page', async () => {
    const rpc = rec.ipc.get('shiplock:rpc')!;
    const ok = (await rpc(own, 'app.health', {})) as { ok?: { ok: boolean } };
    assert.equal(ok.ok?.ok, true);
    for (const url of ['file:///tmp/dropped.html', `${INDEX}.evil.html`, 'https://evil.example/', 'app://shiplock/index.html', '']) {
      const r = (await rpc({ senderFrame: { url } }, 'app.health', {})) as { error?: { code: string } };
      assert.equal(r.error?.code, 'forbidden', url);
    }
    const noFrame = (await rpc({ senderFrame: null }, 'app.health', {})) as { error?: { code: string } };
    assert.equal(noFrame.error?.code, 'forbidden');
    const desk = rec.ipc.get('shiplock:desktop')!;
    const denied = (await desk({ senderFrame: { url: 'file:///tmp/x.html' } }, 'revealSecrets')) as { error?: { code: string } };
    assert.equal(denied.error?.code, 'forbidden');
  });

  it('secrets and the first PIN only over the desktop channel; settings.get has no secrets', async () => {
    const rpc = rec.ipc.get('shiplock:rpc')!;
    const desk = rec.ipc.get('shiplock:desktop')!;
    const settings = JSON.stringify(await rpc(own, 'settings.get', {}));
    assert.ok(!settings.includes(TOKEN) && !settings.includes(SECRET));
    const s = (await desk(own, 'revealSecrets')) as { ok: { stationToken: string; eventSecret: string } };
    assert.equal(s.ok.stationToken, TOKEN);
    assert.equal(s.ok.eventSecret, SECRET);
    assert.deepEqual(await desk(own, 'setFirstPin', '135790'), { ok: true });
    const again = (await desk(own, 'setFirstPin', '246810')) as { error?: { code: string } };
    assert.equal(again.error?.code, 'pin_already_set');
  });

  it('navigation: a dropped file or any other page is blocked; station links open outside with a one-time ticket, never the token', async () => {
    const wc = mainWindow().webContents;
    const nav = (url: string) => {
      let prevented = false;
      wc.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    assert.equal(nav('file:///home/clerk/Downloads/orders.csv'), true, 'a dropped file');
    assert.equal(nav('https://evil.example/'), true);
    assert.equal(nav(`${INDEX}#/pending`), false, 'the app itself');
    const stationUrl = ((await rec.ipc.get('shiplock:rpc')!(own, 'settings.get', {})) as { ok: { stationUrl: string } }).ok.stationUrl;
    assert.ok(stationUrl, 'the station server runs inside the app');
    rec.openExternal.length = 0;
    assert.deepEqual(wc.openHandler({ url: `${stationUrl}/api/batches/B20261111-001/print?kind=all&token=${TOKEN}` }), { action: 'deny' });
    assert.equal(nav(`${stationUrl}/api/batches/B20261111-001/picklist.csv`), true);
    assert.equal(rec.openExternal.length, 2);
    for (const u of rec.openExternal) {
      assert.ok(!u.includes(TOKEN), `the station token in ${u}`);
      assert.match(u, /[?&]token=t[A-Za-z0-9_-]{20,}/, 'a one-time ticket');
    }
    // The ticket signs a browser in once.
    const first = await fetch(rec.openExternal[0]!, { redirect: 'manual' });
    assert.equal(first.status, 303);
    assert.equal((await fetch(rec.openExternal[0]!, { redirect: 'manual' })).status, 401);
    const desk = rec.ipc.get('shiplock:desktop')!;
    const link = (await desk(own, 'loginLink')) as { ok: string };
    assert.ok(link.ok.startsWith(stationUrl) && !link.ok.includes(TOKEN));
  });

  it('permissions: notifications for the app page only, nothing else', async () => {
    const ask = (url: string, perm: string) => new Promise<boolean>((r) => rec.permissionRequest({ getURL: () => url }, perm, r));
    assert.equal(await ask(INDEX, 'notifications'), true);
    assert.equal(await ask('https://evil.example/', 'notifications'), false);
    assert.equal(await ask(INDEX, 'media'), false);
    assert.equal(rec.permissionCheck({ getURL: () => INDEX }, 'geolocation'), false);
    assert.equal(rec.permissionCheck({ getURL: () => 'file:///x.html' }, 'notifications'), false);
  });

  it('print files live in a private mkdtemp folder (0700, file 0600) and are removed after', async () => {
    const rpc = rec.ipc.get('shiplock:rpc')!;
    const ts = String(Math.floor(Date.now() / 1000));
    const data = fixture('events.jsonl');
    const imp = (await rpc(own, 'imports.run', {
      files: [{ name: 'e.jsonl', data, timestamp: ts, signature: sign(SECRET, ts, Buffer.from(data)) }],
    })) as {
      ok?: { imported: number };
      error?: unknown;
    };
    assert.equal(imp.ok?.imported, 44, JSON.stringify(imp.error));
    const b = (await rpc(own, 'batches.create', { tids: ['3921004455660070'] })) as { ok: { batch: { batchNo: string } } };
    rec.loaded.length = 0;
    const pdf = (await rpc(own, 'batches.exportPdf', { batchNo: b.ok.batch.batchNo })) as { ok?: { path: null } };
    assert.deepEqual(pdf.ok, { path: null }, 'the save dialog was cancelled');
    const printed = rec.loaded.find((l) => l.file.includes('shiplock-print-'))!;
    assert.ok(printed, 'a print page was loaded');
    if (process.platform !== 'win32') {
      assert.equal(printed.dirMode, 0o700);
      assert.equal(printed.mode, 0o600);
    }
    assert.ok(!fs.existsSync(path.dirname(printed.file)), 'removed after printing');
  });

  it('a second instance quits at once (single-instance lock), opening nothing', async () => {
    rec.singleInstance = false;
    const windows = rec.windows.length;
    const quits = rec.quit;
    await import(`../../electron/main.js?second=${Date.now()}`);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(rec.quit, quits + 1);
    assert.equal(rec.windows.length, windows);
    rec.singleInstance = true;
  });

  it('the data folder is private and locked by this process', () => {
    if (process.platform !== 'win32') assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
    assert.equal(fs.readFileSync(path.join(dataDir, 'shiplock.lock'), 'utf8').trim(), String(process.pid));
  });
});
