// Batches (拣货批次): a wave of pending orders picked together. Locked lines never enter a batch;
// a line locked after its batch was printed makes the batch stale (需撤出) until it is pulled out.
import type { BatchSummary, BatchView, CreateBatchInput, StaleLine } from '../../shared/api/contract.js';
import type { OrderView } from '../../shared/domain.js';
import { aggregatePickList, batchNumber, type PickLine } from '../../shared/rules/picklist.js';
import { wallClock } from '../../shared/rules/time.js';
import { raiseAlert, resolveAlert } from '../alerts/index.js';
import type { WriteContext } from '../app/context.js';
import { ApiError } from '../app/errors.js';
import { sql, type Db } from '../db/sql.js';
import { getOrders, type ViewContext } from '../orders/index.js';

/** A line that may go on a new pick list: open, unlocked, and in no open batch. */
const PICKABLE = sql.raw(`l.locked = 0 AND l.shipped_at IS NULL AND l.refunded_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM batch_lines bl JOIN batches b ON b.batch_no = bl.batch_no WHERE bl.oid = l.oid AND b.status = 'open')`);

function history(ctx: WriteContext, batchNo: string, actor: string, action: string, detail = ''): void {
  ctx.db.run(
    sql`INSERT INTO batch_history (batch_no, at, actor, action, detail) VALUES (${batchNo}, ${ctx.now}, ${actor}, ${action}, ${detail})`,
  );
}

function nextBatchNo(ctx: WriteContext): string {
  const w = wallClock(ctx.now, ctx.settings.timeZone);
  const day = `${w.year}${String(w.month).padStart(2, '0')}${String(w.day).padStart(2, '0')}`;
  const prefix = `B${day}-`;
  const last = ctx.db.get<{ batch_no: string }>(
    sql`SELECT batch_no FROM batches WHERE batch_no >= ${prefix} AND batch_no < ${prefix + '\uffff'} ORDER BY batch_no DESC LIMIT 1`,
  );
  const seq = last ? Number(last.batch_no.slice(prefix.length)) + 1 : 1;
  return batchNumber(day, seq);
}

/** Creates a batch from a selection of tids or from filters; returns its number and what was left out. */
export function createBatch(
  ctx: WriteContext,
  input: CreateBatchInput,
  actor: string,
): { batchNo: string; skipped: Array<{ tid: string; reason: string }> } {
  const conds = [sql`o.status = 'paid'`];
  const skipped: Array<{ tid: string; reason: string }> = [];
  if (input.tids) {
    const found = new Map(
      ctx.db
        .all<{ tid: string; status: string }>(sql`SELECT tid, status FROM orders WHERE tid IN (${sql.list(input.tids)})`)
        .map((r) => [r.tid, r.status]),
    );
    input.tids.forEach((tid, i) => {
      if (!found.has(tid)) throw new ApiError(400, 'invalid_input', `tids[${i}]: order ${tid} not found`, `tids[${i}]`);
    });
    for (const tid of input.tids) {
      const status = found.get(tid);
      if (status !== 'paid') skipped.push({ tid, reason: `订单状态 ${status},不在待发货` });
      else if (!ctx.db.get(sql`SELECT 1 FROM order_lines l WHERE l.tid = ${tid} AND ${PICKABLE}`)) {
        const locked = ctx.db.get(sql`SELECT 1 FROM order_lines l WHERE l.tid = ${tid} AND l.locked = 1`);
        skipped.push({ tid, reason: locked ? '已拦截:所有待发商品均已锁单' : '没有可拣的商品(已在其他批次或已发货)' });
      }
    }
    conds.push(sql`o.tid IN (${sql.list(input.tids)})`);
  }
  const f = input.filters ?? {};
  if (f.deadlineBefore != null) conds.push(sql`o.ship_deadline <= ${f.deadlineBefore}`);
  if (f.platform) conds.push(sql`o.platform = ${f.platform}`);
  if (f.orderType) conds.push(sql`o.order_type = ${f.orderType}`);
  if (f.sku) conds.push(sql`EXISTS (SELECT 1 FROM order_lines s WHERE s.tid = o.tid AND s.sku = ${f.sku})`);
  if (f.carrier) conds.push(sql`EXISTS (SELECT 1 FROM order_lines c WHERE c.tid = o.tid AND c.carrier = ${f.carrier})`);
  conds.push(sql`EXISTS (SELECT 1 FROM order_lines l WHERE l.tid = o.tid AND ${PICKABLE})`);
  const tids = ctx.db
    .all<{ tid: string }>(
      sql`SELECT o.tid FROM orders o WHERE ${sql.join(conds, ' AND ')} ORDER BY o.ship_deadline, o.tid LIMIT ${input.maxOrders}`,
    )
    .map((r) => r.tid);
  if (!tids.length)
    throw new ApiError(409, 'empty_batch', '没有符合条件的可拣订单(已拦截、已发货或已在其他批次的不计入)', input.tids ? 'tids' : 'filters');
  const batchNo = nextBatchNo(ctx);
  ctx.db.run(sql`INSERT INTO batches (batch_no, station, created_at, created_by, filters)
    VALUES (${batchNo}, ${ctx.settings.stationName}, ${ctx.now}, ${actor}, ${JSON.stringify(input)})`);
  const insert = ctx.db.prepare(`INSERT INTO batch_lines (batch_no, oid, tid, qty)
    SELECT ?, l.oid, l.tid, l.qty FROM order_lines l WHERE l.tid = ? AND ${PICKABLE.text}`);
  for (const tid of tids) insert.run(batchNo, tid);
  // The big number on each slip (篮号), in slip order; it stays with the order when lines are withdrawn.
  const slot = ctx.db.prepare(`INSERT INTO batch_slots (batch_no, tid, seq) VALUES (?, ?, ?)`);
  tids.forEach((tid, i) => slot.run(batchNo, tid, i + 1));
  history(ctx, batchNo, actor, 'created', `${tids.length} 单`);
  return { batchNo, skipped };
}

export function markPrinted(ctx: WriteContext, batchNo: string, actor: string): void {
  const b = ctx.db.get<{ print_count: number; status: string }>(sql`SELECT print_count, status FROM batches WHERE batch_no = ${batchNo}`);
  if (!b) throw new ApiError(404, 'not_found', `batch ${batchNo} not found`, 'batchNo');
  if (b.status !== 'open') throw new ApiError(409, 'invalid_state', `batch ${batchNo} is ${b.status}`, 'batchNo');
  ctx.db.run(sql`UPDATE batches SET printed_at = ${ctx.now}, print_count = print_count + 1 WHERE batch_no = ${batchNo}`);
  history(ctx, batchNo, actor, b.print_count ? 'reprinted' : 'printed');
}

/** The packer pulled a stale (locked) line out of the batch: it leaves the batch and the alert may clear. */
export function withdrawLine(ctx: WriteContext, batchNo: string, oid: string, actor: string): void {
  const line = ctx.db.get<{ tid: string }>(sql`SELECT tid FROM batch_lines WHERE batch_no = ${batchNo} AND oid = ${oid}`);
  if (!line) throw new ApiError(404, 'not_found', `line ${oid} is not in batch ${batchNo}`, 'oid');
  ctx.db.run(sql`DELETE FROM batch_lines WHERE batch_no = ${batchNo} AND oid = ${oid}`);
  history(ctx, batchNo, actor, 'withdrawn', `${line.tid} / ${oid}`);
  clearStaleAlert(ctx, line.tid);
  ctx.touched.add(line.tid);
}

// A batch line (bl) of its order line (l) and order (o), as pick lists and slips read it: on them when neither
// locked, refunded nor of a closed order (交易关闭: the trade was cancelled, nothing of it ships); to come out
// (需撤出, once printed) when locked, or of a closed order and not refunded (a refunded line simply drops off).
const ON_SLIPS = sql.raw("(l.locked = 0 AND l.refunded_at IS NULL AND o.status <> 'closed')");
const TO_WITHDRAW = sql.raw("(l.locked = 1 OR (o.status = 'closed' AND l.refunded_at IS NULL))");

/** Lines of printed open batches that must come out (需撤出, TO_WITHDRAW). */
function staleRows(db: Db, where: ReturnType<typeof sql>) {
  return db.all<{
    batch_no: string;
    tid: string;
    oid: string;
    sku: string;
    title: string;
    qty: number;
    bin: string | null;
    locked: number;
  }>(
    sql`SELECT bl.batch_no, bl.tid, bl.oid, l.sku, l.title, bl.qty, COALESCE(l.bin, s.bin) AS bin, l.locked
      FROM batch_lines bl JOIN batches b ON b.batch_no = bl.batch_no JOIN order_lines l ON l.oid = bl.oid
      JOIN orders o ON o.tid = bl.tid LEFT JOIN skus s ON s.sku = l.sku
      WHERE b.status = 'open' AND b.printed_at IS NOT NULL AND ${TO_WITHDRAW} AND ${where}`,
  );
}

const STALE_WHY: Record<StaleLine['why'], { history: string; alert: string }> = {
  locked: { history: '已拦截', alert: '' },
  closed: { history: '已关闭', alert: '(订单已关闭)' },
};

/** Raises the 需撤出 alert and history for these stale rows of printed batches. */
function markStale(ctx: WriteContext, rows: ReturnType<typeof staleRows>, why: StaleLine['why']): void {
  const text = STALE_WHY[why];
  for (const r of rows) {
    raiseAlert(ctx.db, {
      tid: r.tid,
      kind: 'batch_stale',
      severity: 'critical',
      now: ctx.now,
      detail: `批次 ${r.batch_no} 需撤出:订单 ${r.tid} ${r.sku}×${r.qty} 库位 ${r.bin ?? '-'}${text.alert}`,
    });
    history(ctx, r.batch_no, 'system', 'stale', `${r.tid} / ${r.oid} ${text.history},需撤出`);
    ctx.touched.add(r.tid);
  }
}

/** Called after lines were locked: printed batches holding them become stale, with an alert per order. */
export function onLinesLocked(ctx: WriteContext, oids: string[]): void {
  if (!oids.length) return;
  markStale(
    ctx,
    staleRows(ctx.db, sql`bl.oid IN (${sql.list(oids)})`).filter((r) => r.locked === 1),
    'locked',
  );
}

/**
 * Called when an order closed (交易关闭, platform or export): its lines on printed batches must come out, as
 * locked ones do. The pack station refuses the order whatever the paper says; this tells the picker first.
 */
export function onOrderClosed(ctx: WriteContext, tid: string): void {
  markStale(
    ctx,
    staleRows(ctx.db, sql`bl.tid = ${tid}`).filter((r) => r.locked === 0),
    'closed',
  );
}

/** After a release, refund or withdrawal: the alert clears when the order has no stale line left. */
export function clearStaleAlert(ctx: WriteContext, tid: string): void {
  if (!staleRows(ctx.db, sql`bl.tid = ${tid}`).length) resolveAlert(ctx.db, tid, 'batch_stale', ctx.now);
}

/** The printed batch (if any) that holds this locked line, for the pack-station block. */
export function printedBatchOf(db: Db, oid: string): string | null {
  return (
    db.get<{ batch_no: string }>(
      sql`SELECT bl.batch_no FROM batch_lines bl JOIN batches b ON b.batch_no = bl.batch_no
      WHERE bl.oid = ${oid} AND b.status = 'open' AND b.printed_at IS NOT NULL ORDER BY b.printed_at DESC LIMIT 1`,
    )?.batch_no ?? null
  );
}

/** The slip of this order in the most recent open batch holding it (printed first), with its number. */
export function slotOf(db: Db, tid: string, printedOnly = false): { batchNo: string; seq: number; printed: boolean } | null {
  const r = db.get<{ batch_no: string; seq: number; printed_at: number | null }>(
    sql`SELECT s.batch_no, s.seq, b.printed_at FROM batch_slots s JOIN batches b ON b.batch_no = s.batch_no
      WHERE s.tid = ${tid} AND b.status = 'open' AND (${printedOnly ? 1 : 0} = 0 OR b.printed_at IS NOT NULL)
        AND EXISTS (SELECT 1 FROM batch_lines bl WHERE bl.batch_no = s.batch_no AND bl.tid = s.tid)
      ORDER BY b.printed_at IS NULL, b.printed_at DESC, b.created_at DESC LIMIT 1`,
  );
  return r ? { batchNo: r.batch_no, seq: r.seq, printed: r.printed_at != null } : null;
}

interface BatchRow {
  batch_no: string;
  station: string;
  created_at: number;
  created_by: string;
  printed_at: number | null;
  print_count: number;
  status: 'open' | 'cancelled';
  filters: string;
}

export function listBatches(db: Db, limit = 200): BatchSummary[] {
  const rows = db.all<BatchRow & { orders: number; lines: number; pieces: number; stale: number }>(sql`
    SELECT b.*, COUNT(DISTINCT CASE WHEN ${ON_SLIPS} THEN bl.tid END) AS orders,
      COALESCE(SUM(${ON_SLIPS}), 0) AS lines,
      COALESCE(SUM(CASE WHEN ${ON_SLIPS} THEN bl.qty ELSE 0 END), 0) AS pieces,
      COALESCE(SUM(${TO_WITHDRAW} AND b.printed_at IS NOT NULL), 0) AS stale
    FROM batches b LEFT JOIN batch_lines bl ON bl.batch_no = b.batch_no LEFT JOIN order_lines l ON l.oid = bl.oid
      LEFT JOIN orders o ON o.tid = bl.tid
    GROUP BY b.batch_no ORDER BY b.created_at DESC, b.batch_no DESC LIMIT ${limit}`);
  return rows.map((r) => ({
    batchNo: r.batch_no,
    station: r.station,
    createdAt: r.created_at,
    createdBy: r.created_by,
    printedAt: r.printed_at,
    printCount: r.print_count,
    status: r.status,
    orderCount: r.orders,
    lineCount: r.lines,
    pieceCount: r.pieces,
    staleCount: r.stale,
  }));
}

/** The whole batch as printed now: pick rows and slips from its unlocked lines, and the stale ones apart. */
export function getBatch(db: Db, batchNo: string, ctx: ViewContext): BatchView {
  const b = db.get<BatchRow>(sql`SELECT * FROM batches WHERE batch_no = ${batchNo}`);
  if (!b) throw new ApiError(404, 'not_found', `batch ${batchNo} not found`, 'batchNo');
  const lines = db.all<PickLine & { locked: number; on_slips: number; to_withdraw: number }>(sql`
    SELECT bl.tid, bl.oid, l.sku, l.title, COALESCE(l.barcode, s.barcode) AS barcode, COALESCE(l.bin, s.bin) AS bin, bl.qty,
      l.locked, ${ON_SLIPS} AS on_slips, ${TO_WITHDRAW} AS to_withdraw
    FROM batch_lines bl JOIN order_lines l ON l.oid = bl.oid JOIN orders o ON o.tid = bl.tid LEFT JOIN skus s ON s.sku = l.sku
    WHERE bl.batch_no = ${batchNo}`);
  // A closed order's lines (交易关闭) leave the pick list and the slips like locked ones: nothing of it ships.
  const live = lines.filter((l) => l.on_slips === 1);
  const lockedLines = lines.filter((l) => l.to_withdraw === 1);
  const requests = lockedLines.length
    ? db.all<{ oid: string; request_id: string }>(
        sql`SELECT oid, request_id FROM line_locks WHERE oid IN (${sql.join(
          lockedLines.map((l) => sql`${l.oid}`),
          ', ',
        )})`,
      )
    : [];
  const seqs = Object.fromEntries(
    db.all<{ tid: string; seq: number }>(sql`SELECT tid, seq FROM batch_slots WHERE batch_no = ${batchNo}`).map((r) => [r.tid, r.seq]),
  );
  const stale: StaleLine[] = lockedLines.map((l) => ({
    why: l.locked === 1 ? 'locked' : 'closed',
    tid: l.tid,
    oid: l.oid,
    sku: l.sku,
    title: l.title,
    qty: l.qty,
    bin: l.bin,
    requestIds: requests.filter((r) => r.oid === l.oid).map((r) => r.request_id),
    seq: seqs[l.tid] ?? null,
  }));
  const liveOids = new Set(live.map((l) => l.oid));
  const orders: OrderView[] = getOrders(db, [...new Set(live.map((l) => l.tid))], ctx).map((o) => ({
    ...o,
    lines: o.lines.filter((l) => liveOids.has(l.oid)),
  }));
  orders.sort((x, y) => (x.shipDeadline ?? 0) - (y.shipDeadline ?? 0) || (x.tid < y.tid ? -1 : 1));
  const hist = db.all<{ at: number; actor: string; action: string; detail: string }>(
    sql`SELECT at, actor, action, detail FROM batch_history WHERE batch_no = ${batchNo} ORDER BY id`,
  );
  return {
    batchNo: b.batch_no,
    station: b.station,
    createdAt: b.created_at,
    createdBy: b.created_by,
    printedAt: b.printed_at,
    printCount: b.print_count,
    status: b.status,
    orderCount: orders.length,
    lineCount: live.length,
    pieceCount: live.reduce((n, l) => n + l.qty, 0),
    staleCount: b.printed_at != null ? stale.length : 0,
    rows: aggregatePickList(live),
    orders,
    stale,
    seqs,
    history: hist,
  };
}

/**
 * lines.reidentified: a batch line held under an export's number (`${tid}-n`) is held under the line's real
 * sub-order id. A row already there for that id (a line once deleted and now back) gives way to the moved one.
 */
export function onLinesReidentified(ctx: WriteContext, renamed: Array<{ from: string; to: string }>): void {
  for (const r of renamed) ctx.db.run(sql`UPDATE OR REPLACE batch_lines SET oid = ${r.to} WHERE oid = ${r.from}`);
}
