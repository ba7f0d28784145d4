// 出库: the warehouse handover of a packed parcel, recorded per line. Refused when any line of the order
// is locked at this moment, or the order is closed (交易关闭: the trade was cancelled, by a platform event or an
// export row 已关闭), asked again inside the write transaction, after whatever the screen showed.
import crypto from 'node:crypto';
import type { ParsedInput } from '../../shared/api/contract.js';
import type { PackOutRecord, PackOutResult, PackStats } from '../../shared/api/pack.js';
import { fromWallClock, wallClock } from '../../shared/rules/time.js';
import type { WriteContext } from '../app/context.js';
import { ApiError } from '../app/errors.js';
import { sql, type Db } from '../db/sql.js';
import { blockFor } from './scan.js';

interface OutRow {
  out_id: string;
  tid: string;
  oid: string;
  sku: string | null;
  title: string | null;
  qty: number;
  at: number;
  station: string;
  clerk: string;
  mode: 'verify' | 'quick';
  batch_no: string | null;
}

const toRecord = (r: OutRow): PackOutRecord => ({
  outId: r.out_id,
  tid: r.tid,
  oid: r.oid,
  sku: r.sku ?? '',
  title: r.title ?? '',
  qty: r.qty,
  at: r.at,
  station: r.station,
  clerk: r.clerk,
  mode: r.mode,
  batchNo: r.batch_no,
});

export function packRecords(db: Db, where: ReturnType<typeof sql>): PackOutRecord[] {
  return db
    .all<OutRow>(
      sql`SELECT p.out_id, p.tid, p.oid, l.sku, l.title, p.qty, p.at, p.station, p.clerk, p.mode, p.batch_no
      FROM pack_outs p LEFT JOIN order_lines l ON l.oid = p.oid WHERE ${where} ORDER BY p.at, p.id`,
    )
    .map(toRecord);
}

type Refused = Extract<PackOutResult, { ok: false }>;
type Done = Omit<Extract<PackOutResult, { ok: true }>, 'stats'>;

export function packOut(ctx: WriteContext, input: ParsedInput<'pack.out'>, station: string): Done | Refused {
  const { tid } = input;
  const lines = ctx.db.all<{ oid: string; qty: number; locked: number; refunded_at: number | null }>(
    sql`SELECT oid, qty, locked, refunded_at FROM order_lines WHERE tid = ${tid}`,
  );
  if (!lines.length) throw new ApiError(404, 'not_found', `order ${tid} not found`, 'tid');
  // The one question that matters, asked again now: is anything of this order locked?
  if (lines.some((l) => l.locked === 1 && l.refunded_at == null)) {
    return { ok: false, reason: 'locked', blocked: blockFor(ctx.db, tid)! };
  }
  const order = ctx.db.get<{ status: string }>(sql`SELECT status FROM orders WHERE tid = ${tid}`);
  if (order?.status === 'closed') throw new ApiError(409, 'closed', `订单 ${tid} 已关闭(交易取消),不要发货`, 'tid', undefined, { tid });
  const byOid = new Map(lines.map((l) => [l.oid, l]));
  const seen = new Set<string>();
  input.lines.forEach((l, i) => {
    const line = byOid.get(l.oid);
    if (!line) throw new ApiError(400, 'invalid_input', `lines[${i}]: ${l.oid} is not a line of order ${tid}`, `lines[${i}].oid`);
    if (seen.has(l.oid)) throw new ApiError(400, 'invalid_input', `lines[${i}]: ${l.oid} listed twice`, `lines[${i}].oid`);
    seen.add(l.oid);
    if (line.refunded_at != null) throw new ApiError(409, 'changed', `子订单 ${l.oid} 已退款,请重新扫描订单`, `lines[${i}].oid`);
    if (l.qty !== line.qty)
      throw new ApiError(409, 'changed', `子订单 ${l.oid} 应为 ${line.qty} 件,验货 ${l.qty} 件,请重新扫描订单`, `lines[${i}].qty`);
  });
  const already = ctx.db.all<{ oid: string; station: string; at: number }>(
    sql`SELECT oid, station, at FROM pack_outs WHERE oid IN (${sql.join(
      input.lines.map((l) => sql`${l.oid}`),
      ', ',
    )})`,
  );
  if (already.length) {
    throw new ApiError(409, 'already_out', `已出库:${already.map((a) => `${a.oid}(${a.station})`).join('、')}`, 'lines');
  }
  const outId = crypto.randomUUID();
  const clerk = input.clerk ?? '';
  for (const l of input.lines) {
    const batch = ctx.db.get<{ batch_no: string }>(
      sql`SELECT bl.batch_no FROM batch_lines bl JOIN batches b ON b.batch_no = bl.batch_no
        WHERE bl.oid = ${l.oid} AND b.status = 'open' ORDER BY b.created_at DESC LIMIT 1`,
    );
    ctx.db.run(sql`INSERT INTO pack_outs (out_id, tid, oid, qty, at, station, clerk, mode, code, batch_no)
      VALUES (${outId}, ${tid}, ${l.oid}, ${l.qty}, ${ctx.now}, ${station}, ${clerk}, ${input.mode}, ${input.code}, ${batch?.batch_no ?? null})`);
  }
  ctx.db.run(sql`INSERT INTO audit_log (at, actor, action, tid, detail)
    VALUES (${ctx.now}, ${clerk || station}, 'pack_out', ${tid}, ${`${station} ${input.mode} ${input.lines.map((l) => `${l.oid}×${l.qty}`).join(',')}`})`);
  ctx.touched.add(tid);
  return { ok: true, outId, tid, at: ctx.now, records: packRecords(ctx.db, sql`p.out_id = ${outId}`) };
}

export function packStats(db: Db, station: string, now: number, timeZone: string): PackStats {
  const w = wallClock(now, timeZone);
  const dayStart = fromWallClock({ ...w, hour: 0, minute: 0, second: 0 }, timeZone);
  const hourStart = fromWallClock({ ...w, minute: 0, second: 0 }, timeZone);
  const count = (since: number) =>
    db.get<{ n: number }>(sql`SELECT COUNT(DISTINCT out_id) AS n FROM pack_outs WHERE station = ${station} AND at >= ${since}`)!.n;
  const last = db.get<{ batch_no: string }>(
    sql`SELECT batch_no FROM pack_outs WHERE station = ${station} AND batch_no IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1`,
  );
  let batch: PackStats['batch'] = null;
  if (last) {
    const done = db.get<{ n: number }>(sql`SELECT COUNT(DISTINCT tid) AS n FROM pack_outs WHERE batch_no = ${last.batch_no}`)!.n;
    const total = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM batch_slots WHERE batch_no = ${last.batch_no}`)!.n;
    batch = { batchNo: last.batch_no, done, total: Math.max(total, done) };
  }
  return { station, today: count(dayStart), hour: count(hourStart), batch };
}
