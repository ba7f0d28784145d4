// Interception requests (锁单), their history, the line locks they hold, alerts, and outbox delivery state.
export default /* sql */ `
CREATE TABLE interceptions (
  request_id   TEXT PRIMARY KEY,
  tid          TEXT NOT NULL,
  -- the targeted sub-orders as JSON; NULL = the whole order (主订单拦截), resolved at decision time
  oids         TEXT,
  source       TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  platform     TEXT NOT NULL DEFAULT 'taobao',
  status       TEXT NOT NULL,
  result       TEXT,
  message      TEXT,
  requested_at INTEGER NOT NULL,
  received_at  INTEGER NOT NULL,
  decided_at   INTEGER,
  -- how many times it was decided (a retry decides again); part of each result's outbox id
  decisions    INTEGER NOT NULL DEFAULT 0,
  updated_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX interceptions_by_tid ON interceptions (tid);
CREATE INDEX interceptions_by_status ON interceptions (status, received_at);

CREATE TABLE interception_history (
  id          INTEGER PRIMARY KEY,
  request_id  TEXT NOT NULL REFERENCES interceptions (request_id),
  at          INTEGER NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  actor       TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX interception_history_by_request ON interception_history (request_id, id);

-- A line is locked while any request holds a lock on it; order_lines.locked mirrors that for fast reads.
CREATE TABLE line_locks (
  oid        TEXT NOT NULL,
  request_id TEXT NOT NULL REFERENCES interceptions (request_id),
  at         INTEGER NOT NULL,
  PRIMARY KEY (oid, request_id)
) WITHOUT ROWID;
CREATE INDEX line_locks_by_request ON line_locks (request_id);

-- Withdrawals that arrived before their request.
CREATE TABLE interception_withdrawals (
  request_id TEXT PRIMARY KEY,
  by         TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT '',
  at         INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE alerts (
  id          INTEGER PRIMARY KEY,
  tid         TEXT NOT NULL,
  kind        TEXT NOT NULL,
  severity    TEXT NOT NULL,
  due_at      INTEGER,
  raised_at   INTEGER NOT NULL,
  resolved_at INTEGER,
  detail      TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX alerts_one_open ON alerts (tid, kind) WHERE resolved_at IS NULL;
-- Reconciling a kind reads its open alerts from this index alone.
CREATE INDEX alerts_open_by_kind ON alerts (kind, tid, severity, due_at, detail, resolved_at) WHERE resolved_at IS NULL;
CREATE INDEX alerts_by_state ON alerts (resolved_at, kind, raised_at);

CREATE TABLE outbox_delivery (
  seq          INTEGER PRIMARY KEY REFERENCES outbox (seq),
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_at      INTEGER NOT NULL,
  delivered_at INTEGER,
  last_error   TEXT
);
CREATE INDEX outbox_delivery_pending ON outbox_delivery (seq) WHERE delivered_at IS NULL;
CREATE INDEX outbox_by_tid ON outbox (tid, seq);
`;
