// Office screens (issue #12): contains-search over orders (FTS5 trigram, one row per order, kept by
// triggers so no write path changes), and per-alert acknowledge / snooze.
//
// order_search holds one text per order: tid, buyer nick, seller memo, and every line's SKU, title,
// barcode and tracking number. Its rowid comes from order_search_ids (orders is WITHOUT ROWID).
const BODY = (tid: string, nick: string, memo: string) => `${tid} || ' ' || ${nick} || ' ' || ${memo} || ' ' || COALESCE((
    SELECT group_concat(l.sku || ' ' || l.title || ' ' || COALESCE(l.barcode, '') || ' ' || COALESCE(l.tracking_no, ''), ' ')
    FROM order_lines l WHERE l.tid = ${tid}), '')`;

/** Re-writes one order's search row (o = a row of orders). */
const REFRESH = (t: string) => `
  INSERT OR IGNORE INTO order_search_ids (tid) VALUES (${t});
  DELETE FROM order_search WHERE rowid = (SELECT id FROM order_search_ids WHERE tid = ${t});
  INSERT INTO order_search (rowid, body)
    SELECT i.id, ${BODY('o.tid', 'o.buyer_nick', 'o.seller_memo')}
    FROM orders o JOIN order_search_ids i ON i.tid = o.tid WHERE o.tid = ${t};`;

export default /* sql */ `
CREATE TABLE order_search_ids (
  id  INTEGER PRIMARY KEY,
  tid TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE order_search USING fts5 (body, tokenize = 'trigram');

INSERT INTO order_search_ids (tid) SELECT tid FROM orders;
INSERT INTO order_search (rowid, body)
  SELECT i.id, ${BODY('o.tid', 'o.buyer_nick', 'o.seller_memo')} FROM orders o JOIN order_search_ids i ON i.tid = o.tid;

CREATE TRIGGER order_search_order_ins AFTER INSERT ON orders BEGIN ${REFRESH('new.tid')} END;
CREATE TRIGGER order_search_order_upd AFTER UPDATE OF buyer_nick, seller_memo ON orders
  WHEN old.buyer_nick IS NOT new.buyer_nick OR old.seller_memo IS NOT new.seller_memo BEGIN ${REFRESH('new.tid')} END;
CREATE TRIGGER order_search_order_del AFTER DELETE ON orders BEGIN
  DELETE FROM order_search WHERE rowid = (SELECT id FROM order_search_ids WHERE tid = old.tid);
  DELETE FROM order_search_ids WHERE tid = old.tid;
END;
CREATE TRIGGER order_search_line_ins AFTER INSERT ON order_lines BEGIN ${REFRESH('new.tid')} END;
CREATE TRIGGER order_search_line_upd AFTER UPDATE OF sku, title, barcode, tracking_no ON order_lines
  WHEN old.sku IS NOT new.sku OR old.title IS NOT new.title OR old.barcode IS NOT new.barcode OR old.tracking_no IS NOT new.tracking_no
  BEGIN ${REFRESH('new.tid')} END;
CREATE TRIGGER order_search_line_del AFTER DELETE ON order_lines BEGIN ${REFRESH('old.tid')} END;

-- Alerts a clerk has seen (acknowledged) or put off (snoozed) leave the open list and the badge until
-- they escalate (warning → critical) or the snooze ends.
ALTER TABLE alerts ADD COLUMN acked_at INTEGER;
ALTER TABLE alerts ADD COLUMN acked_by TEXT;
ALTER TABLE alerts ADD COLUMN snoozed_until INTEGER;
`;
