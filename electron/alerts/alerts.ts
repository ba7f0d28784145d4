// Alerts: at most one open alert per (order, kind); raising again is a no-op, resolving closes it.
import { sql, type Db } from '../db/sql.js';

import type { AlertKind, Severity } from '../../shared/rules/checks.js';

export type { AlertKind, Severity };

export interface AlertView {
  id: number;
  tid: string;
  kind: AlertKind;
  severity: Severity;
  dueAt: number | null;
  raisedAt: number;
  resolvedAt: number | null;
  detail: string;
}

/** Returns true when a new alert was raised (false: one is already open for this order and kind). */
export function raiseAlert(
  db: Db,
  a: { tid: string; kind: AlertKind; severity: Severity; dueAt?: number | null; detail?: string; now: number },
): boolean {
  const r = db.run(sql`INSERT OR IGNORE INTO alerts (tid, kind, severity, due_at, raised_at, detail)
    VALUES (${a.tid}, ${a.kind}, ${a.severity}, ${a.dueAt ?? null}, ${a.now}, ${a.detail ?? ''})`);
  return r.changes > 0;
}

export function resolveAlert(db: Db, tid: string, kind: AlertKind, now: number): boolean {
  return db.run(sql`UPDATE alerts SET resolved_at = ${now} WHERE tid = ${tid} AND kind = ${kind} AND resolved_at IS NULL`).changes > 0;
}

interface AlertRow {
  id: number;
  tid: string;
  kind: AlertKind;
  severity: Severity;
  due_at: number | null;
  raised_at: number;
  resolved_at: number | null;
  detail: string;
}

export function listAlerts(db: Db, state: 'open' | 'all', limit = 1000): AlertView[] {
  const where = state === 'open' ? sql`resolved_at IS NULL` : sql`1 = 1`;
  return db
    .all<AlertRow>(
      sql`SELECT id, tid, kind, severity, due_at, raised_at, resolved_at, detail FROM alerts WHERE ${where}
      ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, raised_at DESC LIMIT ${limit}`,
    )
    .map((r) => ({
      id: r.id,
      tid: r.tid,
      kind: r.kind,
      severity: r.severity,
      dueAt: r.due_at,
      raisedAt: r.raised_at,
      resolvedAt: r.resolved_at,
      detail: r.detail,
    }));
}

export interface DesiredFor {
  tid: string;
  kind: AlertKind;
  severity: Severity;
  dueAt: number | null;
  detail: string;
}

/**
 * Makes the open alerts of these kinds match the desired set: raises the missing ones, updates the
 * ones whose severity or text changed (a warning that became critical), resolves the rest.
 * Returns the alerts that became critical now (for desktop notifications).
 */
export function reconcileAlerts(
  db: Db,
  kinds: AlertKind[],
  desired: DesiredFor[],
  now: number,
  scope?: string[],
): { raised: DesiredFor[]; resolved: number } {
  // Arrays, not row objects: a kind can have tens of thousands of open alerts. With a scope, only those orders'.
  type OpenRow = [number, string, AlertKind, Severity, number | null, string];
  const kindList = sql.join(
    kinds.map((k) => sql`${k}`),
    ', ',
  );
  let open: OpenRow[] = [];
  if (!scope) {
    open = db.rows<OpenRow>(sql`SELECT id, tid, kind, severity, due_at, detail FROM alerts INDEXED BY alerts_open_by_kind
      WHERE resolved_at IS NULL AND kind IN (${kindList})`);
  } else {
    for (let i = 0; i < scope.length; i += 500) {
      const chunk = sql.join(
        scope.slice(i, i + 500).map((t) => sql`${t}`),
        ', ',
      );
      open.push(
        ...db.rows<OpenRow>(sql`SELECT id, tid, kind, severity, due_at, detail FROM alerts
        WHERE resolved_at IS NULL AND tid IN (${chunk}) AND kind IN (${kindList})`),
      );
    }
  }
  const byKind = new Map<AlertKind, Map<string, OpenRow>>();
  for (const a of open) {
    let m = byKind.get(a[2]);
    if (!m) byKind.set(a[2], (m = new Map()));
    m.set(a[1], a);
  }
  const kept = new Set<number>();
  const raised: DesiredFor[] = [];
  const insert = db.prepare('INSERT INTO alerts (tid, kind, severity, due_at, raised_at, detail) VALUES (?, ?, ?, ?, ?, ?)');
  const update = db.prepare('UPDATE alerts SET severity = ?, due_at = ?, detail = ? WHERE id = ?');
  for (const d of desired) {
    const cur = byKind.get(d.kind)?.get(d.tid);
    if (!cur) {
      insert.run(d.tid, d.kind, d.severity, d.dueAt, now, d.detail);
      if (d.severity === 'critical') raised.push(d);
      continue;
    }
    kept.add(cur[0]);
    if (cur[3] !== d.severity || cur[4] !== d.dueAt || cur[5] !== d.detail) {
      update.run(d.severity, d.dueAt, d.detail, cur[0]);
      if (d.severity === 'critical' && cur[3] !== 'critical') raised.push(d);
    }
  }
  const resolve = db.prepare('UPDATE alerts SET resolved_at = ? WHERE id = ?');
  let resolved = 0;
  for (const a of open) {
    if (!kept.has(a[0])) {
      resolve.run(now, a[0]);
      resolved++;
    }
  }
  return { raised, resolved };
}
