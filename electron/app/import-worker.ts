// The import worker (a worker_threads entry; see import-host.ts). It opens its own connection to the store,
// builds the same write path as the main thread (the order writer, the fact subscribers and event appliers
// from wiring.ts, the vault), checks event-file signatures, then parses and writes every file of the request
// in ONE transaction (electron/intake/stream.ts): committed whole, or rolled back whole on any error, on a
// crash of the worker or of the process (SQLite drops an uncommitted transaction).
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from '../db/open.js';
import type { Db } from '../db/sql.js';
import { bytesOf, EventRouter, findMapping, importStreaming, readHead, verifySignatureOf, type ImportContext } from '../intake/index.js';
import { drainSearchQueue } from '../orders/index.js';
import { isEventFile, openIfSealed, requireSignedEventFiles, seal } from '../security/index.js';
import type { Vault } from './context.js';
import { FactBus } from './facts.js';
import { INDEX_BATCH, serializeError, type ImportJob, type WorkerMessage } from './import-host.js';
import { wireWritePath } from './wiring.js';

const job = workerData as ImportJob;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

async function verifyEventFiles(): Promise<void> {
  // Event files (a .jsonl name or a leading `{`) are signed over their bytes, read in pieces, never whole.
  const events = [];
  for (const f of job.files) if (isEventFile({ name: f.name, data: await readHead(f, 64 * 1024) })) events.push(f);
  await requireSignedEventFiles(events, (f) => verifySignatureOf(job.eventSecret, f, bytesOf(f), job.now));
}

async function run(db: Db): Promise<void> {
  await verifyEventFiles();
  const key = Buffer.from(job.dataKey);
  const vault: Vault = { seal: (plain, aad) => seal(key, plain, aad), open: (value, aad) => openIfSealed(key, value, aad) };
  const facts = new FactBus();
  const router = new EventRouter();
  wireWritePath(facts, router);
  const ctx: ImportContext = {
    db,
    now: job.now,
    settings: job.settings,
    facts,
    touched: new Set(),
    vault,
    router,
    onProgress: (file, done, total) => post({ type: 'progress', file, done, total }),
  };
  const opts = {
    timeZone: job.settings.timeZone,
    findMapping: (signature: string) => findMapping(db, signature),
    mapping: job.mapping,
  };
  db.raw.exec('BEGIN IMMEDIATE');
  let result;
  try {
    result = await importStreaming(ctx, job.files, opts);
    db.raw.exec('COMMIT');
  } catch (e) {
    if (db.raw.inTransaction) db.raw.exec('ROLLBACK');
    throw e;
  }
  post({ type: 'done', result, touched: [...ctx.touched] });
  await indexForSearch(db);
}

/**
 * After the answer, the imported orders go into the contains-search index, here, off the main thread: left to
 * the station's indexer, a 1,000,000-order import meant minutes of 100–300 ms FTS batches on the main thread
 * (GET /api/health p99 166 ms while the next file uploaded and imported). The orders are committed and
 * searchable before this ends (search reads still-queued orders' text, orders/search.ts). One short
 * transaction per 'index' message: the station sends one each time it holds its write gate for us (so its own
 * writes wait for one batch at most, asynchronously, instead of for the whole indexing or on SQLITE_BUSY), and
 * 'finish' when the queue is drained. A batch cut short (the app quits) rolls back and stays queued.
 */
function indexForSearch(db: Db): Promise<void> {
  const port = parentPort!;
  return new Promise<void>((resolve) => {
    const onMessage = (m: unknown) => {
      if (m === 'index') {
        try {
          post({ type: 'batch', indexed: drainSearchQueue(db, INDEX_BATCH) });
          return;
        } catch (e) {
          post({ type: 'indexed', error: e instanceof Error ? e.message : String(e) });
        }
      } else if (m !== 'finish') return;
      port.off('message', onMessage);
      resolve();
    };
    port.on('message', onMessage);
  });
}

let db: Db | null = null;
try {
  db = openConnection(job.dbFile, { nativeBinding: job.nativeBinding });
  await run(db);
} catch (e) {
  post({ type: 'error', error: serializeError(e) });
} finally {
  db?.close();
}
