// The main-process services behind one handler map. Electron's IPC and the station HTTP server
// both call `dispatch`, so both transports share validation, behaviour and errors.
import crypto from 'node:crypto';
import { apiInputs, isMethod, type Handlers, type Method, type Output } from '../../shared/api/contract.js';
import { MAX_EVENTS_PER_REQUEST, parseEnvelope, type Envelope } from '../../shared/events.js';
import type { SettingsView } from '../../shared/settings.js';
import { openDatabase, SCHEMA_VERSION } from '../db/open.js';
import type { Db } from '../db/sql.js';
import { ingest, type IngestResult } from '../intake/events.js';
import { importFiles } from '../intake/imports.js';
import { verifySignature } from '../intake/signature.js';
import { getOrder, listOrders } from '../orders/query.js';
import { recomputeDerivedDeadlines } from '../orders/write.js';
import { SettingsService, type KeyValueStore } from '../settings/store.js';
import { ChangeBus } from './bus.js';
import { ApiError, fromZod, toApiError } from './errors.js';

export const APP_VERSION = '0.1.0';

export interface CoreOptions {
  dataDir: string;
  mode: 'electron' | 'station';
  settingsStore: KeyValueStore;
  /** SHIPLOCK_EVENT_SECRET; without it a generated secret is kept in settings. */
  eventSecret?: string;
  nativeBinding?: string;
  /** Injectable clock (tests run at any simulated time). */
  clock?: () => number;
  /** The station URL, once the HTTP server listens. */
  stationUrl?: () => string | null;
}

export interface Core {
  db: Db;
  bus: ChangeBus;
  settings: SettingsService;
  handlers: Handlers;
  now: () => number;
  dispatch<K extends Method>(method: K, input: unknown): Promise<Output<K>>;
  dispatchByName(method: string, input: unknown): Promise<unknown>;
  /** POST /api/events: signature check, validation, all-or-nothing store. */
  ingestSigned(rawBody: Buffer, headers: { timestamp?: string | null; signature?: string | null }): IngestResult;
  close(): void;
}

export function createCore(opts: CoreOptions): Core {
  const now = opts.clock ?? (() => Date.now());
  const db = openDatabase(opts.dataDir, { nativeBinding: opts.nativeBinding });
  const settings = new SettingsService(opts.settingsStore, { eventSecret: opts.eventSecret });
  const bus = new ChangeBus();
  let lastHours = JSON.stringify(settings.get().shipDeadlineHours);
  settings.onChange((s) => {
    const hours = JSON.stringify(s.shipDeadlineHours);
    if (hours !== lastHours) {
      lastHours = hours;
      if (db.tx(() => recomputeDerivedDeadlines(db, s.shipDeadlineHours)) > 0) bus.emit({ kind: 'orders.changed', tids: [] });
    }
    bus.emit({ kind: 'settings.changed' });
  });

  const viewCtx = () => {
    const s = settings.get();
    return { now: now(), privacyNumberDays: s.privacyNumberDays, windowMonths: s.defaultWindowMonths };
  };

  const settingsView = (): SettingsView => ({
    ...settings.get(),
    dataDir: opts.dataDir,
    eventSecret: settings.eventSecret,
    eventSecretFromEnv: settings.eventSecretFromEnv,
    stationUrl: opts.stationUrl?.() ?? null,
    stationToken: settings.stationToken,
  });

  const handlers: Handlers = {
    'app.health': () => ({ ok: true, version: APP_VERSION, mode: opts.mode, schemaVersion: SCHEMA_VERSION }),
    'orders.list': (input) => listOrders(db, input, viewCtx()),
    'orders.get': ({ tid }) => {
      const o = getOrder(db, tid, viewCtx());
      if (!o) throw new ApiError(404, 'not_found', `order ${tid} not found`, 'tid');
      return o;
    },
    'imports.run': ({ files }) => {
      const s = settings.get();
      const touched = new Set<string>();
      const importId = crypto.randomUUID();
      const result = importFiles(
        {
          db, now: now(), hours: s.shipDeadlineHours, timeZone: s.timeZone, touched,
          onProgress: (file, done, total) => bus.emit({ kind: 'import.progress', importId, file, done, total }),
        },
        files,
      );
      bus.ordersChanged(touched);
      return result;
    },
    'settings.get': () => settingsView(),
    'settings.update': (patch) => {
      settings.update(patch);
      return settingsView();
    },
  };

  async function dispatch<K extends Method>(method: K, input: unknown): Promise<Output<K>> {
    const parsed = apiInputs[method].safeParse(input ?? {});
    if (!parsed.success) throw fromZod(parsed.error);
    try {
      const handler = handlers[method] as (i: unknown) => Output<K> | Promise<Output<K>>;
      return await handler(parsed.data);
    } catch (e) {
      throw toApiError(e);
    }
  }

  function ingestSigned(rawBody: Buffer, headers: { timestamp?: string | null; signature?: string | null }): IngestResult {
    const check = verifySignature(settings.eventSecret, headers, rawBody, now());
    if (!check.ok) throw new ApiError(401, 'unauthorized', check.reason);
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch (e) {
      throw new ApiError(400, 'invalid_json', `body is not JSON: ${(e as Error).message}`, null);
    }
    const batch = Array.isArray(body);
    const raws = batch ? (body as unknown[]) : [body];
    if (raws.length === 0) throw new ApiError(400, 'invalid_event', 'empty batch', null);
    if (raws.length > MAX_EVENTS_PER_REQUEST) {
      throw new ApiError(400, 'invalid_event', `at most ${MAX_EVENTS_PER_REQUEST} events per request`, null);
    }
    const envs: Array<{ env: Envelope; raw: unknown }> = [];
    raws.forEach((raw, i) => {
      const r = parseEnvelope(raw, batch ? [i] : []);
      if (!r.ok) throw new ApiError(400, r.error.code, `${r.error.path}: ${r.error.message}`, r.error.path);
      envs.push({ env: r.value, raw });
    });
    const touched = new Set<string>();
    const result = db.tx(() => ingest({ db, now: now(), hours: settings.get().shipDeadlineHours, touched }, envs, 'http'));
    bus.ordersChanged(touched);
    return result;
  }

  return {
    db, bus, settings, handlers, now, dispatch, ingestSigned,
    dispatchByName: (method, input) => {
      if (!isMethod(method)) return Promise.reject(new ApiError(404, 'not_found', `no method ${method}`));
      return dispatch(method, input);
    },
    close: () => db.close(),
  };
}
