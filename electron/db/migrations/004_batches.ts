// Pick-list batches (拣货批次): which order lines each holds, when it was printed.
export default /* sql */ `
CREATE TABLE batches (
  batch_no    TEXT PRIMARY KEY,
  station     TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  created_by  TEXT NOT NULL,
  filters     TEXT NOT NULL DEFAULT '{}',
  printed_at  INTEGER,
  print_count INTEGER NOT NULL DEFAULT 0,
  status      TEXT NOT NULL DEFAULT 'open'   -- open | cancelled
) WITHOUT ROWID;
CREATE INDEX batches_by_created ON batches (created_at);

CREATE TABLE batch_lines (
  batch_no TEXT NOT NULL REFERENCES batches (batch_no),
  oid      TEXT NOT NULL,
  tid      TEXT NOT NULL,
  qty      INTEGER NOT NULL,
  PRIMARY KEY (batch_no, oid)
) WITHOUT ROWID;
CREATE INDEX batch_lines_by_oid ON batch_lines (oid);
CREATE INDEX batch_lines_by_tid ON batch_lines (tid);

CREATE TABLE batch_history (
  id       INTEGER PRIMARY KEY,
  batch_no TEXT NOT NULL,
  at       INTEGER NOT NULL,
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  detail   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX batch_history_by_batch ON batch_history (batch_no, id);
`;
