// The search-queue triggers of migration 006 queue an order without ever meeting a conflict. They said
// `INSERT OR IGNORE`, but SQLite runs a trigger's statements under the conflict policy of the statement that
// fired it when that statement has one, and the writer's line upsert (`INSERT … ON CONFLICT (oid) DO UPDATE`)
// has ABORT: a renamed or re-coded line of a queued order (the writer queues an order before it rewrites its
// lines) failed with "UNIQUE constraint failed: search_queue.tid", and with it the whole event batch or import.
// Now each trigger inserts only a tid not queued yet, which no outer policy can turn into an error.
const queue = (row: 'new' | 'old') =>
  `INSERT INTO search_queue (tid) SELECT ${row}.tid WHERE NOT EXISTS (SELECT 1 FROM search_queue WHERE tid = ${row}.tid);`;

export default /* sql */ `
DROP TRIGGER order_search_order_upd;
DROP TRIGGER order_search_order_del;
DROP TRIGGER order_search_line_upd;
DROP TRIGGER order_search_line_del;
CREATE TRIGGER order_search_order_upd AFTER UPDATE OF buyer_nick, seller_memo ON orders
  WHEN old.buyer_nick IS NOT new.buyer_nick OR old.seller_memo IS NOT new.seller_memo BEGIN
  ${queue('new')}
END;
CREATE TRIGGER order_search_order_del AFTER DELETE ON orders BEGIN
  ${queue('old')}
END;
CREATE TRIGGER order_search_line_upd AFTER UPDATE OF sku, title, barcode, tracking_no ON order_lines
  WHEN old.sku IS NOT new.sku OR old.title IS NOT new.title OR old.barcode IS NOT new.barcode OR old.tracking_no IS NOT new.tracking_no
  BEGIN
  ${queue('new')}
END;
CREATE TRIGGER order_search_line_del AFTER DELETE ON order_lines BEGIN
  ${queue('old')}
END;
`;
