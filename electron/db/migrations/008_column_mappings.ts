// Saved column mappings (issue #10): for an export no built-in reader recognises, which column holds
// which ShipLock field, saved under the header's signature so the same export maps itself next time.
export default /* sql */ `
CREATE TABLE column_mappings (
  id          INTEGER PRIMARY KEY,
  signature   TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  platform    TEXT NOT NULL,
  header      TEXT NOT NULL,   -- JSON array of the header's column names
  fields      TEXT NOT NULL,   -- JSON object: ShipLock field -> column name
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
`;
