// Issue #9: the station terminal is where the machine's owner sees and rotates secrets and sets the first PIN;
// `npm run station` restarts a station that died, with backoff, and logs why.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const STATION_TS = path.join(ROOT, 'electron', 'station.ts');

function envFor(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['SHIPLOCK_STATION_TOKEN', 'SHIPLOCK_EVENT_SECRET', 'SHIPLOCK_SUPERVISOR_PIN']) delete env[k];
  return { ...env, SHIPLOCK_DATA_DIR: dataDir, SHIPLOCK_PORT: '0', SHIPLOCK_KEY_DIR: `${dataDir}-keys`, ...extra };
}

const terminal = (dataDir: string, args: string[], extra: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', STATION_TS, ...args], {
    cwd: ROOT,
    env: envFor(dataDir, extra),
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('station terminal actions', () => {
  it('--show-secrets, --rotate and --set-pin work on the station computer, audited', () => {
    const dir = tempDir('shiplock-term-');
    const shown = terminal(dir, ['--show-secrets']);
    assert.equal(shown.status, 0, shown.stderr);
    const token = /stationToken (\S+)/.exec(shown.stdout)![1]!;
    assert.match(shown.stdout, /eventSecret {2}\S{16,}/);
    const rotated = terminal(dir, ['--rotate', 'stationToken']);
    assert.equal(rotated.status, 0, rotated.stderr);
    const next = /New value: (\S+)/.exec(rotated.stdout)![1]!;
    assert.notEqual(next, token);
    assert.match(terminal(dir, ['--show-secrets']).stdout, new RegExp(`stationToken ${next}`));
    const pin = terminal(dir, ['--set-pin'], { SHIPLOCK_SUPERVISOR_PIN: '135790' });
    assert.equal(pin.status, 0, pin.stderr);
    const bad = terminal(dir, ['--set-pin'], { SHIPLOCK_SUPERVISOR_PIN: '12' });
    assert.notEqual(bad.status, 0);
    const settings = JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(typeof settings.supervisorPinHash, 'string');
    assert.ok(!String(settings.supervisorPinHash).includes('135790'));
  });
});

describe('station supervisor (scripts/start.mjs)', () => {
  it(
    'restarts a station that was killed, logging why; prints the login URL and a generated token once',
    { timeout: 120_000 },
    async (t) => {
      if (!fs.existsSync(path.join(ROOT, 'dist', 'electron', 'station.mjs'))) return t.skip('the app is not built (npm run build)');
      const dir = tempDir('shiplock-super-');
      const sup = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), '--station'], {
        cwd: ROOT,
        env: envFor(dir, { SHIPLOCK_NO_ELECTRON_DOWNLOAD: '1' }),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: false,
      });
      let out = '';
      sup.stdout.on('data', (b: Buffer) => (out += b));
      sup.stderr.on('data', (b: Buffer) => (out += b));
      const waitFor = async (re: RegExp, ms = 60_000) => {
        const end = Date.now() + ms;
        while (!re.test(out)) {
          if (Date.now() > end) throw new Error(`timed out waiting for ${re}:\n${out}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      try {
        // The login URL and the token line are separate writes that reach us through the supervisor's pipe, so
        // wait for the line after the login URL too (a chunk boundary between them once failed CI).
        await waitFor(/Login URL[^\n]*\?token=t[^\n]*\n(Station token|Scripts:)[^\n]*\n/);
        assert.match(out, /Station token \(shown once[^\n]*: \S{16,}/, 'a generated token is printed at the first start');
        const pid = Number(fs.readFileSync(path.join(dir, 'shiplock.lock'), 'utf8').trim());
        process.kill(pid, 'SIGKILL');
        await waitFor(/stopped \(killed by SIGKILL\); restarting in 1 s/);
        const before = out.match(/Login URL/g)!.length;
        await waitFor(new RegExp(`(Login URL[\\s\\S]*){${before + 1}}`));
        assert.ok(!/Station token \(shown once[\s\S]*Station token \(shown once/.test(out), 'the token is shown only once');
        const url = /open (http:\/\/\S+)/.exec(out.slice(out.lastIndexOf('open http')))![1]!;
        assert.equal((await fetch(`${url}/api/health`)).status, 200, 'the restarted station answers');
      } finally {
        sup.kill('SIGTERM');
        await new Promise((r) => sup.once('exit', r));
      }
    },
  );
});
