// `npm test`: unit, integration, security (attacks reproduced and refused), end-to-end (station mode in Debian's Chromium) and the Electron test,
// all on node's own test runner. `node scripts/run-tests.mjs unit integration` runs only those groups.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GROUPS = ['unit', 'integration', 'security', 'e2e', 'electron'];
const asked = process.argv.slice(2).filter((a) => GROUPS.includes(a));
const groups = asked.length ? asked : GROUPS;

function testFiles(dir) {
  const full = path.join(root, 'test', dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => path.join('test', dir, f));
}

/** On a fresh Debian machine the browser suite needs Chromium and CJK fonts: install them when we can. */
function ensureBrowserPackages() {
  const chromium = process.env.SHIPLOCK_CHROMIUM || '/usr/bin/chromium';
  const fonts = fs.existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
  if ((fs.existsSync(chromium) && fonts) || process.env.SHIPLOCK_NO_APT === '1') return;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' });
  if (apt.status !== 0 || process.getuid?.() !== 0) {
    console.warn(`Chromium or CJK fonts missing and not installable here: apt-get install -y chromium fonts-noto-cjk poppler-utils`);
    return;
  }
  console.log('installing Chromium, CJK fonts and poppler-utils from Debian (once)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-cjk', 'poppler-utils'], {
    stdio: 'inherit',
    env,
  });
}

// Lint first (whole runs only): an import cycle or a layer-boundary violation fails `npm test`, and so does
// code Prettier would reformat.
if (!asked.length) {
  console.log('lint: eslint (import cycles, layer boundaries, react hooks) and prettier --check…');
  const bin = (name) => path.join(root, 'node_modules', '.bin', name);
  for (const [cmd, args] of [
    [bin('eslint'), ['.']],
    [bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  ]) {
    const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`lint failed: ${path.basename(cmd)} ${args.join(' ')}`);
      process.exit(r.status ?? 1);
    }
  }
}

if (groups.includes('e2e') || groups.includes('electron') || groups.includes('security')) {
  ensureBrowserPackages();
  console.log('building the app for the end-to-end tests…');
  await buildAll({ quiet: true });
}

const files = groups.flatMap(testFiles);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  // Key files of test stations go to a temp folder, never into the user's ~/.config/ShipLock-keys.
  env: {
    ...process.env,
    SHIPLOCK_TEST: '1',
    SHIPLOCK_KEY_DIR: process.env.SHIPLOCK_KEY_DIR || path.join(os.tmpdir(), 'shiplock-test-keys'),
  },
});
process.exit(r.status ?? 1);
