// The Electron window itself, through Playwright's _electron. Runs where the Electron binary is
// installed; elsewhere it reports itself skipped with the reason (the one test allowed to skip in CI).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { it } from 'node:test';
import { _electron as electron } from 'playwright';
import { artifact, ROOT } from '../helpers/station.js';
import { tempDir } from '../helpers/fixtures.js';

const require = createRequire(import.meta.url);

/** The installed Electron binary, read from path.txt (require('electron') would try to download it). */
function electronBinary(): { bin: string } | { reason: string } {
  const pkgDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(pkgDir, 'path.txt');
  const bin = fs.existsSync(pathFile) ? path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim()) : null;
  if (bin && fs.existsSync(bin)) return { bin };
  return { reason: 'the Electron binary is not installed (its download is blocked on this machine); station mode is tested instead' };
}

const nativeBinding = path.join(ROOT, '.electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

it('opens the Electron window on the pending list', async (t) => {
  const e = electronBinary();
  if ('reason' in e) return t.skip(e.reason);
  if (!fs.existsSync(nativeBinding)) return t.skip('better-sqlite3 is not built for Electron yet (run `npm start` once)');
  const app = await electron.launch({
    executablePath: e.bin,
    args: [ROOT, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, SHIPLOCK_DATA_DIR: tempDir('shiplock-electron-'), SHIPLOCK_STATION: '0' } as Record<string, string>,
  });
  try {
    const win = await app.firstWindow();
    await win.waitForSelector('[data-testid="total-count"]', { timeout: 30_000 });
    assert.match(await win.title(), /ShipLock/);
    const isolated = await win.evaluate(() => typeof (globalThis as { require?: unknown }).require === 'undefined');
    assert.ok(isolated, 'no Node in the renderer');
    await win.screenshot({ path: artifact('electron-first-screen.png') });
  } finally {
    await app.close();
  }
});
