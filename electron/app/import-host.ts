// Runs one file import in a worker thread (import-worker.ts): parsing, validation and every write happen
// there, on the worker's own connection, in one transaction; the main thread's event loop stays free
// (GET /api/health, SSE, pack scans keep answering). The worker's result or error comes back here and is
// rebuilt as the same result or error the in-process import gives.
import { Worker } from 'node:worker_threads';
import type { ImportFileError, ImportResult } from '../../shared/api/contract.js';
import type { UnknownHeaderView } from '../../shared/api/mappings.js';
import type { Settings } from '../../shared/settings.js';
import type { SavedMapping, SourceFile } from '../intake/index.js';
import { ApiError, ImportError, ShipLockError } from './errors.js';

export interface ImportJob {
  dbFile: string;
  nativeBinding: string | null;
  dataKey: Uint8Array;
  now: number;
  settings: Settings;
  eventSecret: string;
  files: SourceFile[];
  mapping: SavedMapping | null;
}

export type SerializedError =
  | { kind: 'import'; errors: ImportFileError[]; unknownHeaders: UnknownHeaderView[] | null }
  | {
      kind: 'api';
      status: number;
      code: string;
      message: string;
      path: string | null;
      errors: ImportFileError[] | null;
      params: Record<string, string | number> | null;
    }
  | { kind: 'internal'; message: string };

export type WorkerMessage =
  | { type: 'progress'; file: string; done: number; total: number }
  | { type: 'done'; result: ImportResult; touched: string[] }
  /** After 'done', one per 'index' message: how many queued orders that batch indexed for search. */
  | { type: 'batch'; indexed: number }
  /** Indexing stopped on an error (the orders it did not index stay queued for the station's indexer). */
  | { type: 'indexed'; error: string }
  | { type: 'error'; error: SerializedError };

/**
 * Orders per search-indexing transaction of the worker after its answer (about 20 ms each on the bench machine):
 * the longest a main-thread write waits for the worker then.
 */
export const INDEX_BATCH = 1000;

/** How the host runs each indexing batch: inside the station's write gate (core passes `db.exclusive`). */
export type Grant = (batch: () => Promise<void>) => Promise<void>;

/** The worker's answer. It goes on indexing the imported orders for search until `indexed` (`stop` cuts that short). */
export interface ImportAnswer {
  result: ImportResult;
  touched: string[];
  /** Settles when the worker has exited, indexing done or not (the queue keeps what it didn't index). */
  indexed: Promise<void>;
  stop(): void;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof ImportError) return { kind: 'import', errors: e.errors ?? [], unknownHeaders: e.unknownHeaders ?? null };
  if (e instanceof ShipLockError) {
    return {
      kind: 'api',
      status: e.status,
      code: e.code,
      message: e.message,
      path: e.path,
      errors: e.errors ?? null,
      params: e.params ?? null,
    };
  }
  return { kind: 'internal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}

function rebuild(e: SerializedError): Error {
  if (e.kind === 'import') return new ImportError(e.errors, e.unknownHeaders ?? undefined);
  if (e.kind === 'api') return new ApiError(e.status, e.code, e.message, e.path, e.errors ?? undefined, e.params ?? undefined);
  return new Error(`import worker: ${e.message}`);
}

/** Heap cap of the import worker: a hostile or unexpected file fails the import (413), never the station. */
export const IMPORT_WORKER_HEAP_MB = 1024;
/**
 * Its young generation: an import allocates short-lived rows, cells and records by the million, and V8's default
 * (16 MB) had the worker scavenging about an eighth of the time; 64 MB measured about 10 % off a 100k-row import.
 */
export const IMPORT_WORKER_YOUNG_MB = 64;

/** Where the worker's entry lives: next to this module in the sources, next to the bundle in dist/. */
export function importWorkerUrl(): URL {
  const url = new URL(import.meta.url.endsWith('.ts') ? './import-worker.ts' : './import-worker.mjs', import.meta.url);
  // Packaged app: a worker can't start from inside app.asar; electron-builder unpacks the worker next to it.
  if (url.pathname.includes('/app.asar/')) url.pathname = url.pathname.replace('/app.asar/', '/app.asar.unpacked/');
  return url;
}

export function runImportWorker(
  job: ImportJob,
  onProgress: (file: string, done: number, total: number) => void,
  o: {
    heapMb?: number;
    onWorker?: (w: Worker) => void;
    /** A built worker bundle (dist/electron/import-worker.mjs) to start instead of the one beside this module. */
    entry?: URL;
    /** Runs each search-indexing batch after the answer (default: at once). */
    grant?: Grant;
  } = {},
): Promise<ImportAnswer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let exited!: () => void;
    let gone = false;
    const indexed = new Promise<void>((r) => (exited = r));
    // The batch in flight settles on its answer, on an indexing error, or when the worker is gone.
    let batchDone: ((n: number) => void) | null = null;
    const endBatch = (n: number) => {
      const done = batchDone;
      batchDone = null;
      done?.(n);
    };
    const grant: Grant = o.grant ?? ((batch) => batch());
    const stopped = (why: string) =>
      console.warn(`[shiplock] search indexing after the import stopped (the station's indexer goes on): ${why}`);
    const indexAll = async () => {
      try {
        await indexBatches();
      } catch (e) {
        stopped(String(e));
        void worker.terminate();
      }
    };
    const indexBatches = async () => {
      for (;;) {
        let n = -1;
        await grant(async () => {
          if (gone) return;
          n = await new Promise<number>((r) => {
            batchDone = r;
            worker.postMessage('index');
          });
        });
        if (n < INDEX_BATCH) break;
      }
      if (!gone) worker.postMessage('finish');
    };
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    let worker: Worker;
    try {
      const url = o.entry ?? importWorkerUrl();
      const resourceLimits = {
        maxOldGenerationSizeMb: o.heapMb ?? IMPORT_WORKER_HEAP_MB,
        maxYoungGenerationSizeMb: IMPORT_WORKER_YOUNG_MB,
      };
      // From the sources (tests, the bench) the worker registers tsx first: ESM loader hooks of the
      // parent thread don't reach a worker. The built app loads the bundled .mjs directly.
      const entry = url.pathname.endsWith('.ts')
        ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`, {
            eval: true,
            workerData: job,
            resourceLimits,
          })
        : null;
      worker =
        entry ??
        new Worker(url, {
          workerData: job,
          resourceLimits,
          stdout: false,
          stderr: false,
        });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    o.onWorker?.(worker);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress(m.file, m.done, m.total);
      else if (m.type === 'done') {
        settle(() => resolve({ result: m.result, touched: m.touched, indexed, stop: () => void worker.terminate() }));
        void indexAll();
      } else if (m.type === 'batch') endBatch(m.indexed);
      else if (m.type === 'indexed') {
        stopped(m.error);
        endBatch(-1);
      } else settle(() => reject(rebuild(m.error)));
    });
    worker.on('error', (e: Error & { code?: string }) => {
      settle(() =>
        reject(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ApiError(
                413,
                'too_large',
                '文件太大,导入时内存不足,请按较短的时间段分几次导出 the import ran out of memory: export smaller date ranges',
              )
            : new Error(`import worker: ${e.stack ?? e.message}`),
        ),
      );
    });
    worker.on('exit', (code) => {
      gone = true;
      endBatch(-1);
      exited();
      settle(() => reject(new Error(`import worker stopped (exit code ${code}) before it answered`)));
    });
  });
}
