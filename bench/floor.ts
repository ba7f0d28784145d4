// The storage floor under a write path: the rows that path stored, inserted again by plain prepared INSERTs into an
// empty store with ShipLock's schema (every table, every index, the checkpointer running as in the app), grouped in
// transactions as the path groups them. No JS work is left in it (no parsing, validation, masking, sealing,
// hashing or subscribers), so it is the least any code writing these rows into this schema can take on this
// machine; the write rows' ratios are read against it.
import type Database from 'better-sqlite3';
import { startCheckpointer } from '../electron/db/checkpointer.js';
import { openDatabase } from '../electron/db/open.js';

/** Tables that hold search text the worker fills after the answer, not in the timed write. */
const AFTER_THE_ANSWER = /^(search_docs|order_search)/;

export interface FloorResult {
  ms: number;
  /** Rows inserted per table, e.g. "orders 100,000, order_lines 199,190". */
  rows: Record<string, number>;
  /** Tables with rows that the floor leaves out (no tid column to group them by): it understates by these. */
  leftOut: string[];
  /** The floor's store, still open: its counts can be compared with the source (the caller closes it). */
  store: Database.Database;
}

/**
 * Copies every row of src that belongs to one of tids (a table with a `tid` column) into a new store under dir,
 * `perTransaction` orders per transaction in the order of tids, and times only the inserts. Within an order the
 * tables go in creation order, so a child row follows its order. The search queue gets one row per order, as the
 * writer queues it, even if the source's worker has already indexed and emptied it.
 */
export function storageFloor(src: Database.Database, tids: readonly string[], perTransaction: number, dir: string): FloorResult {
  const tables = (
    src.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").all() as {
      name: string;
    }[]
  )
    .map((r) => r.name)
    .filter((t) => !AFTER_THE_ANSWER.test(t));
  const db = openDatabase(dir);
  const store = db.raw;
  const count = (d: Database.Database, t: string) => (d.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n;
  const columns = new Map<string, string[]>();
  const leftOut: string[] = [];
  for (const t of tables) {
    const cols = (src.prepare('SELECT name FROM pragma_table_info(?)').all(t) as { name: string }[]).map((r) => r.name);
    if (cols.includes('tid')) {
      columns.set(t, cols);
      continue;
    }
    // Rows beyond what a fresh store starts with (migrations may seed some).
    const extra = count(src, t) - count(store, t);
    if (extra > 0) leftOut.push(`${t} (${extra.toLocaleString('en')})`);
  }
  const wanted = new Set(tids);
  const byTid = new Map<string, Array<[string, unknown[]]>>();
  for (const [t, cols] of columns) {
    if (t === 'search_queue') continue;
    const at = cols.indexOf('tid');
    for (const row of src.prepare(`SELECT * FROM "${t}"`).raw().iterate() as Iterable<unknown[]>) {
      const tid = row[at] as string;
      if (!wanted.has(tid)) continue;
      let list = byTid.get(tid);
      if (!list) byTid.set(tid, (list = []));
      list.push([t, row]);
    }
  }
  if (columns.has('search_queue')) for (const tid of tids) byTid.get(tid)?.push(['search_queue', [tid]]);

  const checkpointer = startCheckpointer(db);
  const insert = new Map(
    [...columns].map(([t, cols]) => [
      t,
      store.prepare(`INSERT INTO "${t}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`),
    ]),
  );
  const rows: Record<string, number> = {};
  for (const list of byTid.values()) for (const [t] of list) rows[t] = (rows[t] ?? 0) + 1;
  const order = tids.filter((t) => byTid.has(t));
  const t0 = performance.now();
  for (let i = 0; i < order.length; i += perTransaction) {
    const chunk = order.slice(i, i + perTransaction);
    store.transaction(() => {
      for (const tid of chunk) for (const [t, row] of byTid.get(tid)!) insert.get(t)!.run(...row);
    })();
  }
  const ms = performance.now() - t0;
  checkpointer?.stop();
  return { ms, rows, leftOut, store };
}

/** "orders 100,000, order_lines 199,190, …" */
export const describeRows = (rows: Record<string, number>) =>
  Object.entries(rows)
    .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
    .join(', ');
