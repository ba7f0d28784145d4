// Parcels (one writer for order facts): a tracking number uploaded for an order's lines, with its upload
// time, its first pickup scan and its abnormal scans. Interception decisions, pickup clocks, fake-shipping
// checks and the duplicate-tracking rule read parcels. Existing shipped lines become parcels here, so an
// upgraded store loses no shipment and no lock (locks are untouched).
export default /* sql */ `
CREATE TABLE parcels (
  id              INTEGER PRIMARY KEY,
  tid             TEXT NOT NULL REFERENCES orders (tid) ON DELETE CASCADE,
  carrier         TEXT NOT NULL DEFAULT '',
  tracking_no     TEXT NOT NULL,
  uploaded_at     INTEGER NOT NULL,
  -- the first picked_up scan (in_transit and signed imply it); exception scans never set it
  picked_up_at    INTEGER,
  abnormal_at     INTEGER,
  abnormal_note   TEXT,
  last_scan_at    INTEGER,
  last_scan_state TEXT,
  source          TEXT NOT NULL,
  UNIQUE (tid, tracking_no)
);
CREATE INDEX parcels_by_tracking ON parcels (tracking_no);
CREATE INDEX parcels_awaiting_pickup ON parcels (uploaded_at) WHERE picked_up_at IS NULL;

CREATE TABLE parcel_lines (
  parcel_id INTEGER NOT NULL REFERENCES parcels (id) ON DELETE CASCADE,
  oid       TEXT NOT NULL,
  PRIMARY KEY (parcel_id, oid)
) WITHOUT ROWID;
CREATE INDEX parcel_lines_by_oid ON parcel_lines (oid);

ALTER TABLE orders ADD COLUMN buyer_message TEXT NOT NULL DEFAULT '';
-- the platform exported the receiver as ciphertext: shown as 已加密, never masked or unmasked
ALTER TABLE orders ADD COLUMN receiver_encrypted INTEGER NOT NULL DEFAULT 0;
-- JD 锁定: the platform holds the order
ALTER TABLE orders ADD COLUMN platform_hold_at INTEGER;
ALTER TABLE orders ADD COLUMN closed_at INTEGER;

-- Requests decided before the interception setup was finished: their memo, flag and notices wait for the catch-up.
ALTER TABLE interceptions ADD COLUMN notice_pending INTEGER NOT NULL DEFAULT 0;

-- Urge work orders: the platform's own due time (wins over a derived one) and the replies entered here.
ALTER TABLE workorders ADD COLUMN platform_due_at INTEGER;
CREATE TABLE workorder_replies (
  id            INTEGER PRIMARY KEY,
  work_order_id TEXT NOT NULL REFERENCES workorders (work_order_id),
  at            INTEGER NOT NULL,
  actor         TEXT NOT NULL,
  text          TEXT NOT NULL,
  tracking_no   TEXT
);
CREATE INDEX workorder_replies_by_order ON workorder_replies (work_order_id, id);

INSERT INTO parcels (tid, carrier, tracking_no, uploaded_at, picked_up_at, last_scan_at, last_scan_state, source)
  SELECT tid, COALESCE(MAX(carrier), ''), tracking_no, MIN(shipped_at), MIN(picked_up_at), MIN(picked_up_at),
    CASE WHEN MIN(picked_up_at) IS NULL THEN NULL ELSE 'picked_up' END, 'migration'
  FROM order_lines WHERE tracking_no IS NOT NULL AND shipped_at IS NOT NULL
  GROUP BY tid, tracking_no;
INSERT INTO parcel_lines (parcel_id, oid)
  SELECT p.id, l.oid FROM order_lines l JOIN parcels p ON p.tid = l.tid AND p.tracking_no = l.tracking_no;
`;
