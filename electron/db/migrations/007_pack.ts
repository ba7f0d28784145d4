// Pack station (打包台): 出库 handover records per line, slot numbers (篮号) of the slips in each batch,
// acknowledgements of new-interception alarms, and the buyer's message (买家留言) on orders.
export default /* sql */ `
-- One row per order line handed over at a pack station (验货出库 or scan-and-go). Not "shipped" (that is
-- the tracking upload on order_lines); a warehouse record owned by the pack capability. A line goes out once.
CREATE TABLE pack_outs (
  id       INTEGER PRIMARY KEY,
  out_id   TEXT NOT NULL,            -- one parcel: the lines handed over together
  tid      TEXT NOT NULL,
  oid      TEXT NOT NULL,
  qty      INTEGER NOT NULL,
  at       INTEGER NOT NULL,
  station  TEXT NOT NULL,
  clerk    TEXT NOT NULL DEFAULT '',
  mode     TEXT NOT NULL,            -- verify | quick
  code     TEXT NOT NULL DEFAULT '', -- what was scanned to open the order
  batch_no TEXT                      -- the open batch that held the line, if any
);
CREATE UNIQUE INDEX pack_outs_one_per_line ON pack_outs (oid);
CREATE INDEX pack_outs_by_tid ON pack_outs (tid);
CREATE INDEX pack_outs_by_station ON pack_outs (station, at);
CREATE INDEX pack_outs_by_batch ON pack_outs (batch_no, tid) WHERE batch_no IS NOT NULL;

-- The big number on each packing slip of a batch (篮号 / 序号): fixed when the batch is created, kept when
-- lines are withdrawn, so the parcel in basket 7 is still basket 7 on the 需撤出 list and the pack screen.
CREATE TABLE batch_slots (
  batch_no TEXT NOT NULL,
  tid      TEXT NOT NULL,
  seq      INTEGER NOT NULL,
  PRIMARY KEY (batch_no, tid)
) WITHOUT ROWID;
CREATE INDEX batch_slots_by_tid ON batch_slots (tid);
INSERT INTO batch_slots (batch_no, tid, seq)
  SELECT batch_no, tid, ROW_NUMBER() OVER (PARTITION BY batch_no ORDER BY tid)
  FROM (SELECT DISTINCT batch_no, tid FROM batch_lines);

-- A clerk acknowledged the alarm of a new interception (the red banner on every screen).
CREATE TABLE alarm_acks (
  request_id TEXT PRIMARY KEY,
  at         INTEGER NOT NULL,
  by         TEXT NOT NULL,
  station    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
-- Requests already holding locks when this version is installed are not new.
INSERT INTO alarm_acks (request_id, at, by, station)
  SELECT request_id, MAX(at), 'migration', '' FROM line_locks GROUP BY request_id;

-- (买家留言 is orders.buyer_message, added in 005 and written by the order writer.)
`;
