// The composition root. It opens the store, builds each capability's handlers into one typed map
// (Electron's IPC and the station HTTP server both call `dispatch`, so both transports share validation,
// behaviour and errors), and wires the facts electron/orders/ announces to the capabilities that react:
//
//   order.arrived      → intake (replay waiting events), interception (decide waiting requests)
//   parcel.uploaded    → intake (replay waiting scans), interception (locked_line_shipped), checks (urge-ship clock)
//   parcel.picked_up   → interception (locked_line_shipped), checks (complete work orders)
//   lines.refunded     → interception (drop locks, refunded), checks (complete work orders)
//   order.closed       → interception (drop locks), checks (complete work orders)
//   order.changed      → checks (urge-ship clock follows the ship deadline)
//   order.platform_hold→ interception (a platform request for the whole order)
//   lines.locked/unlocked (from interception) → pick lists (需撤出)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Handlers, ImportResult, Method, Output } from '../../shared/api/contract.js';
import { apiInputs, isMethod } from '../../shared/api/contract.js';
import { MAX_EVENTS_PER_REQUEST, parseEnvelope, type Envelope } from '../../shared/events.js';
import { interceptionReady, interceptionSetup, type SettingsView } from '../../shared/settings.js';
import { alertsHandlers, openAlertCounts, raiseAlert, resolveAlert } from '../alerts/index.js';
import { CheckScheduler, JOBS, checksHandlers } from '../checks/index.js';
import { startCheckpointer } from '../db/checkpointer.js';
import { DB_FILE_NAME, openDatabase, SCHEMA_VERSION } from '../db/open.js';
import type { Db } from '../db/sql.js';
import {
  EventRejectedError,
  EventRouter,
  intakeHandlers,
  verifySignature,
  type IngestResult,
  type SavedMapping,
  type SourceFile,
} from '../intake/index.js';
import { expireWaiting, interceptionHandlers, openInterceptionCount } from '../interception/index.js';
import { listOrders, ordersHandlers, recomputeDerivedDeadlines, sealLegacyBuyerRows, startSearchIndexer } from '../orders/index.js';
import { OutboxDeliverer, outboxHandlers } from '../outbox/index.js';
import { packHandlers } from '../pack/index.js';
import { getBatch, pickListCsv, picklistHandlers, renderPrintView, slipsCsv, type DesktopPrinting } from '../picklist/index.js';
import { acquireDataDirLock, loadDataKey, openIfSealed, PinGuard, seal, SecretDesk, secureDataDir } from '../security/index.js';
import { SettingsService, settingsHandlers, type KeyValueStore } from '../settings/index.js';
import { ChangeBus } from './bus.js';
import type { CoreDeps, Vault, WriteContext } from './context.js';
import { ApiError, fromZod, toApiError } from './errors.js';
import { FactBus } from './facts.js';
import { runImportWorker } from './import-host.js';
import { wireWritePath } from './wiring.js';

export const APP_VERSION = '0.1.0';

/** Methods that only read: they answer during an import (from the last committed state). Every other method writes. */
const READ_ONLY = new Set<Method>([
  'app.health',
  'app.status',
  'settings.get',
  'alerts.list',
  'checks.status',
  'negotiations.list',
  'workorders.list',
  'interceptions.get',
  'interceptions.list',
  'interceptions.catchUpPreview',
  'mappings.list',
  'mappings.preview',
  'orders.counts',
  'orders.get',
  'orders.list',
  'outbox.list',
  'alarms.list',
  'pack.records',
  'pack.stats',
  'pack.scan',
  'batches.get',
  'batches.list',
  'printers.list',
]);

export interface CoreOptions {
  dataDir: string;
  mode: 'electron' | 'station';
  settingsStore: KeyValueStore;
  /** SHIPLOCK_EVENT_SECRET; without it a generated secret is kept in settings. */
  eventSecret?: string;
  /** SHIPLOCK_STATION_TOKEN; without it a generated token is kept in settings (rotatable). */
  stationToken?: string;
  /** The 32-byte key that seals data at rest; default: SHIPLOCK_DATA_KEY or the key file (security/keys.ts). */
  dataKey?: Buffer;
  nativeBinding?: string;
  /** Injectable clock (tests run at any simulated time). */
  clock?: () => number;
  /** The station URL, once the HTTP server listens. */
  stationUrl?: () => string | null;
  /** Run timers (the check scheduler, outbox delivery). Tests drive them by hand. */
  timers?: boolean;
  fetch?: typeof fetch;
  /** Handlers only the desktop app has (printing through Electron); elsewhere they answer 501. */
  desktop?: DesktopPrinting;
  /** WAL checkpoints in a worker thread instead of inside commits (default on). */
  checkpointer?: boolean;
  /** Import worker options (tests: a smaller heap cap, a hook on the worker). */
  importWorker?: Omit<NonNullable<Parameters<typeof runImportWorker>[2]>, 'grant'>;
}

export interface Core {
  db: Db;
  bus: ChangeBus;
  facts: FactBus;
  settings: SettingsService;
  handlers: Handlers;
  now: () => number;
  dispatch<K extends Method>(method: K, input: unknown): Promise<Output<K>>;
  dispatchByName(method: string, input: unknown): Promise<unknown>;
  /** POST /api/events: signature check, validation, all-or-nothing store. */
  ingestSigned(rawBody: Buffer, headers: { timestamp?: string | null; signature?: string | null }): IngestResult;
  /** Settles when the last import's worker has indexed its orders for search (or stopped); at once when none is. */
  importIndexed(): Promise<void>;
  /** Runs fn in one transaction with a write context, then pushes the changed orders. */
  write<T>(fn: (ctx: WriteContext) => T): T;
  scheduler: CheckScheduler;
  /** A batch as a print view (HTML) or CSV export; masked values only. */
  renderBatch(
    batchNo: string,
    format: 'html' | 'picklist.csv' | 'slips.csv',
    opts?: {
      kind?: 'picklist' | 'slips' | 'all';
      size?: 'A4' | 'label';
      locale?: 'zh-CN' | 'en';
      showPrice?: boolean;
      showShop?: boolean;
    },
  ): string;
  deliverer: OutboxDeliverer;
  /** The data key (sealing of buyer_private and the event log). */
  dataKey: Buffer;
  /** Where the station server streams uploads (private temp files, deleted after each request). */
  uploadDir: string;
  /** The supervisor PIN guard and the audited secrets desk (desktop IPC and the station terminal only). */
  security: { pin: PinGuard; secrets: SecretDesk };
  close(): void;
}

export function createCore(opts: CoreOptions): Core {
  const now = opts.clock ?? (() => Date.now());
  const dataKey = opts.dataKey ?? loadDataKey({ dataDir: opts.dataDir }).key; // fails fast on a bad SHIPLOCK_DATA_KEY
  secureDataDir(opts.dataDir, { precreate: [DB_FILE_NAME] }); // 0700 folder, 0600 files (-wal/-shm inherit the db's mode)
  const instanceLock = acquireDataDirLock(opts.dataDir); // one process per data folder
  let db: Db;
  try {
    db = openDatabase(opts.dataDir, { nativeBinding: opts.nativeBinding });
  } catch (e) {
    instanceLock.release();
    throw e;
  }
  const vault: Vault = {
    seal: (plain, aad) => seal(dataKey, plain, aad),
    open: (value, aad) => openIfSealed(dataKey, value, aad),
  };
  // Buyer rows from before sealing (an upgraded store) are sealed once, before anything else runs; VACUUM then
  // rewrites the file so no free page keeps the old plaintext (secure_delete covers deletions from now on).
  if (db.tx(() => sealLegacyBuyerRows(db, vault)) > 0) db.raw.exec('VACUUM');
  // Uploads a crashed station left behind are deleted before anything else (they may hold buyers' data).
  const uploadDir = path.join(opts.dataDir, 'uploads');
  fs.rmSync(uploadDir, { recursive: true, force: true });
  const checkpointer = opts.checkpointer === false ? null : startCheckpointer(db, { nativeBinding: opts.nativeBinding });
  const settings = new SettingsService(opts.settingsStore, { eventSecret: opts.eventSecret, stationToken: opts.stationToken });
  const bus = new ChangeBus();
  const pins = new PinGuard({
    kv: opts.settingsStore,
    db,
    now,
    onLockout: (detail) => {
      if (raiseAlert(db, { tid: 'station', kind: 'pin_bruteforce', severity: 'critical', now: now(), detail }))
        bus.emit({ kind: 'alerts.changed', critical: [{ tid: 'station', kind: 'pin_bruteforce', detail }] });
    },
    onRecovered: () => resolveAlert(db, 'station', 'pin_bruteforce', now()) && bus.emit({ kind: 'alerts.changed', critical: [] }),
  });
  const secrets = new SecretDesk({ source: settings, db, now });
  const facts = new FactBus();
  const router = new EventRouter();

  let lastHours = JSON.stringify(settings.get().shipDeadlineHours);
  settings.onChange((s) => {
    const hours = JSON.stringify(s.shipDeadlineHours);
    if (hours !== lastHours) {
      lastHours = hours;
      if (db.tx(() => recomputeDerivedDeadlines(db, s.shipDeadlineHours)) > 0) bus.emit({ kind: 'orders.changed', tids: [] });
    }
    bus.emit({ kind: 'settings.changed' });
  });

  function write<T>(fn: (ctx: WriteContext) => T): T {
    const ctx: WriteContext = { db, now: now(), settings: settings.get(), facts, touched: new Set(), vault };
    const out = db.tx(() => fn(ctx));
    bus.ordersChanged(ctx.touched);
    return out;
  }

  const deps: CoreDeps = {
    db,
    now,
    settings: () => settings.get(),
    write,
    viewCtx: () => {
      const s = settings.get();
      return { now: now(), privacyNumberDays: s.privacyNumberDays, windowMonths: s.defaultWindowMonths };
    },
    actor: (by) => by ?? settings.get().stationName,
  };

  // Facts → subscribers and event types → appliers: the write path (the import worker builds the same one).
  wireWritePath(facts, router);

  const scheduler = new CheckScheduler({
    db,
    now,
    write,
    settings: () => settings.get(),
    jobs: { ...JOBS, interception_wait: (ctx) => ({ job: 'interception_wait', candidates: expireWaiting(ctx), raised: [], resolved: 0 }) },
    onResults: (results) => {
      const critical = results.flatMap((r) => r.raised).map((a) => ({ tid: a.tid, kind: a.kind, detail: a.detail }));
      if (results.some((r) => r.raised.length || r.resolved)) bus.emit({ kind: 'alerts.changed', critical });
    },
  });
  settings.onChange(() => scheduler.invalidate());

  /** Import workers still indexing their orders for search (after their answer). */
  const indexing = new Set<{ done: Promise<void>; stop(): void }>();
  const allIndexed = () => Promise.all([...indexing].map((i) => i.done)).then(() => undefined);
  /**
   * A file import, in the import worker (its own connection, one transaction; app/import-host.ts). One at a
   * time: the gate closes for its whole run, so main-thread writes wait for the commit (dispatch, POST
   * /api/events) or skip their tick (checks, search index, outbox) instead of blocking the event loop on the
   * worker's write lock; a write that slips through fails at once (busy_timeout 0). After the commit the
   * changed orders are pushed as before (and the pushes derived from them: interception.new, alerts), the
   * gate opens, and the worker indexes the imported orders for search, batch by batch (`indexing`).
   */
  async function runImport(files: SourceFile[], mapping: SavedMapping | null): Promise<ImportResult> {
    // A previous import's worker may still be indexing for search: this import starts after it (its one long
    // transaction would hold up those batches). Waited for outside the gate, which each of its batches takes.
    while (indexing.size) await allIndexed();
    return db.exclusive(async () => {
      const importId = crypto.randomUUID();
      const { result, touched, indexed, stop } = await runImportWorker(
        {
          dbFile: db.raw.name,
          nativeBinding: opts.nativeBinding ?? null,
          dataKey: dataKey,
          now: now(),
          settings: settings.get(),
          eventSecret: settings.eventSecret,
          files,
          mapping,
        },
        (file, done, total) => bus.emit({ kind: 'import.progress', importId, file, done, total }),
        {
          ...opts.importWorker,
          // Each search-indexing batch after the answer holds the gate, like the import: writes meanwhile wait
          // for that one batch (or skip a tick), never on the worker's write lock.
          grant: (batch) => db.exclusive(batch),
        },
      );
      // Answered at the commit; the worker goes on indexing what it imported (import-worker.ts), gate open.
      const current = { done: indexed, stop };
      indexing.add(current);
      void indexed.then(() => indexing.delete(current));
      bus.ordersChanged(touched);
      return result;
    });
  }

  const settingsView = (): SettingsView => ({
    ...settings.get(),
    dataDir: opts.dataDir,
    eventSecretFromEnv: settings.eventSecretFromEnv,
    stationUrl: opts.stationUrl?.() ?? null,
    stationTokenFromEnv: settings.fromEnv('stationToken'),
    supervisorPinSet: pins.isSet(),
  });

  const handlers = {
    'app.health': () => ({ ok: true as const, version: APP_VERSION, mode: opts.mode, schemaVersion: SCHEMA_VERSION }),
    'app.status': () => {
      const alerts = openAlertCounts(db, now());
      return {
        interceptionReady: interceptionReady(settings.get()),
        interceptionSetup: interceptionSetup(settings.get()),
        pendingOrders: listOrders(db, { view: 'pending', includeOlder: false, limit: 1 }, deps.viewCtx()).total,
        openInterceptions: openInterceptionCount(db),
        openAlerts: alerts.open,
        criticalAlerts: alerts.critical,
      };
    },
    ...settingsHandlers(settings, settingsView),
    ...ordersHandlers(deps, { pin: pins, onPinChanged: () => bus.emit({ kind: 'settings.changed' }) }),
    ...intakeHandlers(deps, { runImport }),
    ...interceptionHandlers(deps),
    ...packHandlers({ ...deps, bus }),
    ...alertsHandlers({ ...deps, bus }),
    ...outboxHandlers(deps),
    ...picklistHandlers(deps, opts.desktop),
    ...checksHandlers(deps, scheduler),
  } satisfies Handlers;

  async function dispatch<K extends Method>(method: K, input: unknown): Promise<Output<K>> {
    const parsed = apiInputs[method].safeParse(input ?? {});
    if (!parsed.success) throw fromZod(parsed.error);
    // Writes wait (asynchronously, in arrival order) while an import holds the store; reads never do.
    if (!READ_ONLY.has(method) && method !== 'imports.run') await db.gate.whenOpen();
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
    try {
      return write((ctx) => router.ingest(ctx, envs, 'http'));
    } catch (e) {
      if (e instanceof EventRejectedError) {
        const path = `${batch ? `[${e.index}].` : ''}${e.field}`;
        throw new ApiError(400, 'invalid_event', `${path}: ${e.message}`, path);
      }
      throw e;
    }
  }

  const deliverer = new OutboxDeliverer({
    db,
    now,
    url: () => settings.get().outboxUrl,
    secret: () => settings.outboxKey,
    fetch: opts.fetch,
  });
  // It waits while an import's worker indexes: two connections draining one queue would only contend.
  const searchIndexer = opts.timers !== false ? startSearchIndexer(db, { paused: () => indexing.size > 0 }) : null;
  if (opts.timers !== false) {
    scheduler.start();
    deliverer.start();
    let schedules = JSON.stringify([settings.get().checkSchedules, settings.get().timeZone]);
    settings.onChange((s) => {
      const next = JSON.stringify([s.checkSchedules, s.timeZone]);
      if (next !== schedules) {
        schedules = next;
        scheduler.schedule();
      }
    });
  }

  return {
    db,
    bus,
    facts,
    settings,
    handlers,
    now,
    dispatch,
    ingestSigned,
    write,
    deliverer,
    scheduler,
    dataKey,
    uploadDir,
    security: { pin: pins, secrets },
    renderBatch: (batchNo, format, o = {}) => {
      const parsed = apiInputs['batches.get'].safeParse({ batchNo });
      if (!parsed.success) throw fromZod(parsed.error);
      const b = getBatch(db, parsed.data.batchNo, deps.viewCtx());
      if (format === 'picklist.csv') return pickListCsv(b);
      if (format === 'slips.csv') return slipsCsv(b);
      const s = settings.get();
      return renderPrintView(b, {
        kind: o.kind ?? 'all',
        size: o.size ?? s.slipSize,
        timeZone: s.timeZone,
        printedAt: b.printedAt ?? now(),
        locale: o.locale ?? s.locale,
        showPrice: o.showPrice ?? s.print.showPrice,
        showShop: o.showShop ?? s.print.showShop,
      });
    },
    dispatchByName: (method, input) => {
      if (!isMethod(method)) return Promise.reject(new ApiError(404, 'not_found', `no method ${method}`));
      return dispatch(method, input);
    },
    importIndexed: allIndexed,
    close: () => {
      // An import's worker still indexing stops; the batch it was in rolls back and stays queued.
      for (const i of indexing) i.stop();
      scheduler.stop();
      deliverer.stop();
      searchIndexer?.stop();
      checkpointer?.stop();
      db.close();
      instanceLock.release();
    },
  };
}
