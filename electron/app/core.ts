// The main-process services behind one handler map. Electron's IPC and the station HTTP server
// both call `dispatch`, so both transports share validation, behaviour and errors.
import crypto from 'node:crypto';
import { apiInputs, isMethod, type Handlers, type Method, type Output } from '../../shared/api/contract.js';
import { MAX_EVENTS_PER_REQUEST, parseEnvelope, type Envelope } from '../../shared/events.js';
import { interceptionReady, interceptionSetup, type SettingsView } from '../../shared/settings.js';
import { startCheckpointer } from '../db/checkpointer.js';
import { openDatabase, SCHEMA_VERSION } from '../db/open.js';
import { sql, type Db } from '../db/sql.js';
import { alertHandlers, openAlertCounts } from '../alerts/handlers.js';
import { orderHandlers, startSearchIndexer } from '../orders/handlers.js';
import { EventRejectedError, ingest, type IngestResult } from '../intake/events.js';
import { getInterception, listInterceptions, openInterceptionCount } from '../interception/query.js';
import * as interception from '../interception/service.js';
import { CheckScheduler } from '../checks/scheduler.js';
import * as checks from '../checks/workorders.js';
import { OutboxDeliverer } from '../outbox/deliver.js';
import { readOutbox } from '../outbox/outbox.js';
import { pinIsSet, reveal, setSupervisorPin } from '../orders/reveal.js';
import { markShipped } from '../orders/ship.js';
import { scan } from '../pack/scan.js';
import { createBatch, getBatch, listBatches, markPrinted, withdrawLine } from '../picklist/batches.js';
import { pickListCsv, renderPrintView, slipsCsv } from '../picklist/print.js';
import { importFiles } from '../intake/imports.js';
import { verifySignature } from '../intake/signature.js';
import { getOrder, listOrders } from '../orders/query.js';
import { recomputeDerivedDeadlines } from '../orders/write.js';
import { SettingsService, type KeyValueStore } from '../settings/store.js';
import { ChangeBus } from './bus.js';
import type { WriteContext } from './context.js';
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
  /** Run timers (the check scheduler, outbox delivery). Tests drive them by hand. */
  timers?: boolean;
  fetch?: typeof fetch;
  /** Handlers only the desktop app has (printing through Electron); elsewhere they answer 501. */
  desktop?: Partial<Pick<Handlers, 'batches.exportPdf' | 'batches.print' | 'printers.list'>>;
  /** WAL checkpoints in a worker thread instead of inside commits (default on). */
  checkpointer?: boolean;
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
  close(): void;
}

export function createCore(opts: CoreOptions): Core {
  const now = opts.clock ?? (() => Date.now());
  const db = openDatabase(opts.dataDir, { nativeBinding: opts.nativeBinding });
  const checkpointer = opts.checkpointer === false ? null : startCheckpointer(db, { nativeBinding: opts.nativeBinding });
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

  function write<T>(fn: (ctx: WriteContext) => T): T {
    const ctx: WriteContext = { db, now: now(), settings: settings.get(), touched: new Set() };
    const out = db.tx(() => fn(ctx));
    bus.ordersChanged(ctx.touched);
    return out;
  }

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
    supervisorPinSet: pinIsSet(opts.settingsStore),
  });

  const stationActor = (by?: string) => by ?? settings.get().stationName;
  function desktopOnly<K extends 'batches.exportPdf' | 'batches.print' | 'printers.list'>(name: K): Handlers[K] {
    return (opts.desktop?.[name] ??
      (() => {
        throw new ApiError(501, 'desktop_only', '只有桌面版可以直接打印或导出 PDF;站点模式请用打印视图(浏览器打印 / 另存为 PDF)');
      })) as Handlers[K];
  }
  const mustGetInterception = (requestId: string) => {
    const v = getInterception(db, requestId);
    if (!v) throw new ApiError(404, 'not_found', `interception ${requestId} not found`, 'requestId');
    return v;
  };
  const mustGetOrder = (tid: string) => {
    const o = getOrder(db, tid, viewCtx());
    if (!o) throw new ApiError(404, 'not_found', `order ${tid} not found`, 'tid');
    return o;
  };

  const handlers: Handlers = {
    'app.health': () => ({ ok: true, version: APP_VERSION, mode: opts.mode, schemaVersion: SCHEMA_VERSION }),
    'app.status': () => {
      const alerts = openAlertCounts(db, now());
      return {
        interceptionReady: interceptionReady(settings.get()),
        interceptionSetup: interceptionSetup(settings.get()),
        pendingOrders: listOrders(db, { view: 'pending', includeOlder: false, limit: 1 }, viewCtx()).total,
        openInterceptions: openInterceptionCount(db),
        openAlerts: alerts.open,
        criticalAlerts: alerts.critical,
      };
    },
    'orders.list': (input) => listOrders(db, input, viewCtx()),
    'orders.get': ({ tid }) => mustGetOrder(tid),
    'orders.markShipped': ({ by, ...m }) => {
      write((ctx) => markShipped(ctx, m, stationActor(by)));
      return mustGetOrder(m.tid);
    },
    'imports.run': ({ files }) => {
      const importId = crypto.randomUUID();
      return write((ctx) =>
        importFiles(
          { ...ctx, onProgress: (file, done, total) => bus.emit({ kind: 'import.progress', importId, file, done, total }) },
          files,
        ),
      );
    },
    'settings.get': () => settingsView(),
    'settings.update': (patch) => {
      settings.update(patch);
      return settingsView();
    },
    'interceptions.list': (f) => ({ items: listInterceptions(db, f) }),
    'interceptions.get': ({ requestId }) => mustGetInterception(requestId),
    'interceptions.create': ({ tid, oids, reason, by }) => {
      if (!db.get(sql`SELECT 1 FROM orders WHERE tid = ${tid}`)) throw new ApiError(404, 'not_found', `order ${tid} not found`, 'tid');
      const requestId = `manual-${crypto.randomUUID()}`;
      write((ctx) => {
        try {
          interception.receiveRequest(
            ctx,
            {
              requestId,
              tid,
              oids: oids ?? null,
              source: 'manual',
              reason,
              platform: platformOf(tid),
              requestedAt: ctx.now,
            },
            stationActor(by),
          );
        } catch (e) {
          if (e instanceof interception.InterceptionRequestError)
            throw new ApiError(400, 'invalid_input', `${e.path}: ${e.message}`, e.path);
          throw e;
        }
      });
      return mustGetInterception(requestId);
    },
    'interceptions.release': ({ requestId, reason, by }) => {
      write((ctx) => interception.release(ctx, requestId, stationActor(by), reason));
      return mustGetInterception(requestId);
    },
    'interceptions.refund': ({ requestId, reason, by }) => {
      write((ctx) => interception.refund(ctx, requestId, stationActor(by), reason));
      return mustGetInterception(requestId);
    },
    'interceptions.retry': ({ requestId, reason, by }) => {
      write((ctx) => interception.retry(ctx, requestId, stationActor(by), reason));
      return mustGetInterception(requestId);
    },
    'pack.scan': ({ code }) => scan(db, code, viewCtx()),
    'pack.acknowledge': ({ code, tid, by }) => {
      write((ctx) => {
        ctx.db.run(sql`INSERT INTO audit_log (at, actor, action, tid, detail)
          VALUES (${ctx.now}, ${stationActor(by)}, 'pack_block_acknowledged', ${tid}, ${`scan ${code}`})`);
      });
      return { ok: true };
    },
    'outbox.list': ({ after, limit }) => readOutbox(db, after, limit),
    'batches.create': ({ by, ...input }) => {
      const { batchNo, skipped } = write((ctx) => createBatch(ctx, input, stationActor(by)));
      return { batch: getBatch(db, batchNo, viewCtx()), skipped };
    },
    'batches.list': () => ({ items: listBatches(db) }),
    'batches.get': ({ batchNo }) => getBatch(db, batchNo, viewCtx()),
    'batches.markPrinted': ({ batchNo, by }) => {
      write((ctx) => markPrinted(ctx, batchNo, stationActor(by)));
      return getBatch(db, batchNo, viewCtx());
    },
    'batches.withdrawLine': ({ batchNo, oid, by }) => {
      write((ctx) => withdrawLine(ctx, batchNo, oid, stationActor(by)));
      return getBatch(db, batchNo, viewCtx());
    },
    'batches.exportPdf': desktopOnly('batches.exportPdf'),
    'batches.print': desktopOnly('batches.print'),
    'printers.list': desktopOnly('printers.list'),
    'orders.reveal': (r) => {
      const shown = write((ctx) => reveal(ctx, opts.settingsStore, r));
      if (!shown) throw new ApiError(403, 'forbidden', '主管密码不正确', 'pin');
      return shown;
    },
    'settings.setSupervisorPin': ({ currentPin, newPin }) => {
      setSupervisorPin(opts.settingsStore, currentPin, newPin);
      bus.emit({ kind: 'settings.changed' });
      return { ok: true };
    },
    'checks.run': () => {
      const results = scheduler.runAll();
      return {
        results: results.map((r) => ({ job: r.job, candidates: r.candidates, raised: r.raised.length, resolved: r.resolved })),
        runs: scheduler.runs(),
      };
    },
    'checks.status': () => ({ runs: scheduler.runs() }),
    'workorders.list': ({ tid, open }) => ({ items: checks.listWorkorders(db, { tid, open }) }),
    'workorders.reply': ({ by, ...r }) => {
      write((ctx) => checks.replyWorkorder(ctx, r, stationActor(by)));
      return checks.listWorkorders(db, { id: r.workOrderId })[0]!;
    },
    'negotiations.list': ({ tid }) => ({ items: checks.listNegotiations({ db }, tid) }),
    'negotiations.propose': ({ tid, proposedDeadline, by }) =>
      write((ctx) => checks.propose(ctx, { tid, proposedDeadline }, stationActor(by), `neg-${crypto.randomUUID()}`)),
    ...alertHandlers({ db, now, bus, actor: stationActor }),
    ...orderHandlers(db, viewCtx),
  };

  function platformOf(tid: string) {
    return (db.get<{ platform: string }>(sql`SELECT platform FROM orders WHERE tid = ${tid}`)?.platform ?? 'taobao') as 'taobao';
  }

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
    try {
      return write((ctx) => ingest(ctx, envs, 'http'));
    } catch (e) {
      if (e instanceof EventRejectedError) {
        const path = `${batch ? `[${e.index}].` : ''}${e.path}`;
        throw new ApiError(400, 'invalid_event', `${path}: ${e.message}`, path);
      }
      throw e;
    }
  }

  const scheduler = new CheckScheduler({
    db,
    now,
    write,
    settings: () => settings.get(),
    onResults: (results) => {
      const critical = results.flatMap((r) => r.raised).map((a) => ({ tid: a.tid, kind: a.kind, detail: a.detail }));
      if (results.some((r) => r.raised.length || r.resolved)) bus.emit({ kind: 'alerts.changed', critical });
    },
  });
  settings.onChange(() => scheduler.invalidate());
  const deliverer = new OutboxDeliverer({
    db,
    now,
    url: () => settings.get().outboxUrl,
    secret: () => settings.eventSecret,
    fetch: opts.fetch,
  });
  const searchIndexer = opts.timers !== false ? startSearchIndexer(db) : null;
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
    settings,
    handlers,
    now,
    dispatch,
    ingestSigned,
    write,
    deliverer,
    scheduler,
    renderBatch: (batchNo, format, o = {}) => {
      const parsed = apiInputs['batches.get'].safeParse({ batchNo });
      if (!parsed.success) throw fromZod(parsed.error);
      const b = getBatch(db, parsed.data.batchNo, viewCtx());
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
    close: () => {
      scheduler.stop();
      deliverer.stop();
      searchIndexer?.stop();
      checkpointer?.stop();
      db.close();
    },
  };
}
