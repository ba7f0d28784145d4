// Station (browser) mode: the main-process services behind the local HTTP API, serving the same
// React UI to a browser. Used when the Electron binary is unavailable, and by other packing stations.
//
//   node dist/electron/station.mjs [--reason "..."]      serve (prints a one-time login URL)
//   node dist/electron/station.mjs --show-secrets        print the event secret, station token, outbox key (audited)
//   node dist/electron/station.mjs --rotate stationToken  replace a secret (eventSecret | stationToken | outboxKey)
//   node dist/electron/station.mjs --set-pin              set / reset the supervisor PIN (from SHIPLOCK_SUPERVISOR_PIN or stdin)
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from './app/core.js';
import { defaultDataDir, readEnv } from './app/paths.js';
import { DataDirLockedError, SECRET_NAMES, type SecretName } from './security/index.js';
import { startStationServer } from './server/http.js';
import { openConfStore } from './settings/store.js';

/** Exit code for "do not restart me" (another process holds the data folder, bad configuration). */
export const EXIT_NO_RESTART = 78;

function openCore(opts: { timers: boolean; stationUrl?: () => string | null }): { core: Core; dataDir: string } {
  const env = readEnv();
  const dataDir = env.dataDir ?? defaultDataDir();
  const core = createCore({
    dataDir,
    mode: 'station',
    settingsStore: openConfStore(dataDir),
    eventSecret: env.eventSecret,
    stationToken: env.stationToken,
    stationUrl: opts.stationUrl,
    timers: opts.timers,
    checkpointer: opts.timers,
  });
  return { core, dataDir };
}

export async function runStation(opts: { rendererDir: string; reason?: string }): Promise<void> {
  const env = readEnv();
  let url: string | null = null;
  const { core, dataDir } = openCore({ timers: true, stationUrl: () => url });
  if (env.supervisorPin && !core.security.pin.isSet()) {
    await core.security.pin.setInitial(env.supervisorPin, 'terminal', 'env');
    console.log('Supervisor PIN set from SHIPLOCK_SUPERVISOR_PIN.');
  }
  const server = await startStationServer({
    core,
    rendererDir: opts.rendererDir,
    host: env.host,
    port: env.port,
    allowedHosts: env.allowedHosts,
    accessLogFile: path.join(dataDir, 'access.log'),
  });
  url = server.url;
  const why = opts.reason ? ` (${opts.reason})` : '';
  console.log(`ShipLock station mode${why}: open ${server.url} — data in ${dataDir}`);
  console.log(`Login URL (one-time, sets a session cookie in that browser): ${server.loginUrl()}`);
  if (core.settings.generated.stationToken && !env.stationToken) {
    console.log(`Station token (shown once; scripts send "Authorization: Bearer <token>"): ${core.settings.stationToken}`);
  } else {
    console.log('Scripts: Authorization: Bearer <station token> (SHIPLOCK_STATION_TOKEN, or `npm run station -- --show-secrets`).');
  }
  if (!core.security.pin.isSet()) console.log('No supervisor PIN yet: set SHIPLOCK_SUPERVISOR_PIN or run `npm run station -- --set-pin`.');
  const stop = () => {
    server.close().then(() => {
      core.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function readPin(): Promise<string> {
  if (process.env.SHIPLOCK_SUPERVISOR_PIN) return process.env.SHIPLOCK_SUPERVISOR_PIN;
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  try {
    return await new Promise((resolve, reject) => {
      rl.once('close', () => reject(new Error('no PIN given (set SHIPLOCK_SUPERVISOR_PIN or type it)')));
      rl.question('New supervisor PIN (6–12 digits) / 新主管密码: ', (a) => resolve(a.trim()));
    });
  } finally {
    rl.close();
  }
}

/** The terminal's own actions (the machine owner): never reachable over HTTP. */
export async function runTerminalAction(argv: string[]): Promise<boolean> {
  const show = argv.includes('--show-secrets');
  const ri = argv.indexOf('--rotate');
  const setPin = argv.includes('--set-pin');
  if (!show && ri < 0 && !setPin) return false;
  const { core } = openCore({ timers: false });
  try {
    if (ri >= 0) {
      const name = argv[ri + 1] as SecretName;
      if (!SECRET_NAMES.includes(name)) throw new Error(`--rotate needs one of ${SECRET_NAMES.join(', ')}`);
      console.log(`${name} rotated. New value: ${core.security.secrets.rotate(name, 'terminal', 'terminal')}`);
      if (name === 'stationToken') console.log('Every browser session and script using the old token must sign in again.');
    }
    if (setPin) {
      await core.security.pin.reset(await readPin(), 'terminal', 'terminal');
      console.log('Supervisor PIN set. 主管密码已设置。');
    }
    if (show) {
      const s = core.security.secrets.reveal('terminal', 'terminal');
      console.log(`eventSecret  ${s.eventSecret}${s.fromEnv.eventSecret ? '  (SHIPLOCK_EVENT_SECRET)' : ''}`);
      console.log(`stationToken ${s.stationToken}${s.fromEnv.stationToken ? '  (SHIPLOCK_STATION_TOKEN)' : ''}`);
      console.log(`outboxKey    ${s.outboxKey}`);
    }
  } finally {
    core.close();
  }
  return true;
}

// Run directly: node dist/electron/station.mjs [--reason "..."]
const self = fileURLToPath(import.meta.url);
if (process.argv[1] && path.resolve(process.argv[1]) === self) {
  const i = process.argv.indexOf('--reason');
  const reason = i > 0 ? process.argv[i + 1] : undefined;
  runTerminalAction(process.argv.slice(2))
    .then((done) => (done ? process.exit(0) : runStation({ rendererDir: path.join(path.dirname(self), '..', 'renderer'), reason })))
    .catch((e) => {
      console.error(`ShipLock could not start: ${(e as Error).message}`);
      const noRestart = e instanceof DataDirLockedError || (e as { status?: number }).status === 400;
      process.exit(noRestart ? EXIT_NO_RESTART : 1);
    });
}
