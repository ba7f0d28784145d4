// The one way a real contact comes out (rules.md, Masking): a supervisor's explicit reveal, for one order,
// with the supervisor PIN (checked by security/pin.ts before the transaction) and a reason, written to the
// audit log. Wrong PINs are audited too.
import type { WriteContext } from '../app/context.js';
import { ApiError } from '../app/errors.js';
import { sql } from '../db/sql.js';
import type { SealedBuyer } from './write.js';

export interface Revealed {
  tid: string;
  name: string;
  phone: string | null;
  secretNo: string | null;
  /** The secret number's extension (dialled after it). */
  extension: string | null;
  address: string;
  /** The platform exported the receiver encrypted: nothing to reveal. */
  encrypted: boolean;
}

/** The real contact, or null for a wrong PIN (the denial is audited; the caller refuses after the commit). */
export function reveal(ctx: WriteContext, r: { tid: string; supervisor: string; reason: string }, pinOk: boolean): Revealed | null {
  if (!pinOk) {
    ctx.db.run(
      sql`INSERT INTO audit_log (at, actor, action, tid, detail) VALUES (${ctx.now}, ${r.supervisor}, 'reveal_denied', ${r.tid}, ${r.reason})`,
    );
    return null;
  }
  const row = ctx.db.get<{ sealed: string | null; name: string; phone: string | null; secret_no: string | null; address: string }>(
    sql`SELECT sealed, name, phone, secret_no, address FROM buyer_private WHERE tid = ${r.tid}`,
  );
  const order = ctx.db.get<{ contact_extension: string | null; receiver_encrypted: number }>(
    sql`SELECT contact_extension, receiver_encrypted FROM orders WHERE tid = ${r.tid}`,
  );
  if (!row || !order) throw new ApiError(404, 'not_found', `order ${r.tid} not found`, 'tid');
  ctx.db.run(
    sql`INSERT INTO audit_log (at, actor, action, tid, detail) VALUES (${ctx.now}, ${r.supervisor}, 'reveal', ${r.tid}, ${r.reason})`,
  );
  if (order.receiver_encrypted === 1) {
    // Platform ciphertext is never unmasked or passed on: the platform's own waybill carries the address.
    return {
      tid: r.tid,
      name: '已加密',
      phone: null,
      secretNo: null,
      extension: null,
      address: '已加密(平台加密,无法查看)',
      encrypted: true,
    };
  }
  const b = opened(ctx, r.tid, row);
  const a = b.address as { province?: string; city?: string; district?: string; detail?: string };
  return {
    tid: r.tid,
    name: b.name,
    // The secret number replaces the phone (订单号码保护): a protected order never shows a real phone.
    phone: b.secretNo ? null : b.phone,
    secretNo: b.secretNo,
    extension: b.secretNo ? order.contact_extension : null,
    address: [a.province, a.city, a.district, a.detail].filter(Boolean).join(' '),
    encrypted: false,
  };
}

/** The buyer of a buyer_private row: one sealed value (migration 011), or a row sealed column by column before it. */
function opened(
  ctx: WriteContext,
  tid: string,
  row: { sealed: string | null; name: string; phone: string | null; secret_no: string | null; address: string },
): SealedBuyer {
  if (row.sealed != null) return JSON.parse(ctx.vault.open(row.sealed, tid)) as SealedBuyer;
  const open = (v: string | null) => (v == null ? null : ctx.vault.open(v, tid));
  return {
    name: open(row.name)!,
    phone: open(row.phone),
    secretNo: open(row.secret_no),
    address: JSON.parse(open(row.address)!) as SealedBuyer['address'],
  };
}
