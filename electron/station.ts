// Station (browser) mode: the main-process services behind the local HTTP API, serving the same
// React UI to a browser. Used when the Electron binary is unavailable, and by other packing stations.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from './app/core.js';
import { defaultDataDir, readEnv } from './app/paths.js';
import { startStationServer } from './server/http.js';
import { openConfStore } from './settings/store.js';

export async function runStation(opts: { rendererDir: string; reason?: string }): Promise<void> {
  const env = readEnv();
  const dataDir = env.dataDir ?? defaultDataDir();
  let url: string | null = null;
  const core = createCore({
    dataDir,
    mode: 'station',
    settingsStore: openConfStore(dataDir),
    eventSecret: env.eventSecret,
    stationUrl: () => url,
  });
  const server = await startStationServer({ core, rendererDir: opts.rendererDir, host: env.host, port: env.port });
  url = server.url;
  const why = opts.reason ? ` (${opts.reason})` : '';
  console.log(`ShipLock station mode${why}: open ${server.url} — data in ${dataDir}`);
  const stop = () => {
    server.close().then(() => {
      core.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run directly: node dist/electron/station.mjs [--reason "..."]
const self = fileURLToPath(import.meta.url);
if (process.argv[1] && path.resolve(process.argv[1]) === self) {
  const i = process.argv.indexOf('--reason');
  const reason = i > 0 ? process.argv[i + 1] : undefined;
  runStation({ rendererDir: path.join(path.dirname(self), '..', 'renderer'), reason }).catch((e) => {
    console.error(`ShipLock could not start: ${(e as Error).message}`);
    process.exit(1);
  });
}
