// Alerts: at most one open alert per (order, kind); raising again is a no-op, resolving closes it.
import {
  ALERT_GROUP_ORDER,
  PINNED_ALERT_KINDS,
  type AlertGroupCount,
  type AlertItemView,
  type AlertPage,
} from '../../shared/api/office.js';
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
  const kindList = sql.list(kinds);
  let open: OpenRow[] = [];
  if (!scope) {
    open = db.rows<OpenRow>(sql`SELECT id, tid, kind, severity, due_at, detail FROM alerts INDEXED BY alerts_open_by_kind
      WHERE resolved_at IS NULL AND kind IN (${kindList})`);
  } else {
    for (let i = 0; i < scope.length; i += 500) {
      const chunk = sql.list(scope.slice(i, i + 500));
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
  const unmute = db.prepare('UPDATE alerts SET acked_at = NULL, acked_by = NULL, snoozed_until = NULL WHERE id = ?');
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
      if (d.severity === 'critical' && cur[3] !== 'critical') {
        raised.push(d);
        unmute.run(cur[0]); // an escalation comes back to the open list, whoever acknowledged or snoozed it
      }
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

// ---- Paged reading, group counts, acknowledge and snooze (issue #12) ----

const RANK = sql.raw(
  `CASE kind ${ALERT_GROUP_ORDER.map((k, i) => `WHEN '${k}' THEN ${i}`).join(' ')} ELSE ${ALERT_GROUP_ORDER.length} END`,
);
/** Most overdue first: earliest due time, alerts without one last. */
const DUE_KEY = sql.raw(`COALESCE(due_at, 9007199254740991)`);

/** Open = unresolved, not acknowledged, not snoozed now. The badge counts these. */
export function stateCondition(state: 'open' | 'muted' | 'all', now: number) {
  if (state === 'all') return sql`1 = 1`;
  const muted = sql`(acked_at IS NOT NULL OR COALESCE(snoozed_until, 0) > ${now})`;
  return state === 'open' ? sql`resolved_at IS NULL AND NOT ${muted}` : sql`resolved_at IS NULL AND ${muted}`;
}

/** Open alerts for the badge (the same condition as the alert page's total). */
export function openAlertCounts(db: Db, now: number): { open: number; critical: number } {
  return db.get<{ open: number; critical: number }>(sql`SELECT COUNT(*) AS open, COALESCE(SUM(severity = 'critical'), 0) AS critical
    FROM alerts WHERE ${stateCondition('open', now)}`)!;
}

interface PageRow extends AlertRow {
  acked_at: number | null;
  acked_by: string | null;
  snoozed_until: number | null;
  rank: number;
  due_key: number;
}

const toItem = (r: PageRow): AlertItemView => ({
  id: r.id,
  tid: r.tid,
  kind: r.kind,
  severity: r.severity,
  dueAt: r.due_at,
  raisedAt: r.raised_at,
  resolvedAt: r.resolved_at,
  detail: r.detail,
  ackedAt: r.acked_at,
  ackedBy: r.acked_by,
  snoozedUntil: r.snoozed_until,
});

export class BadAlertCursorError extends Error {
  readonly path = 'cursor';
  constructor() {
    super('cursor is not one this server issued');
  }
}

/**
 * One page of alerts in display order (group rank, most overdue first, id). Keyset paging: every alert of
 * the state appears exactly once across the pages, whatever the page size.
 */
export function listAlertPage(
  db: Db,
  input: { state: 'open' | 'muted' | 'all'; kind?: AlertKind; limit: number; cursor?: string },
  now: number,
): AlertPage {
  const conds = [stateCondition(input.state, now)];
  if (input.kind) conds.push(sql`kind = ${input.kind}`);
  const page = [...conds];
  if (input.cursor) {
    let c: unknown;
    try {
      c = JSON.parse(Buffer.from(input.cursor, 'base64url').toString('utf8'));
    } catch {
      throw new BadAlertCursorError();
    }
    if (!Array.isArray(c) || c.length !== 3 || !c.every((n) => typeof n === 'number')) throw new BadAlertCursorError();
    const [rank, due, id] = c as [number, number, number];
    page.push(sql`(${RANK}, ${DUE_KEY}, id) > (${rank}, ${due}, ${id})`);
  }
  const rows = db.all<PageRow>(sql`SELECT id, tid, kind, severity, due_at, raised_at, resolved_at, detail, acked_at, acked_by,
      snoozed_until, ${RANK} AS rank, ${DUE_KEY} AS due_key
    FROM alerts WHERE ${sql.join(page, ' AND ')} ORDER BY rank, due_key, id LIMIT ${input.limit + 1}`);
  const more = rows.length > input.limit;
  const shown = more ? rows.slice(0, input.limit) : rows;
  const last = shown[shown.length - 1];
  const groupRows = db.all<{ kind: AlertKind; count: number; critical: number }>(sql`SELECT kind, COUNT(*) AS count,
      COALESCE(SUM(severity = 'critical'), 0) AS critical FROM alerts WHERE ${stateCondition(input.state, now)} GROUP BY kind`);
  const groups: AlertGroupCount[] = groupRows
    .map((g) => ({ ...g, pinned: PINNED_ALERT_KINDS.includes(g.kind) }))
    .sort((a, b) => rankOf(a.kind) - rankOf(b.kind));
  const total = input.kind ? (groups.find((g) => g.kind === input.kind)?.count ?? 0) : groups.reduce((n, g) => n + g.count, 0);
  const muted =
    input.state === 'open' ? db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM alerts WHERE ${stateCondition('muted', now)}`)!.n : 0;
  return {
    items: shown.map(toItem),
    total,
    nextCursor: more && last ? Buffer.from(JSON.stringify([last.rank, last.due_key, last.id])).toString('base64url') : null,
    groups,
    muted,
  };
}

function rankOf(kind: AlertKind): number {
  const i = ALERT_GROUP_ORDER.indexOf(kind);
  return i < 0 ? ALERT_GROUP_ORDER.length : i;
}

export function getAlert(db: Db, id: number): AlertItemView | null {
  const r = db.get<PageRow>(sql`SELECT id, tid, kind, severity, due_at, raised_at, resolved_at, detail, acked_at, acked_by,
    snoozed_until, 0 AS rank, 0 AS due_key FROM alerts WHERE id = ${id}`);
  return r ? toItem(r) : null;
}

/** Acknowledge (until it escalates to critical), snooze (until a time) or unmute one alert. */
export function muteAlert(
  db: Db,
  id: number,
  m: { ack: true; by: string; now: number } | { snoozeUntil: number } | { unmute: true },
): boolean {
  if ('ack' in m) return db.run(sql`UPDATE alerts SET acked_at = ${m.now}, acked_by = ${m.by} WHERE id = ${id}`).changes > 0;
  if ('snoozeUntil' in m) return db.run(sql`UPDATE alerts SET snoozed_until = ${m.snoozeUntil} WHERE id = ${id}`).changes > 0;
  return db.run(sql`UPDATE alerts SET acked_at = NULL, acked_by = NULL, snoozed_until = NULL WHERE id = ${id}`).changes > 0;
}
