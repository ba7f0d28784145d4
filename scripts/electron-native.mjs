// better-sqlite3 built for Electron's ABI in .electron-native/, beside the Node build in node_modules
// that `npm test` uses, so `npm test` and `npm start` both work in any order.
//   node scripts/electron-native.mjs   builds it (needs Electron's headers from the network)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export function electronNative() {
  const target = path.join(root, '.electron-native', 'better-sqlite3');
  const binding = path.join(target, 'build', 'Release', 'better_sqlite3.node');
  const version = require('electron/package.json').version;
  const marker = path.join(target, 'electron-version');
  if (fs.existsSync(binding) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === version) return { binding };
  const src = path.dirname(require.resolve('better-sqlite3/package.json'));
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  for (const entry of ['package.json', 'binding.gyp', 'src', 'deps', 'lib']) {
    fs.cpSync(path.join(src, entry), path.join(target, entry), { recursive: true });
  }
  const gyp =
    process.env.npm_config_node_gyp ||
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  console.log(`Building better-sqlite3 for Electron ${version} (once)…`);
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^npm_config_nodedir$/i.test(k)) delete env[k];
  const r = spawnSync(
    process.execPath,
    [gyp, 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
    { cwd: target, env, stdio: 'inherit', timeout: 600_000 },
  );
  if (r.status !== 0 || !fs.existsSync(binding)) return { reason: 'could not build better-sqlite3 for Electron (headers not reachable?)' };
  fs.writeFileSync(marker, version);
  return { binding };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = electronNative();
  if (!r.binding) {
    console.error(r.reason);
    process.exit(1);
  }
  console.log(r.binding);
}
