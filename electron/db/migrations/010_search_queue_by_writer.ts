// The order writer queues the tid of every order and line it inserts in search_queue itself, in the same
// transaction; the update and delete triggers of migration 006 stay. An AFTER INSERT trigger made SQLite
// keep a statement journal for every insert into orders and order_lines (a trigger makes the statement a
// multi-write one, and NOT NULL and foreign key checks can abort it), copying each page the insert touched:
// measured at about half of the SQL time of an order with its lines. Only electron/orders/ inserts these rows.
export default /* sql */ `
DROP TRIGGER order_search_order_ins;
DROP TRIGGER order_search_line_ins;
`;
