// Alerts: at most one open alert per (order, kind); raising again is a no-op, resolving closes it.
import { sql, type Db } from '../db/sql.js';

export const ALERT_KINDS = [
  'ship_due_soon', 'ship_overdue', 'pickup_overdue', 'fake_shipping_risk', 'workorder_due_soon', 'workorder_overdue',
  'negotiation_expired', 'privacy_number_expired', 'locked_line_shipped', 'batch_stale',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type Severity = 'info' | 'warning' | 'critical';

export interface AlertView {
  id: number; tid: string; kind: AlertKind; severity: Severity; dueAt: number | null; raisedAt: number;
  resolvedAt: number | null; detail: string;
}

/** Returns true when a new alert was raised (false: one is already open for this order and kind). */
export function raiseAlert(db: Db, a: { tid: string; kind: AlertKind; severity: Severity; dueAt?: number | null; detail?: string; now: number }): boolean {
  const r = db.run(sql`INSERT OR IGNORE INTO alerts (tid, kind, severity, due_at, raised_at, detail)
    VALUES (${a.tid}, ${a.kind}, ${a.severity}, ${a.dueAt ?? null}, ${a.now}, ${a.detail ?? ''})`);
  return r.changes > 0;
}

export function resolveAlert(db: Db, tid: string, kind: AlertKind, now: number): boolean {
  return db.run(sql`UPDATE alerts SET resolved_at = ${now} WHERE tid = ${tid} AND kind = ${kind} AND resolved_at IS NULL`).changes > 0;
}

interface AlertRow { id: number; tid: string; kind: AlertKind; severity: Severity; due_at: number | null; raised_at: number; resolved_at: number | null; detail: string }

export function listAlerts(db: Db, state: 'open' | 'all', limit = 1000): AlertView[] {
  const where = state === 'open' ? sql`resolved_at IS NULL` : sql`1 = 1`;
  return db
    .all<AlertRow>(sql`SELECT id, tid, kind, severity, due_at, raised_at, resolved_at, detail FROM alerts WHERE ${where}
      ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, raised_at DESC LIMIT ${limit}`)
    .map((r) => ({ id: r.id, tid: r.tid, kind: r.kind, severity: r.severity, dueAt: r.due_at, raisedAt: r.raised_at, resolvedAt: r.resolved_at, detail: r.detail }));
}
