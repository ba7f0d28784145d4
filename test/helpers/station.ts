// End-to-end harness: the built station server as a child process, and Debian's Chromium via Playwright.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright';
import { sign } from '../../electron/intake/signature.js';
import { fixture, tempDir } from './fixtures.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = path.join(ROOT, 'test-results');
export const CHROMIUM = process.env.SHIPLOCK_CHROMIUM || '/usr/bin/chromium';
export const EVENT_SECRET = 'e2e-secret-0123456789abcdef';
export const STATION_TOKEN = 'e2e-station-token-0123456789abcdef';

/**
 * Why the browser suite cannot run here, or null when it can. Under CI=true a missing browser is a
 * failure, never a skip: callers assert on this.
 */
export function browserUnavailable(): string | null {
  if (!fs.existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (!fs.existsSync(path.join(ROOT, 'dist', 'electron', 'station.mjs'))) return 'the app is not built (npm run build)';
  return null;
}

/**
 * Skips the test (returning true) when the browser suite cannot run here, naming why; under CI=true the
 * same situation fails the test instead. `extra` adds another requirement's reason (e.g. poppler).
 */
export function skipIfUnavailable(t: TestContext, extra: string | null = null): boolean {
  const reason = browserUnavailable() ?? extra;
  if (!reason) return false;
  if (process.env.CI === 'true') assert.fail(`browser suite cannot run under CI: ${reason}`);
  t.skip(reason);
  return true;
}

export interface Station {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  output: () => string;
  /** The one-time login URL the station printed. */
  loginUrl: string;
  /** fetch against the station with `Authorization: Bearer <station token>` (what scripts do). */
  fetch(pathOrUrl: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
  postEvents(body: unknown): Promise<Response>;
}

/** The station token as a Bearer header, for fetch calls against a station. */
export const bearer = { authorization: `Bearer ${STATION_TOKEN}` };

export async function startStation(opts: { dataDir?: string; env?: Record<string, string> } = {}): Promise<Station> {
  const dataDir = opts.dataDir ?? tempDir('shiplock-e2e-');
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist', 'electron', 'station.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      SHIPLOCK_DATA_DIR: dataDir,
      SHIPLOCK_PORT: '0',
      SHIPLOCK_EVENT_SECRET: EVENT_SECRET,
      SHIPLOCK_STATION_TOKEN: STATION_TOKEN,
      SHIPLOCK_KEY_DIR: path.join(dataDir, '..', `${path.basename(dataDir)}-keys`),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const [url, loginUrl] = await new Promise<[string, string]>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`station did not start:\n${out}`)), 20_000);
    const check = () => {
      const m = /open (http:\/\/[^\s]+)/.exec(out);
      const l = /Login URL[^:]*: (http:\/\/\S+)/.exec(out);
      if (m && l) {
        clearTimeout(t);
        resolve([m[1]!, l[1]!]);
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`station exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    dataDir,
    proc,
    output: () => out,
    loginUrl,
    fetch: (p: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', bearer.authorization);
      // A hung station fails the request within 30 s (a TimeoutError) instead of hanging the test.
      return fetch(p.startsWith('http') ? p : `${url}${p}`, { signal: AbortSignal.timeout(30_000), ...init, headers });
    },
    // SIGTERM, and SIGKILL if the station has not exited 10 s later: a station that hangs on shutdown must
    // fail its own test loudly (the output says so), not eat the test's whole timeout in a finally block.
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode != null || proc.signalCode != null) return resolve();
        const kill = setTimeout(() => {
          out += '\n[test helper] station still running 10 s after SIGTERM: SIGKILL\n';
          console.error(`station ${url} did not exit on SIGTERM within 10 s; killed`);
          proc.kill('SIGKILL');
        }, 10_000);
        proc.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
    postEvents: (body: unknown) => {
      const raw = JSON.stringify(body);
      const ts = Math.floor(Date.now() / 1000);
      return fetch(`${url}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-erp-timestamp': String(ts), 'x-erp-signature': sign(EVENT_SECRET, ts, raw) },
        body: raw,
        signal: AbortSignal.timeout(30_000),
      });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export function artifact(name: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/**
 * A 1920×1080 page on the station's UI, signed in like a clerk (`/?token=<station token>` sets the session
 * cookie and redirects to the clean URL), collecting page errors and console errors in `problems`.
 */
export async function openApp(browser: Browser, station: Station): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${station.url}/?token=${STATION_TOKEN}`);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.getByTestId('nav-pending').waitFor();
  return { page, problems };
}

/** The GBK order and item exports and the SKU master, imported over POST /api/imports (40 orders). */
export async function importGbkFixtures(station: Station): Promise<void> {
  const form = new FormData();
  for (const name of ['taobao-orders-gbk.csv', 'taobao-items-gbk.csv', 'sku-master.csv'])
    form.append('files', new Blob([Buffer.from(fixture(name))]), name);
  const res = await station.fetch('/api/imports', { method: 'POST', body: form });
  const raw = await res.text();
  assert.equal(res.status, 200, raw);
  const body = JSON.parse(raw) as { files: Array<{ kind: string; imported: number }> };
  assert.equal(body.files.find((f) => f.kind === 'taobao_orders')?.imported, 40);
}
