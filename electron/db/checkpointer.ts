// WAL checkpoints off the commit path: SQLite's automatic checkpoint runs inside whichever commit crosses
// the threshold, which puts multi-millisecond stalls into lock decisions. Instead a worker thread with its
// own connection runs PASSIVE checkpoints every second; they never block the writer.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './sql.js';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage({ error: String(e && e.message || e) }); }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') { clearInterval(timer); db.close(); parentPort.close(); }
});
`;

export interface Checkpointer {
  stop(): void;
}

/** Starts background checkpoints for db; on any failure SQLite's own automatic checkpoint stays on. */
export function startCheckpointer(db: Db, opts: { nativeBinding?: string; intervalMs?: number } = {}): Checkpointer | null {
  try {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { module, file: db.raw.name, nativeBinding: opts.nativeBinding ?? null, intervalMs: opts.intervalMs ?? 1000 },
    });
    worker.unref();
    worker.on('message', (m: { error?: string }) => {
      if (m.error) console.warn(`[shiplock] checkpoint: ${m.error}`);
    });
    worker.on('error', (e) => {
      console.warn(`[shiplock] checkpoint worker stopped (${e.message}); SQLite checkpoints automatically again`);
      db.raw.pragma('wal_autocheckpoint = 1000');
    });
    db.raw.pragma('wal_autocheckpoint = 0');
    return {
      stop: () => {
        worker.postMessage('stop');
      },
    };
  } catch (e) {
    console.warn(`[shiplock] no checkpoint worker (${(e as Error).message}); SQLite checkpoints automatically`);
    return null;
  }
}
