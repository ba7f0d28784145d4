// `npm start`: opens the Electron window when the Electron binary is present (or can be fetched);
// otherwise starts station mode — the same services and UI on http://127.0.0.1:5317 — and says why.
//   node scripts/start.mjs            Electron if possible, else station mode
//   node scripts/start.mjs --station  station mode (supervised: restarted with backoff if it dies)
//   npm run station -- --show-secrets | --rotate stationToken | --set-pin   the station terminal's own actions
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';
import { electronNative } from './electron-native.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const stamp = path.join(root, 'dist', 'build-stamp.json');

function newestSource(dir) {
  let newest = 0;
  for (const f of fs.readdirSync(path.join(root, dir), { recursive: true })) {
    const st = fs.statSync(path.join(root, dir, String(f)));
    if (st.isFile()) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

async function ensureBuilt() {
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const src = Math.max(...['shared', 'electron', 'renderer'].map(newestSource));
  if (src > built) {
    console.log('Building ShipLock…');
    await buildAll({ quiet: true });
  }
}

/** The Electron binary if it is installed: read from path.txt, never via require('electron'), which downloads. */
function installedElectron(pkgDir) {
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

/** The Electron binary's path, fetching it once if the install script was skipped. Null + reason if unavailable. */
function electronBinary() {
  const pkgDir = path.dirname(require.resolve('electron/package.json'));
  let bin = installedElectron(pkgDir);
  if (bin) return { bin };
  if (process.env.SHIPLOCK_NO_ELECTRON_DOWNLOAD === '1') return { reason: 'Electron binary not installed' };
  console.log('Electron binary not installed; trying to fetch it once…');
  const r = spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], { cwd: pkgDir, encoding: 'utf8', timeout: 120_000 });
  bin = installedElectron(pkgDir);
  if (bin) return { bin };
  const why = `${r.stderr ?? ''}${r.stdout ?? ''}`.split('\n').find((l) => /error|fail|ENOTFOUND|ECONN|timed out/i.test(l));
  return { reason: `Electron binary not available${why ? `: ${why.trim().slice(0, 160)}` : ''}` };
}

/** Exit code with which the station says "don't restart me" (data folder held by another process, bad config). */
const EXIT_NO_RESTART = 78;
/** Arguments for the station's terminal actions (`npm run station -- --show-secrets`), run once, never supervised. */
const TERMINAL_ACTIONS = ['--show-secrets', '--rotate', '--set-pin'];

/**
 * Station mode under a supervisor: a station that dies (crash, out of memory, SIGKILL) is restarted with
 * exponential backoff (1 s … 60 s; reset after 5 minutes up), and the reason is logged each time.
 */
function runStation(reason) {
  const script = path.join(root, 'dist', 'electron', 'station.mjs');
  const passThrough = process.argv.slice(2).filter((a) => a !== '--station');
  if (passThrough.some((a) => TERMINAL_ACTIONS.includes(a))) {
    const child = spawn(process.execPath, [script, ...passThrough], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  let child = null;
  let stopping = false;
  let failures = 0;
  const forward = (sig) => {
    stopping = true;
    if (child) child.kill(sig);
    else process.exit(0);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const launch = () => {
    const args = [script];
    if (reason) args.push('--reason', reason);
    const started = Date.now();
    child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      child = null;
      if (stopping) return process.exit(code ?? 0);
      if (code === 0 || code === EXIT_NO_RESTART) return process.exit(code);
      if (Date.now() - started > 5 * 60_000) failures = 0;
      const wait = Math.min(60_000, 1000 * 2 ** failures++);
      const why = signal ? `killed by ${signal}` : `exit code ${code}`;
      console.error(`[${new Date().toISOString()}] ShipLock station stopped (${why}); restarting in ${wait / 1000} s…`);
      setTimeout(launch, wait);
    });
  };
  launch();
}

await ensureBuilt();
if (process.argv.includes('--station') || process.env.SHIPLOCK_MODE === 'station') {
  runStation('station mode requested');
} else {
  const e = electronBinary();
  const native = e.bin ? electronNative() : null;
  if (!e.bin) runStation(e.reason);
  else if (!native?.binding) runStation(native?.reason);
  else {
    const args = [root];
    if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox'); // Chromium refuses root otherwise
    const started = Date.now();
    const child = spawn(e.bin, args, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => {
      if (code && Date.now() - started < 10_000) runStation(`the Electron window could not open (exit ${code})`);
      else process.exit(code ?? 0);
    });
  }
}
