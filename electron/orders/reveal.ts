// The one way a real contact comes out (rules.md, Masking): a supervisor's explicit reveal, for one order,
// with the supervisor PIN (checked by security/pin.ts before the transaction) and a reason, written to the
// audit log. Wrong PINs are audited too.
import type { WriteContext } from '../app/context.js';
import { ApiError } from '../app/errors.js';
import { sql } from '../db/sql.js';

export interface Revealed {
  tid: string;
  name: string;
  phone: string | null;
  secretNo: string | null;
  address: string;
}

/** The real contact, or null for a wrong PIN (the denial is audited; the caller refuses after the commit). */
export function reveal(ctx: WriteContext, r: { tid: string; supervisor: string; reason: string }, pinOk: boolean): Revealed | null {
  if (!pinOk) {
    ctx.db.run(
      sql`INSERT INTO audit_log (at, actor, action, tid, detail) VALUES (${ctx.now}, ${r.supervisor}, 'reveal_denied', ${r.tid}, ${r.reason})`,
    );
    return null;
  }
  const row = ctx.db.get<{ name: string; phone: string | null; secret_no: string | null; address: string }>(
    sql`SELECT name, phone, secret_no, address FROM buyer_private WHERE tid = ${r.tid}`,
  );
  if (!row) throw new ApiError(404, 'not_found', `order ${r.tid} not found`, 'tid');
  ctx.db.run(
    sql`INSERT INTO audit_log (at, actor, action, tid, detail) VALUES (${ctx.now}, ${r.supervisor}, 'reveal', ${r.tid}, ${r.reason})`,
  );
  const a = JSON.parse(row.address) as { province?: string; city?: string; district?: string; detail?: string };
  return {
    tid: r.tid,
    name: row.name,
    phone: row.phone,
    secretNo: row.secret_no,
    address: [a.province, a.city, a.district, a.detail].filter(Boolean).join(' '),
  };
}
