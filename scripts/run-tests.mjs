// `npm test`: unit, integration, end-to-end (station mode in Debian's Chromium) and the Electron test,
// all on node's own test runner. `node scripts/run-tests.mjs unit integration` runs only those groups.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GROUPS = ['unit', 'integration', 'e2e', 'electron'];
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

if (groups.includes('e2e') || groups.includes('electron')) {
  console.log('building the app for the end-to-end tests…');
  await buildAll({ quiet: true });
}

const files = groups.flatMap(testFiles);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, SHIPLOCK_TEST: '1' } },
);
process.exit(r.status ?? 1);
