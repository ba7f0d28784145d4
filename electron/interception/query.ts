import type { InterceptionView } from '../../shared/api/contract.js';
import type { InterceptionSource, InterceptionStatus } from '../../shared/rules/interception.js';
import { sql, type Db } from '../db/sql.js';

interface Row {
  request_id: string;
  tid: string;
  oids: string | null;
  source: InterceptionSource;
  reason: string;
  status: InterceptionStatus;
  result: 'SUCCESS' | 'FAIL' | null;
  message: string | null;
  requested_at: number;
  received_at: number;
  decided_at: number | null;
  updated_at: number;
}

function views(db: Db, rows: Row[], withHistory: boolean): InterceptionView[] {
  if (!rows.length) return [];
  const ids = sql.join(
    rows.map((r) => sql`${r.request_id}`),
    ', ',
  );
  const locks = db.all<{ request_id: string; oid: string }>(
    sql`SELECT request_id, oid FROM line_locks WHERE request_id IN (${ids}) ORDER BY oid`,
  );
  // Locked lines still sitting in a printed open batch: the parcel has not been pulled out yet (已锁单·待撤出).
  const pulls = db.all<{ request_id: string; oid: string; batch_no: string; seq: number | null; bin: string | null }>(
    sql`SELECT k.request_id, k.oid, bl.batch_no, s.seq, COALESCE(l.bin, sk.bin) AS bin
      FROM line_locks k JOIN batch_lines bl ON bl.oid = k.oid JOIN batches b ON b.batch_no = bl.batch_no
      JOIN order_lines l ON l.oid = k.oid LEFT JOIN skus sk ON sk.sku = l.sku
      LEFT JOIN batch_slots s ON s.batch_no = bl.batch_no AND s.tid = bl.tid
      WHERE k.request_id IN (${ids}) AND b.status = 'open' AND b.printed_at IS NOT NULL ORDER BY k.oid`,
  );
  const hist = withHistory
    ? db.all<{
        request_id: string;
        at: number;
        from_status: InterceptionStatus | null;
        to_status: InterceptionStatus;
        actor: string;
        note: string;
      }>(sql`SELECT request_id, at, from_status, to_status, actor, note FROM interception_history WHERE request_id IN (${ids}) ORDER BY id`)
    : [];
  return rows.map((r) => ({
    requestId: r.request_id,
    tid: r.tid,
    oids: r.oids ? (JSON.parse(r.oids) as string[]) : null,
    lockedOids: locks.filter((l) => l.request_id === r.request_id).map((l) => l.oid),
    source: r.source,
    reason: r.reason,
    status: r.status,
    result: r.result,
    message: r.message,
    requestedAt: r.requested_at,
    receivedAt: r.received_at,
    decidedAt: r.decided_at,
    updatedAt: r.updated_at,
    toWithdraw: pulls
      .filter((p) => p.request_id === r.request_id)
      .map((p) => ({ oid: p.oid, batchNo: p.batch_no, seq: p.seq, bin: p.bin })),
    history: hist
      .filter((h) => h.request_id === r.request_id)
      .map((h) => ({ at: h.at, from: h.from_status, to: h.to_status, actor: h.actor, note: h.note })),
  }));
}

const COLS = sql.raw('request_id, tid, oids, source, reason, status, result, message, requested_at, received_at, decided_at, updated_at');

export function getInterception(db: Db, requestId: string): InterceptionView | null {
  const row = db.get<Row>(sql`SELECT ${COLS} FROM interceptions WHERE request_id = ${requestId}`);
  return row ? views(db, [row], true)[0]! : null;
}

export function listInterceptions(
  db: Db,
  f: { status?: InterceptionStatus; open?: boolean; q?: string; limit: number },
): InterceptionView[] {
  const conds = [sql`1 = 1`];
  if (f.status) conds.push(sql`status = ${f.status}`);
  if (f.open === true) {
    conds.push(
      sql`(status IN ('waiting', 'received', 'locked') OR (status = 'failed' AND EXISTS (SELECT 1 FROM line_locks l WHERE l.request_id = interceptions.request_id)))`,
    );
  }
  if (f.q) conds.push(sql`(tid = ${f.q} OR request_id = ${f.q})`);
  const rows = db.all<Row>(
    sql`SELECT ${COLS} FROM interceptions WHERE ${sql.join(conds, ' AND ')} ORDER BY received_at DESC LIMIT ${f.limit}`,
  );
  return views(db, rows, true);
}

export function openInterceptionCount(db: Db): number {
  return db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM interceptions WHERE status IN ('waiting', 'received', 'locked')
    OR (status = 'failed' AND EXISTS (SELECT 1 FROM line_locks l WHERE l.request_id = interceptions.request_id))`)!.n;
}
