// The deadline indexes split by status instead of overlapping. Migration 001 kept two covering indexes on
// (ship_deadline, tid, …): one of the paid orders (the pending list) and one of every order (the history
// views). Every new paid order went into both, and its two entries land at random places of the two b-trees
// (deadlines do not follow arrival order): measured at about a quarter of the pages a 1,000-event request
// writes to the WAL. Now the second index holds only the orders that are not paid; the history views read
// both indexes and merge them (electron/orders/query.ts). An order moves from one to the other when it ships.
// status is in the second index's columns: SQLite omits an equality term of a partial index's WHERE (the pending
// one), but it still reads the column to test <>, which would send every history row back to the table.
export default /* sql */ `
DROP INDEX orders_by_deadline;
CREATE INDEX orders_settled_by_deadline ON orders (ship_deadline, tid, window_at, platform, order_type, seller_flag, status)
  WHERE status <> 'paid';
`;
