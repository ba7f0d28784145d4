// Deadline checks: work orders, negotiated shipping, the scheduler's last runs, and the indexes the checks select by.
export default /* sql */ `
ALTER TABLE orders ADD COLUMN negotiated_deadline INTEGER;
ALTER TABLE orders ADD COLUMN no_auto_compensation INTEGER NOT NULL DEFAULT 0;

CREATE TABLE workorders (
  work_order_id TEXT PRIMARY KEY,
  tid           TEXT NOT NULL,
  kind          TEXT NOT NULL,            -- urge_ship | urge_pickup
  created_at    INTEGER NOT NULL,
  due_at        INTEGER NOT NULL,
  status        TEXT NOT NULL,            -- open | closed | not_applicable
  closed_at     INTEGER,
  close_action  TEXT,                     -- picked_up | refunded | replied | complaint_filed
  note          TEXT NOT NULL DEFAULT '',
  updated_at    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX workorders_open_by_due ON workorders (due_at) WHERE status = 'open';
CREATE INDEX workorders_by_tid ON workorders (tid, kind);

CREATE TABLE negotiations (
  negotiation_id    TEXT PRIMARY KEY,
  tid               TEXT NOT NULL,
  proposed_deadline INTEGER NOT NULL,
  sent_at           INTEGER NOT NULL,
  valid_until       INTEGER NOT NULL,
  status            TEXT NOT NULL,        -- open | agreed | declined | expired
  answered_at       INTEGER,
  by                TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX negotiations_open_by_validity ON negotiations (valid_until) WHERE status = 'open';
CREATE INDEX negotiations_by_tid ON negotiations (tid, sent_at);

CREATE TABLE job_runs (
  name             TEXT PRIMARY KEY,
  last_run_at      INTEGER NOT NULL,
  last_duration_ms REAL NOT NULL,
  last_error       TEXT,
  runs             INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Lines handed over for shipping and not yet scanned by the courier (pickup and fake-shipping checks).
CREATE INDEX order_lines_awaiting_pickup ON order_lines (shipped_at) WHERE shipped_at IS NOT NULL AND picked_up_at IS NULL AND refunded_at IS NULL;
-- Spot orders not yet picked up, by creation time (72 h pickup rule).
CREATE INDEX orders_spot_open_by_created ON orders (created_at, status, collect_deadline)
  WHERE order_type = 'spot' AND status IN ('paid', 'shipped');
CREATE INDEX orders_open_by_collect ON orders (collect_deadline, status, order_type, created_at)
  WHERE collect_deadline IS NOT NULL AND status IN ('paid', 'shipped');
-- Orders with a secret number, by when the trade succeeded or the number expires.
CREATE INDEX orders_secret_by_succeeded ON orders (succeeded_at) WHERE contact_secret_no IS NOT NULL AND succeeded_at IS NOT NULL;
CREATE INDEX orders_secret_by_expiry ON orders (secret_expires_at) WHERE contact_secret_no IS NOT NULL AND secret_expires_at IS NOT NULL;
CREATE INDEX alerts_by_tid_kind ON alerts (tid, kind);
`;
