// A real core on a real SQLite file in a temp folder, with an injectable clock.
import { createCore, type Core, type CoreOptions } from '../../electron/app/core.js';
import { openConfStore } from '../../electron/settings/store.js';
import { sign } from '../../electron/intake/signature.js';
import { tempDir } from './fixtures.js';

export const SECRET = 'test-secret-0123456789abcdef';
/** The station token every test core / station uses (Authorization: Bearer …, or `/?token=` in a browser). */
export const STATION_TOKEN = 'test-station-token-0123456789abcdef';
/** A fixed data key, so tests never write key files into the home folder. */
export const DATA_KEY = Buffer.alloc(32, 7);

/** fetch with the station token as a Bearer credential (what scripts do). */
export function authFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${STATION_TOKEN}`);
  return fetch(url, { ...init, headers });
}

export interface TestCore extends Core {
  dataDir: string;
  setNow(ms: number): void;
  /** Posts events through the same signed path as POST /api/events. */
  postEvents(body: unknown, opts?: { secret?: string; timestamp?: number }): ReturnType<Core['ingestSigned']>;
}

export function makeCore(
  opts: {
    now?: number;
    dataDir?: string;
    stationToken?: string | null;
    importWorker?: CoreOptions['importWorker'];
    /**
     * `imports.run` resolves once its worker has also indexed the orders for search (default). The app answers
     * at the commit and indexes after, holding the write gate batch by batch; a test's synchronous write right
     * after an import (postEvents, write) would otherwise meet a batch and be refused (503).
     */
    waitForIndexing?: boolean;
  } = {},
): TestCore {
  const dataDir = opts.dataDir ?? tempDir();
  let now = opts.now ?? Date.parse('2026-11-11T12:00:00+08:00');
  const core = createCore({
    dataDir,
    mode: 'station',
    settingsStore: openConfStore(dataDir),
    eventSecret: SECRET,
    stationToken: opts.stationToken === null ? undefined : (opts.stationToken ?? STATION_TOKEN),
    dataKey: DATA_KEY,
    clock: () => now,
    timers: false,
    ...(opts.importWorker ? { importWorker: opts.importWorker } : {}),
  });
  const dispatch = core.dispatch.bind(core);
  return Object.assign(core, {
    dataDir,
    ...(opts.waitForIndexing === false
      ? {}
      : {
          dispatch: (async (method, input) => {
            const out = await dispatch(method, input);
            if (method === 'imports.run') await core.importIndexed();
            return out;
          }) as Core['dispatch'],
        }),
    setNow: (ms: number) => {
      now = ms;
    },
    postEvents: (body: unknown, o: { secret?: string; timestamp?: number } = {}) => {
      const raw = Buffer.from(JSON.stringify(body));
      const ts = o.timestamp ?? Math.floor(now / 1000);
      return core.ingestSigned(raw, { timestamp: String(ts), signature: sign(o.secret ?? SECRET, ts, raw) });
    },
  });
}
