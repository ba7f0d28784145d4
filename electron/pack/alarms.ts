// Alarms people notice: a request that locks lines is "new" until a clerk acknowledges it (the red banner
// on every screen). The push `interception.new` and the missing `alerts.changed` for batch_stale and
// locked_line_shipped are derived here after each commit from rows those writes leave behind
// (interception_history ids, alerts ids), so the interception service itself is not touched.
import type { ChangeEvent } from '../../shared/api/contract.js';
import type { InterceptionAlarm } from '../../shared/api/pack.js';
import type { ChangeBus } from '../app/bus.js';
import type { WriteContext } from '../app/context.js';
import { sql, type Db } from '../db/sql.js';

/** Alarms for these requests (only those holding locks now), newest first. */
export function alarmsFor(db: Db, requestIds: string[], unacknowledgedOnly: boolean): InterceptionAlarm[] {
  if (!requestIds.length) return [];
  const reqs = db.all<{ request_id: string; tid: string; source: string; reason: string; locked_at: number }>(
    sql`SELECT i.request_id, i.tid, i.source, i.reason, MAX(k.at) AS locked_at
      FROM interceptions i JOIN line_locks k ON k.request_id = i.request_id LEFT JOIN alarm_acks a ON a.request_id = i.request_id
      WHERE i.request_id IN (${sql.list(requestIds)})
      GROUP BY i.request_id HAVING ${unacknowledgedOnly ? 0 : 1} = 1 OR MAX(a.at) IS NULL OR MAX(k.at) > MAX(a.at)
      ORDER BY locked_at DESC, i.request_id`,
  );
  if (!reqs.length) return [];
  const lines = db.all<{
    request_id: string;
    oid: string;
    sku: string;
    title: string;
    qty: number;
    bin: string | null;
    batch_no: string | null;
  }>(sql`SELECT k.request_id, l.oid, l.sku, l.title, l.qty, COALESCE(l.bin, s.bin) AS bin,
      (SELECT b.batch_no FROM batch_lines bl JOIN batches b ON b.batch_no = bl.batch_no WHERE bl.oid = l.oid AND b.status = 'open'
        ORDER BY b.printed_at IS NULL, b.printed_at DESC LIMIT 1) AS batch_no
    FROM line_locks k JOIN order_lines l ON l.oid = k.oid LEFT JOIN skus s ON s.sku = l.sku
    WHERE k.request_id IN (${sql.list(reqs.map((r) => r.request_id))}) ORDER BY l.line_no`);
  return reqs.map((r) => {
    const mine = lines.filter((l) => l.request_id === r.request_id);
    const batchNo = mine.map((l) => l.batch_no).find((b) => b != null) ?? null;
    const b = batchNo
      ? db.get<{ seq: number | null; printed_at: number | null }>(
          sql`SELECT s.seq, b.printed_at FROM batches b LEFT JOIN batch_slots s ON s.batch_no = b.batch_no AND s.tid = ${r.tid}
            WHERE b.batch_no = ${batchNo}`,
        )
      : undefined;
    return {
      requestId: r.request_id,
      tid: r.tid,
      source: r.source,
      reason: r.reason,
      lockedAt: r.locked_at,
      lines: mine.map((l) => ({ oid: l.oid, sku: l.sku, title: l.title, qty: l.qty, bin: l.bin })),
      batchNo,
      seq: b?.seq ?? null,
      printed: b?.printed_at != null,
    };
  });
}

/** Every request holding locks that no clerk has acknowledged since it locked. */
export function listAlarms(db: Db): InterceptionAlarm[] {
  const ids = db
    .all<{ request_id: string }>(
      sql`SELECT k.request_id FROM line_locks k LEFT JOIN alarm_acks a ON a.request_id = k.request_id
        GROUP BY k.request_id HAVING MAX(a.at) IS NULL OR MAX(k.at) > MAX(a.at) LIMIT 200`,
    )
    .map((r) => r.request_id);
  return alarmsFor(db, ids, true);
}

export function acknowledgeAlarms(ctx: WriteContext, requestIds: string[], by: string, station: string): void {
  for (const id of requestIds) {
    const tid = ctx.db.get<{ tid: string }>(sql`SELECT tid FROM interceptions WHERE request_id = ${id}`)?.tid;
    if (!tid) continue;
    ctx.db.run(sql`INSERT INTO alarm_acks (request_id, at, by, station) VALUES (${id}, ${ctx.now}, ${by}, ${station})
      ON CONFLICT (request_id) DO UPDATE SET at = excluded.at, by = excluded.by, station = excluded.station`);
    ctx.db.run(sql`INSERT INTO audit_log (at, actor, action, tid, detail)
      VALUES (${ctx.now}, ${by}, 'interception_alarm_acknowledged', ${tid}, ${`${id} @ ${station}`})`);
    ctx.touched.add(tid);
  }
}

const NOTIFY_KINDS = sql.raw(`('batch_stale', 'locked_line_shipped')`);

/**
 * After each commit (an `orders.changed` push): requests that moved to locked/failed while holding locks
 * since the last look → `interception.new`; alerts of the write-path kinds raised since → `alerts.changed`
 * (the scheduler pushes its own). Cheap: two MAX(id) lookups when nothing happened.
 */
export function watchAlarms(db: Db, bus: ChangeBus): () => void {
  const top = (table: 'interception_history' | 'alerts') =>
    db.get<{ n: number | null }>(sql`SELECT MAX(id) AS n FROM ${sql.raw(table)}`)!.n ?? 0;
  let hist = top('interception_history');
  let alerts = top('alerts');
  const check = () => {
    const h = top('interception_history');
    if (h > hist) {
      const ids = db
        .all<{ request_id: string }>(
          sql`SELECT DISTINCT request_id FROM interception_history WHERE id > ${hist} AND id <= ${h} AND to_status IN ('locked', 'failed')`,
        )
        .map((r) => r.request_id);
      hist = h;
      const items = alarmsFor(db, ids, true);
      if (items.length) bus.emit({ kind: 'interception.new', items });
    }
    const a = top('alerts');
    if (a > alerts) {
      const critical = db.all<{ tid: string; kind: string; detail: string }>(
        sql`SELECT tid, kind, detail FROM alerts WHERE id > ${alerts} AND id <= ${a} AND resolved_at IS NULL AND kind IN ${NOTIFY_KINDS}`,
      );
      alerts = a;
      if (critical.length) bus.emit({ kind: 'alerts.changed', critical });
    }
  };
  return bus.subscribe((e: ChangeEvent) => {
    if (e.kind !== 'orders.changed') return;
    try {
      check();
    } catch (err) {
      console.error('[shiplock] alarm check failed', err);
    }
  });
}
