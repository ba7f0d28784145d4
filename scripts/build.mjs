// Builds everything `npm start` runs: the renderer (Vite) and the main process, preload and station
// entry (esbuild). Native modules and Electron stay external.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'electron');

export async function buildAll({ quiet = false } = {}) {
  const vite = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', quiet ? 'warn' : 'info'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (vite.status !== 0) throw new Error('renderer build failed');
  fs.mkdirSync(out, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: quiet ? 'warning' : 'info',
    // unzipper's Open.s3_v3 requires the AWS SDK only when called; ShipLock opens buffers, never S3 objects.
    external: ['electron', 'better-sqlite3', '@aws-sdk/client-s3'],
  };
  // ESM bundles still meet CommonJS dependencies that call require(): give them one.
  const esmBanner = {
    js: "import { createRequire as __shiplockCreateRequire } from 'node:module'; const require = __shiplockCreateRequire(import.meta.url);",
  };
  await build({
    ...common,
    format: 'esm',
    banner: esmBanner,
    // The import worker is its own entry: worker_threads loads it next to main.mjs / station.mjs.
    entryPoints: { main: 'electron/main.ts', station: 'electron/station.ts', 'import-worker': 'electron/app/import-worker.ts' },
    outdir: out,
    outExtension: { '.js': '.mjs' },
  });
  await build({ ...common, format: 'cjs', entryPoints: { preload: 'electron/preload.ts' }, outdir: out, outExtension: { '.js': '.cjs' } });
  fs.writeFileSync(path.join(root, 'dist', 'build-stamp.json'), JSON.stringify({ at: new Date().toISOString() }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildAll().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
