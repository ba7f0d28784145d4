// The check jobs: each selects candidate rows with indexed SQL, applies the pure rules from
// shared/rules/checks.ts, and reconciles the open alerts of its kinds. No scan of all orders in JS.
import type { OrderStatus } from '../../shared/domain.js';
import {
  fakeShippingAlert,
  pickupAlert,
  shipDeadlineAlert,
  workorderAlert,
  type AlertKind,
  type CheckSettings,
} from '../../shared/rules/checks.js';
import { HOUR } from '../../shared/rules/time.js';
import type { CheckJob } from '../../shared/settings.js';
import { reconcileAlerts, type DesiredFor } from '../alerts/index.js';
import type { WriteContext } from '../app/context.js';
import { sql } from '../db/sql.js';
import { refreshUrgeShipDue } from './workorders.js';

export interface JobResult {
  job: CheckJob;
  candidates: number;
  raised: DesiredFor[];
  resolved: number;
}

function cfgOf(ctx: WriteContext): CheckSettings {
  return { ...ctx.settings.checks, dueSoonHours: ctx.settings.dueSoonHours };
}

/**
 * Ship deadlines. A full run reconciles every paid order within the horizon. An incremental run (the
 * minute tick) looks only at what can have changed since `since`: deadlines that crossed the due-soon or
 * overdue line in between, and orders written since (shipped, refunded, a new deadline) that either may
 * need an alert now (paid, due within the horizon) or hold one that may have to go. An order written since
 * that is neither changes nothing, so it is not read: after a 1,000,000-row import this keeps the first
 * tick to the orders it matters for instead of every imported order (seconds on the main thread).
 */
function shipDeadline(ctx: WriteContext, since: number | null): JobResult {
  const cfg = cfgOf(ctx);
  const soon = cfg.dueSoonHours * HOUR;
  const kinds: AlertKind[] = ['ship_due_soon', 'ship_overdue'];
  const rows =
    since == null
      ? ctx.db.rows<[string, number | null, string]>(
          sql`SELECT tid, ship_deadline, status FROM orders WHERE status = 'paid' AND ship_deadline <= ${ctx.now + soon}`,
        )
      : ctx.db.rows<[string, number | null, string]>(sql`
        SELECT tid, ship_deadline, status FROM orders WHERE status = 'paid' AND ship_deadline > ${since} AND ship_deadline <= ${ctx.now}
        UNION SELECT tid, ship_deadline, status FROM orders WHERE status = 'paid' AND ship_deadline > ${since + soon} AND ship_deadline <= ${ctx.now + soon}
        UNION SELECT tid, ship_deadline, status FROM orders o INDEXED BY orders_by_updated WHERE updated_at >= ${since}
          AND ((status = 'paid' AND ship_deadline <= ${ctx.now + soon})
            OR EXISTS (SELECT 1 FROM alerts a WHERE a.tid = o.tid AND a.kind IN (${sql.list(kinds)}) AND a.resolved_at IS NULL))`);
  const desired: DesiredFor[] = [];
  for (const [tid, shipDeadline, status] of rows) {
    const a = shipDeadlineAlert({ status: status as OrderStatus, shipDeadline }, ctx.now, cfg);
    if (a) desired.push({ tid, kind: a.kind, severity: a.severity, dueAt: a.dueAt, detail: a.detail });
  }
  const scope = since == null ? undefined : rows.map((r) => r[0]);
  return { job: 'ship_deadline', candidates: rows.length, ...reconcileAlerts(ctx.db, kinds, desired, ctx.now, scope) };
}

/**
 * Pickup clocks and fake-shipping risk, judged per parcel (rules.md §3): a parcel is picked up by its first
 * picked_up scan; an exception scan is an abnormal trail, not a pickup. One alert per order and kind: the
 * parcel whose clock runs out first.
 */
function pickup(ctx: WriteContext): JobResult {
  const cfg = cfgOf(ctx);
  const horizon = ctx.now + cfg.warnHours * HOUR;
  type Facts = {
    tid: string;
    platform: string;
    order_type: string;
    status: string;
    created_at: number | null;
    collect_deadline: number | null;
  };
  const facts = new Map<string, Facts>();
  // Parcels not picked up yet, of orders still awaiting pickup (index parcels_awaiting_pickup).
  const awaiting = ctx.db.all<{ tid: string; tracking_no: string; uploaded_at: number; abnormal_note: string | null }>(
    sql`SELECT p.tid, p.tracking_no, p.uploaded_at, p.abnormal_note FROM parcels p INDEXED BY parcels_awaiting_pickup
      WHERE p.picked_up_at IS NULL AND (NOT EXISTS (SELECT 1 FROM parcel_lines pl WHERE pl.parcel_id = p.id)
        OR EXISTS (SELECT 1 FROM parcel_lines pl JOIN order_lines l ON l.oid = pl.oid WHERE pl.parcel_id = p.id AND l.refunded_at IS NULL))`,
  );
  const parcelsOf = new Map<string, typeof awaiting>();
  for (const p of awaiting) parcelsOf.set(p.tid, [...(parcelsOf.get(p.tid) ?? []), p]);
  // Spot orders not shipped yet whose 72 h clock (Douyin, or a platform switched on in settings) ends within the horizon.
  const derived = ['douyin', ...cfg.derivedPickupPlatforms];
  for (const r of ctx.db.all<Facts>(
    sql`SELECT tid, platform, 'spot' AS order_type, status, created_at, collect_deadline FROM orders
      WHERE order_type = 'spot' AND status IN ('paid', 'shipped') AND created_at <= ${horizon - cfg.pickupHoursSpot * HOUR}
        AND platform IN (${sql.list(derived)})`,
  ))
    facts.set(r.tid, r);
  for (const r of ctx.db.all<Facts>(
    sql`SELECT tid, platform, order_type, status, created_at, collect_deadline FROM orders
      WHERE collect_deadline IS NOT NULL AND status IN ('paid', 'shipped') AND collect_deadline <= ${horizon}`,
  ))
    facts.set(r.tid, r);
  const missing = [...parcelsOf.keys()].filter((t) => !facts.has(t));
  for (let i = 0; i < missing.length; i += 500) {
    const chunk = missing.slice(i, i + 500);
    for (const r of ctx.db.all<Facts>(
      sql`SELECT tid, platform, order_type, status, created_at, collect_deadline FROM orders WHERE tid IN (${sql.list(chunk)})`,
    ))
      facts.set(r.tid, r);
  }
  // The same tracking number on more than one order.
  const shared = ctx.db.all<{ tracking_no: string; tids: string }>(
    sql`SELECT tracking_no, GROUP_CONCAT(DISTINCT tid) AS tids FROM parcels GROUP BY tracking_no HAVING COUNT(DISTINCT tid) > 1`,
  );
  const urgeShip = new Set(
    ctx.db.all<{ tid: string }>(sql`SELECT DISTINCT tid FROM workorders WHERE kind = 'urge_ship'`).map((r) => r.tid),
  );
  const pickupWanted: DesiredFor[] = [];
  const fakeWanted = new Map<string, DesiredFor>();
  const earliest = (list: Array<DesiredFor | null>) =>
    list
      .filter((a): a is DesiredFor => a != null)
      .sort((a, b) => (a.severity === b.severity ? (a.dueAt ?? 0) - (b.dueAt ?? 0) : a.severity === 'critical' ? -1 : 1))[0];
  for (const [tid, f] of facts) {
    const base = {
      platform: f.platform as never,
      orderType: f.order_type as never,
      status: f.status as never,
      createdAt: f.created_at,
      collectDeadline: f.collect_deadline,
      hadUrgeShip: urgeShip.has(tid),
    };
    const parcels = parcelsOf.get(tid) ?? [];
    const candidates = parcels.length
      ? parcels.map((p) => pickupAlert({ ...base, uploadedAt: p.uploaded_at }, ctx.now, cfg))
      : [pickupAlert({ ...base, uploadedAt: null }, ctx.now, cfg)];
    const p = earliest(candidates.map((a) => (a ? { tid, ...a } : null)));
    if (p) pickupWanted.push(p);
    const fake = earliest(
      parcels.map((pc) => {
        const a = fakeShippingAlert(
          { uploadedAt: pc.uploaded_at, sharedWith: null, trackingNo: pc.tracking_no, abnormal: pc.abnormal_note },
          ctx.now,
          cfg,
        );
        return a ? { tid, ...a } : null;
      }),
    );
    if (fake) fakeWanted.set(tid, fake);
  }
  for (const s of shared) {
    const tidsOf = s.tids.split(',');
    for (const tid of tidsOf) {
      const other = tidsOf.filter((t) => t !== tid).join(', ');
      const a = fakeShippingAlert({ uploadedAt: null, sharedWith: other, trackingNo: s.tracking_no }, ctx.now, cfg)!;
      fakeWanted.set(tid, { tid, ...a }); // a shared tracking number outranks a missing scan
    }
  }
  const a = reconcileAlerts(ctx.db, ['pickup_overdue'], pickupWanted, ctx.now);
  const b = reconcileAlerts(ctx.db, ['fake_shipping_risk'], [...fakeWanted.values()], ctx.now);
  return { job: 'pickup', candidates: facts.size + shared.length, raised: [...a.raised, ...b.raised], resolved: a.resolved + b.resolved };
}

function workorders(ctx: WriteContext): JobResult {
  const cfg = cfgOf(ctx);
  refreshUrgeShipDue(ctx);
  const rows = ctx.db.all<{ tid: string; kind: 'urge_ship' | 'urge_pickup'; due_at: number }>(
    sql`SELECT tid, kind, due_at FROM workorders WHERE status = 'open' AND due_at <= ${ctx.now + cfg.workorderDueSoonHours * HOUR}
      ORDER BY due_at`,
  );
  const seen = new Set<string>();
  const desired: DesiredFor[] = [];
  for (const w of rows) {
    if (seen.has(w.tid)) continue; // one alert per order: the earliest work order counts
    seen.add(w.tid);
    const a = workorderAlert({ dueAt: w.due_at, kind: w.kind }, ctx.now, cfg);
    if (a) desired.push({ tid: w.tid, ...a });
  }
  return {
    job: 'workorders',
    candidates: rows.length,
    ...reconcileAlerts(ctx.db, ['workorder_due_soon', 'workorder_overdue'], desired, ctx.now),
  };
}

function negotiations(ctx: WriteContext): JobResult {
  // Unanswered cards past their validity expire; the alert stays while the order still waits to ship.
  const expired = ctx.db.all<{ negotiation_id: string; tid: string; valid_until: number }>(
    sql`SELECT negotiation_id, tid, valid_until FROM negotiations WHERE status = 'open' AND valid_until <= ${ctx.now}`,
  );
  for (const n of expired) ctx.db.run(sql`UPDATE negotiations SET status = 'expired' WHERE negotiation_id = ${n.negotiation_id}`);
  const rows = ctx.db.all<{ tid: string; valid_until: number }>(
    sql`SELECT n.tid, MAX(n.valid_until) AS valid_until FROM negotiations n JOIN orders o ON o.tid = n.tid
      WHERE n.status = 'expired' AND o.status = 'paid'
        AND NOT EXISTS (SELECT 1 FROM negotiations a WHERE a.tid = n.tid AND a.status IN ('open', 'agreed'))
      GROUP BY n.tid`,
  );
  const desired: DesiredFor[] = rows.map((r) => ({
    tid: r.tid,
    kind: 'negotiation_expired',
    severity: 'warning',
    dueAt: r.valid_until,
    detail: '协商发货卡片买家未在有效期内确认,原发货时间不变',
  }));
  return {
    job: 'negotiations',
    candidates: expired.length + rows.length,
    ...reconcileAlerts(ctx.db, ['negotiation_expired'], desired, ctx.now),
  };
}

function privacyNumbers(ctx: WriteContext): JobResult {
  // Raised once per order when the secret number stops working; it never comes back, so it is not re-raised.
  const days = ctx.settings.privacyNumberDays;
  const rows = ctx.db.all<{ tid: string; expiry: number }>(sql`
    SELECT tid, secret_expires_at AS expiry FROM orders WHERE contact_secret_no IS NOT NULL AND secret_expires_at IS NOT NULL
      AND secret_expires_at <= ${ctx.now}
      AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.tid = orders.tid AND a.kind = 'privacy_number_expired')
    UNION ALL
    SELECT tid, succeeded_at + ${days * 24 * HOUR} AS expiry FROM orders WHERE contact_secret_no IS NOT NULL
      AND secret_expires_at IS NULL AND succeeded_at IS NOT NULL AND succeeded_at <= ${ctx.now - days * 24 * HOUR}
      AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.tid = orders.tid AND a.kind = 'privacy_number_expired')`);
  const insert = ctx.db.prepare(`INSERT OR IGNORE INTO alerts (tid, kind, severity, due_at, raised_at, detail)
    VALUES (?, 'privacy_number_expired', 'info', ?, ?, '隐私号(专线号码)已失效')`);
  for (const r of rows) {
    insert.run(r.tid, r.expiry, ctx.now);
    ctx.touched.add(r.tid);
  }
  return { job: 'privacy_numbers', candidates: rows.length, raised: [], resolved: 0 };
}

export type JobFn = (ctx: WriteContext, since: number | null) => JobResult;

/** The check jobs this capability runs; `since` (the last run) lets a job look only at what changed, null asks for a full run. */
export const JOBS: Omit<Record<CheckJob, JobFn>, 'interception_wait'> = {
  ship_deadline: shipDeadline,
  pickup,
  workorders,
  negotiations,
  privacy_numbers: privacyNumbers,
};
