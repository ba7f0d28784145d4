// Orders, lines, the SKU master, the event log, imports and the outbox.
// Money in integer fen, times in UTC epoch ms.
export default /* sql */ `
CREATE TABLE orders (
  tid                  TEXT PRIMARY KEY,
  platform             TEXT NOT NULL,
  shop                 TEXT NOT NULL DEFAULT '',
  order_type           TEXT NOT NULL,
  status               TEXT NOT NULL,
  buyer_nick           TEXT NOT NULL DEFAULT '',
  created_at           INTEGER,
  paid_at              INTEGER,
  ship_deadline        INTEGER,
  ship_deadline_source TEXT NOT NULL DEFAULT 'derived',
  platform_ship_deadline INTEGER,
  collect_deadline     INTEGER,
  amount_items         INTEGER NOT NULL DEFAULT 0,
  amount_postage       INTEGER NOT NULL DEFAULT 0,
  amount_coupon        INTEGER NOT NULL DEFAULT 0,
  amount_red_packet    INTEGER NOT NULL DEFAULT 0,
  amount_taobao_coin   INTEGER NOT NULL DEFAULT 0,
  amount_deposit       INTEGER,
  amount_balance       INTEGER,
  paid_amount          INTEGER NOT NULL DEFAULT 0,
  seller_memo          TEXT NOT NULL DEFAULT '',
  seller_flag          INTEGER NOT NULL DEFAULT 0,
  -- masked contact line, computed when the order is written; real values live in buyer_private
  contact_name         TEXT NOT NULL DEFAULT '',
  contact_phone        TEXT,
  contact_secret_no    TEXT,
  contact_extension    TEXT,
  secret_expires_at    INTEGER,
  contact_address      TEXT NOT NULL DEFAULT '',
  succeeded_at         INTEGER,
  -- when the order entered the default window (paid, else created, else first seen): the 6-month filter
  window_at            INTEGER NOT NULL DEFAULT 0,
  -- occurredAt of the newest full view (order.upserted or import) and of the newest status change
  version_at           INTEGER NOT NULL DEFAULT 0,
  status_at            INTEGER NOT NULL DEFAULT 0,
  source               TEXT NOT NULL,
  content_hash         TEXT NOT NULL DEFAULT '',
  updated_at           INTEGER NOT NULL
) WITHOUT ROWID;

-- The pending list reads these covering indexes only: ordered by deadline, with every list filter inside,
-- so a page and its total never touch the wide order rows (tid, the key, is in every index).
CREATE INDEX orders_pending_by_deadline ON orders (ship_deadline, tid, window_at, platform, order_type, seller_flag)
  WHERE status = 'paid';
CREATE INDEX orders_by_deadline ON orders (ship_deadline, tid, window_at, platform, order_type, seller_flag);
CREATE INDEX orders_by_nick ON orders (buyer_nick);
-- What changed since a check last ran.
CREATE INDEX orders_by_updated ON orders (updated_at);

-- The only place a buyer's real name, phone and address are kept. Read by the audited reveal only.
CREATE TABLE buyer_private (
  tid        TEXT PRIMARY KEY REFERENCES orders (tid) ON DELETE CASCADE,
  name       TEXT NOT NULL DEFAULT '',
  phone      TEXT,
  secret_no  TEXT,
  address    TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;

CREATE TABLE order_lines (
  oid          TEXT PRIMARY KEY,
  tid          TEXT NOT NULL REFERENCES orders (tid) ON DELETE CASCADE,
  line_no      INTEGER NOT NULL,
  sku          TEXT NOT NULL DEFAULT '',
  title        TEXT NOT NULL DEFAULT '',
  qty          INTEGER NOT NULL,
  price        INTEGER,
  bin          TEXT,
  barcode      TEXT,
  source       TEXT NOT NULL,
  locked       INTEGER NOT NULL DEFAULT 0,
  shipped_at   INTEGER,
  carrier      TEXT,
  tracking_no  TEXT,
  picked_up_at INTEGER,
  refunded_at  INTEGER
) WITHOUT ROWID;

CREATE INDEX order_lines_by_tid ON order_lines (tid, line_no);
CREATE INDEX order_lines_by_sku ON order_lines (sku, tid);
CREATE INDEX order_lines_by_tracking ON order_lines (tracking_no) WHERE tracking_no IS NOT NULL;
CREATE INDEX order_lines_locked ON order_lines (tid) WHERE locked = 1;

CREATE TABLE skus (
  sku        TEXT PRIMARY KEY,
  title      TEXT NOT NULL DEFAULT '',
  barcode    TEXT,
  bin        TEXT,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX skus_by_barcode ON skus (barcode) WHERE barcode IS NOT NULL;

-- Every event received, in any state. state: applied | pending (waits for its order) | stale (older than
-- the order's newest view) | deferred (handled by a later capability) | rejected (valid, but refused by a rule)
CREATE TABLE event_log (
  seq         INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  type        TEXT NOT NULL,
  platform    TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  tid         TEXT,
  tracking_no TEXT,
  source      TEXT NOT NULL,
  state       TEXT NOT NULL,
  note        TEXT,
  envelope    TEXT NOT NULL
);
CREATE INDEX event_log_pending_by_tid ON event_log (tid, occurred_at) WHERE state = 'pending';
CREATE INDEX event_log_pending_by_tracking ON event_log (tracking_no, occurred_at) WHERE state = 'pending';
CREATE INDEX event_log_by_received ON event_log (received_at);

CREATE TABLE imports (
  id          INTEGER PRIMARY KEY,
  file_name   TEXT NOT NULL,
  kind        TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  rows        INTEGER NOT NULL,
  imported    INTEGER NOT NULL,
  updated     INTEGER NOT NULL,
  at          INTEGER NOT NULL
);

-- What the app emits, in order. seq is the stable cursor of GET /api/outbox.
CREATE TABLE outbox (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT NOT NULL UNIQUE,
  type        TEXT NOT NULL,
  tid         TEXT,
  occurred_at INTEGER NOT NULL,
  envelope    TEXT NOT NULL
);

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  tid     TEXT,
  detail  TEXT NOT NULL DEFAULT ''
);
`;
