// Office screens (issue #12): contains-search over orders, and per-alert acknowledge / snooze.
//
// Contains-search: an FTS5 trigram index with one document per order (tid, buyer nick, seller memo, and every
// line's SKU, title, barcode and tracking number). Writes never touch the index: SQL triggers only queue the
// order's tid in search_queue (one small insert, so no write path changes and no write gets slower with the
// index size), and electron/orders/search.ts indexes queued orders in bulk, a few seconds later, in one
// transaction. Until then a search reads queued orders directly, so results are never stale.
// search_docs maps FTS rowids to tids (orders is a WITHOUT ROWID table).
export default /* sql */ `
CREATE TABLE search_docs (
  id  INTEGER PRIMARY KEY,
  tid TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE order_search USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'trigram');
CREATE TABLE search_queue (tid TEXT PRIMARY KEY) WITHOUT ROWID;

INSERT INTO search_queue (tid) SELECT tid FROM orders;

CREATE TRIGGER order_search_order_ins AFTER INSERT ON orders BEGIN
  INSERT OR IGNORE INTO search_queue (tid) VALUES (new.tid);
END;
CREATE TRIGGER order_search_order_upd AFTER UPDATE OF buyer_nick, seller_memo ON orders
  WHEN old.buyer_nick IS NOT new.buyer_nick OR old.seller_memo IS NOT new.seller_memo BEGIN
  INSERT OR IGNORE INTO search_queue (tid) VALUES (new.tid);
END;
CREATE TRIGGER order_search_order_del AFTER DELETE ON orders BEGIN
  INSERT OR IGNORE INTO search_queue (tid) VALUES (old.tid);
END;
CREATE TRIGGER order_search_line_ins AFTER INSERT ON order_lines BEGIN
  INSERT OR IGNORE INTO search_queue (tid) VALUES (new.tid);
END;
CREATE TRIGGER order_search_line_upd AFTER UPDATE OF sku, title, barcode, tracking_no ON order_lines
  WHEN old.sku IS NOT new.sku OR old.title IS NOT new.title OR old.barcode IS NOT new.barcode OR old.tracking_no IS NOT new.tracking_no
  BEGIN
  INSERT OR IGNORE INTO search_queue (tid) VALUES (new.tid);
END;
CREATE TRIGGER order_search_line_del AFTER DELETE ON order_lines BEGIN
  INSERT OR IGNORE INTO search_queue (tid) VALUES (old.tid);
END;

-- Alerts a clerk has seen (acknowledged) or put off (snoozed) leave the open list and the badge until
-- they escalate (warning → critical) or the snooze ends.
ALTER TABLE alerts ADD COLUMN acked_at INTEGER;
ALTER TABLE alerts ADD COLUMN acked_by TEXT;
ALTER TABLE alerts ADD COLUMN snoozed_until INTEGER;
`;
