// Office screens (issue #12): contains-search over orders, and per-alert acknowledge / snooze.
//
// Contains-search: an FTS5 trigram index with one document per order (tid, buyer nick, seller memo) and
// one per line (SKU, title, barcode, tracking number), kept by triggers, so no write path changes. A write
// touches only its own small document (no re-indexing of a whole order per line), and the index is
// contentless (contentless_delete), so it stores no second copy of the text. search_docs maps the FTS
// rowids to orders (orders and order_lines are WITHOUT ROWID tables).
const ORDER_BODY = (o: string) => `${o}.tid || ' ' || ${o}.buyer_nick || ' ' || ${o}.seller_memo`;
const LINE_BODY = (l: string) =>
  `${l}.sku || ' ' || ${l}.title || ' ' || COALESCE(${l}.barcode, '') || ' ' || COALESCE(${l}.tracking_no, '')`;
const DOC = (tid: string, oid: string) => `(SELECT id FROM search_docs WHERE tid = ${tid} AND oid = ${oid})`;

export default /* sql */ `
CREATE TABLE search_docs (
  id  INTEGER PRIMARY KEY,
  tid TEXT NOT NULL,
  oid TEXT NOT NULL DEFAULT ''   -- '' = the order's own text
);
CREATE UNIQUE INDEX search_docs_key ON search_docs (tid, oid);
CREATE VIRTUAL TABLE order_search USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'trigram');

INSERT INTO search_docs (tid, oid) SELECT tid, '' FROM orders;
INSERT INTO search_docs (tid, oid) SELECT tid, oid FROM order_lines;
INSERT INTO order_search (rowid, body) SELECT d.id, ${ORDER_BODY('o')} FROM orders o JOIN search_docs d ON d.tid = o.tid AND d.oid = '';
INSERT INTO order_search (rowid, body) SELECT d.id, ${LINE_BODY('l')} FROM order_lines l JOIN search_docs d ON d.tid = l.tid AND d.oid = l.oid;

CREATE TRIGGER order_search_order_ins AFTER INSERT ON orders BEGIN
  INSERT INTO search_docs (tid, oid) VALUES (new.tid, '');
  INSERT INTO order_search (rowid, body) VALUES (last_insert_rowid(), ${ORDER_BODY('new')});
END;
CREATE TRIGGER order_search_order_upd AFTER UPDATE OF buyer_nick, seller_memo ON orders
  WHEN old.buyer_nick IS NOT new.buyer_nick OR old.seller_memo IS NOT new.seller_memo BEGIN
  DELETE FROM order_search WHERE rowid = ${DOC('new.tid', "''")};
  INSERT INTO order_search (rowid, body) VALUES (${DOC('new.tid', "''")}, ${ORDER_BODY('new')});
END;
CREATE TRIGGER order_search_order_del AFTER DELETE ON orders BEGIN
  DELETE FROM order_search WHERE rowid IN (SELECT id FROM search_docs WHERE tid = old.tid);
  DELETE FROM search_docs WHERE tid = old.tid;
END;
CREATE TRIGGER order_search_line_ins AFTER INSERT ON order_lines BEGIN
  INSERT INTO search_docs (tid, oid) VALUES (new.tid, new.oid);
  INSERT INTO order_search (rowid, body) VALUES (last_insert_rowid(), ${LINE_BODY('new')});
END;
CREATE TRIGGER order_search_line_upd AFTER UPDATE OF sku, title, barcode, tracking_no ON order_lines
  WHEN old.sku IS NOT new.sku OR old.title IS NOT new.title OR old.barcode IS NOT new.barcode OR old.tracking_no IS NOT new.tracking_no
  BEGIN
  DELETE FROM order_search WHERE rowid = ${DOC('new.tid', 'new.oid')};
  INSERT INTO order_search (rowid, body) VALUES (${DOC('new.tid', 'new.oid')}, ${LINE_BODY('new')});
END;
CREATE TRIGGER order_search_line_del AFTER DELETE ON order_lines BEGIN
  DELETE FROM order_search WHERE rowid = ${DOC('old.tid', 'old.oid')};
  DELETE FROM search_docs WHERE tid = old.tid AND oid = old.oid;
END;

-- Alerts a clerk has seen (acknowledged) or put off (snoozed) leave the open list and the badge until
-- they escalate (warning → critical) or the snooze ends.
ALTER TABLE alerts ADD COLUMN acked_at INTEGER;
ALTER TABLE alerts ADD COLUMN acked_by TEXT;
ALTER TABLE alerts ADD COLUMN snoozed_until INTEGER;
`;
