// Contains-search over orders (FTS5 trigram, migration 006). Writes only queue tids (the writer for what it
// inserts, SQL triggers for updates and deletions: migration 010); this
// module indexes the queue in bulk and builds the search condition, which reads still-queued orders directly.
import { sql, type Db } from '../db/sql.js';

/** The text an order is found by: tid, buyer nick, seller memo, each line's SKU, title, barcode, tracking number. */
const BODY = sql.raw(`o.tid || ' ' || o.buyer_nick || ' ' || o.seller_memo || ' ' || COALESCE((
    SELECT group_concat(l.sku || ' ' || l.title || ' ' || COALESCE(l.barcode, '') || ' ' || COALESCE(l.tracking_no, ''), ' ')
    FROM order_lines l WHERE l.tid = o.tid), '')`);

/**
 * Indexes up to `max` queued orders in one transaction (re-writing their documents); returns how many.
 * Bulk transactions keep FTS5's segment merging cheap, where one small transaction per write would not.
 */
export function drainSearchQueue(db: Db, max = 5000): number {
  return db.tx(() => {
    const tids = db.raw.prepare('SELECT tid FROM search_queue LIMIT ?').pluck().all(max) as string[];
    if (!tids.length) return 0;
    db.raw.exec('CREATE TEMP TABLE IF NOT EXISTS search_batch (tid TEXT PRIMARY KEY) WITHOUT ROWID');
    db.raw.exec('DELETE FROM temp.search_batch');
    const add = db.raw.prepare('INSERT INTO temp.search_batch (tid) VALUES (?)');
    for (const t of tids) add.run(t);
    db.raw.exec(`DELETE FROM order_search WHERE rowid IN (SELECT d.id FROM search_docs d JOIN temp.search_batch b ON b.tid = d.tid);
      DELETE FROM search_docs WHERE tid IN (SELECT b.tid FROM temp.search_batch b WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.tid = b.tid));
      INSERT OR IGNORE INTO search_docs (tid) SELECT b.tid FROM temp.search_batch b JOIN orders o ON o.tid = b.tid;`);
    db.run(sql`INSERT INTO order_search (rowid, body) SELECT d.id, ${BODY}
      FROM temp.search_batch b JOIN search_docs d ON d.tid = b.tid JOIN orders o ON o.tid = b.tid`);
    db.raw.exec('DELETE FROM search_queue WHERE tid IN (SELECT tid FROM temp.search_batch)');
    return tids.length;
  });
}

/** Drains the whole queue (at start, in tests, in the bench). */
export function drainAll(db: Db): number {
  let n = 0;
  for (let k = drainSearchQueue(db); k > 0; k = drainSearchQueue(db)) n += k;
  return n;
}

/**
 * Keeps the index current: every `everyMs` (and at start) drains the queue, 5,000 orders per transaction with
 * the event loop free in between, until it is empty (a 100,000-order import is indexed in about a second).
 */
export function startSearchIndexer(db: Db, o: { everyMs?: number; paused?: () => boolean } = {}): { stop(): void } {
  const everyMs = o.everyMs ?? 2000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const tick = () => {
    let more = false;
    try {
      // While an import holds the store (its worker's transaction) or its worker indexes, the queue waits.
      if (db.gate.closed || o.paused?.()) {
        timer = setTimeout(tick, everyMs);
        timer.unref?.();
        return;
      }
      more = drainSearchQueue(db) >= 5000;
    } catch (e) {
      console.error('[shiplock] search indexing failed', e);
    }
    if (stopped) return;
    timer = setTimeout(tick, more ? 0 : everyMs);
    timer.unref?.();
  };
  timer = setTimeout(tick, 50);
  timer.unref?.();
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/**
 * Contains-search: any part of the tid, buyer nick, seller memo, or a line's SKU, title, barcode or tracking
 * number; also a barcode from the SKU master. Indexed orders through the trigram index; orders written in the
 * last seconds (still queued) by reading their text directly. Trigrams need three characters: shorter text
 * matches the start of the tid, nick or SKU instead.
 */
export function searchCondition(q: string) {
  if ([...q].length < 3) {
    const hi = q + '\uffff';
    const up = q.toUpperCase();
    return sql`((o.tid >= ${q} AND o.tid < ${hi}) OR (o.buyer_nick >= ${q} AND o.buyer_nick < ${hi})
      OR EXISTS (SELECT 1 FROM order_lines l WHERE l.tid = o.tid AND l.sku >= ${up} AND l.sku < ${up + '\uffff'}))`;
  }
  const phrase = '"' + q.replace(/"/g, '""') + '"';
  const like = '%' + q.replace(/[!%_]/g, (c) => '!' + c) + '%';
  return sql`((o.tid IN (SELECT d.tid FROM search_docs d WHERE d.id IN (SELECT rowid FROM order_search WHERE order_search MATCH ${phrase}))
        AND o.tid NOT IN (SELECT tid FROM search_queue))
    OR (o.tid IN (SELECT tid FROM search_queue) AND (o.tid LIKE ${like} ESCAPE '!' OR o.buyer_nick LIKE ${like} ESCAPE '!'
        OR o.seller_memo LIKE ${like} ESCAPE '!' OR EXISTS (SELECT 1 FROM order_lines l WHERE l.tid = o.tid AND (l.sku LIKE ${like} ESCAPE '!'
        OR l.title LIKE ${like} ESCAPE '!' OR l.barcode LIKE ${like} ESCAPE '!' OR l.tracking_no LIKE ${like} ESCAPE '!'))))
    OR o.tid IN (SELECT l.tid FROM skus s JOIN order_lines l ON l.sku = s.sku WHERE s.barcode = ${q}))`;
}
