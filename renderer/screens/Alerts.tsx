import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertItem, JobRunView } from '../../shared/api/contract.js';
import { formatCountdown } from '../../shared/rules/deadlines.js';
import { formatFull, formatShort } from '../../shared/rules/time.js';
import { isElectron, send } from '../api/client.js';
import { useNow } from '../data/useNow.js';
import { useReloadOn } from '../data/useReloadOn.js';
import { useApp } from '../context.js';
import type { Locale } from '../i18n.js';

export const ALERT_KINDS = [
  'ship_overdue',
  'ship_due_soon',
  'pickup_overdue',
  'fake_shipping_risk',
  'workorder_overdue',
  'workorder_due_soon',
  'negotiation_expired',
  'privacy_number_expired',
  'locked_line_shipped',
  'batch_stale',
] as const;

const COLLAPSED = 10;
const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

function notificationState(): NotificationPermission | 'unsupported' | 'electron' {
  if (isElectron()) return 'electron';
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

export function AlertsScreen() {
  const { t, i18n } = useTranslation();
  const { settings, openOrder, refreshCounts } = useApp();
  const now = useNow(30_000);
  const [items, setItems] = useState<AlertItem[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [runs, setRuns] = useState<JobRunView[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notify, setNotify] = useState(notificationState);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const tz = settings.timeZone;
  const locale = i18n.language as Locale;

  const load = useCallback(() => {
    send('alerts.list', { state: 'open' }).then(
      (r) => {
        setItems(r.items);
        setLoaded(true);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
    send('checks.status', {}).then(
      (r) => setRuns(r.runs),
      () => undefined,
    );
  }, []);

  useEffect(() => load(), [load]);
  useReloadOn(['alerts.changed', 'orders.changed'], load, 200);

  const runNow = () => {
    setRunning(true);
    setError(null);
    send('checks.run', {})
      .then((r) => {
        setRuns(r.runs);
        load();
        refreshCounts();
      })
      .catch((e: Error) => setError(e.message))
      .finally(() => setRunning(false));
  };

  const enableNotifications = () => {
    if (typeof Notification === 'undefined') return;
    void Notification.requestPermission().then(
      () => setNotify(notificationState()),
      () => setNotify(notificationState()),
    );
  };

  const groups = useMemo(() => {
    const by = new Map<string, AlertItem[]>();
    for (const a of items) {
      const list = by.get(a.kind) ?? [];
      list.push(a);
      by.set(a.kind, list);
    }
    const order = (k: string) => {
      const i = (ALERT_KINDS as readonly string[]).indexOf(k);
      return i < 0 ? 99 : i;
    };
    return [...by.entries()]
      .map(([kind, list]) => ({
        kind,
        list: [...list].sort(
          (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity),
        ),
        critical: list.filter((a) => a.severity === 'critical').length,
      }))
      .sort((a, b) => (b.critical > 0 ? 1 : 0) - (a.critical > 0 ? 1 : 0) || order(a.kind) - order(b.kind));
  }, [items]);

  const lastRun = runs.reduce<number | null>((m, r) => (r.lastRunAt != null && (m == null || r.lastRunAt > m) ? r.lastRunAt : m), null);

  return (
    <div className="page alerts-page">
      <header className="page-head alerts-head">
        <div>
          <h1>{t('alerts.title')}</h1>
          <p className="muted" data-testid="alerts-summary">
            {t('alerts.summary', { count: items.length, critical: items.filter((a) => a.severity === 'critical').length })}
            {lastRun != null && <> · {t('alerts.lastRun', { at: formatFull(lastRun, tz) })}</>}
          </p>
        </div>
        <div className="alerts-actions">
          {notify === 'default' && (
            <button className="btn" onClick={enableNotifications} data-testid="notify-enable">
              {t('alerts.notifyEnable')}
            </button>
          )}
          {notify === 'granted' && <span className="muted small">{t('alerts.notifyOn')}</span>}
          {notify === 'denied' && <span className="muted small">{t('alerts.notifyDenied')}</span>}
          {notify === 'electron' && <span className="muted small">{t('alerts.notifyDesktop')}</span>}
          <button className="btn primary" onClick={runNow} disabled={running} data-testid="checks-run">
            {running ? t('alerts.running') : t('alerts.runNow')}
          </button>
        </div>
      </header>
      {error && <div className="banner error">{error}</div>}

      <div className="kind-summary" data-testid="kind-summary">
        {groups.map((g) => (
          <a
            key={g.kind}
            href={`#alerts-${g.kind}`}
            className={`kind-chip${g.critical ? ' critical' : ''}`}
            onClick={(e) => {
              e.preventDefault();
              document.getElementById(`alerts-${g.kind}`)?.scrollIntoView({ block: 'start' });
            }}
          >
            {t(`alertKind.${g.kind}`, { defaultValue: g.kind })} <b>{g.list.length}</b>
          </a>
        ))}
      </div>

      {loaded && items.length === 0 && (
        <div className="card empty" data-testid="alerts-empty">
          ✓ {t('alerts.empty')}
        </div>
      )}

      {groups.map((g) => (
        <section
          key={g.kind}
          id={`alerts-${g.kind}`}
          className={`card alert-group${g.critical ? ' critical' : ''}`}
          data-testid="alert-group"
          data-kind={g.kind}
        >
          <h2>
            {t(`alertKind.${g.kind}`, { defaultValue: g.kind })}
            <span className={`count-pill${g.critical ? ' critical' : ''}`} data-testid="alert-group-count">
              {g.list.length}
            </span>
            <span className="muted small kind-hint">{t(`alertHint.${g.kind}`, { defaultValue: '' })}</span>
          </h2>
          <table className="data-table alert-table">
            <thead>
              <tr>
                <th>{t('alerts.col.severity')}</th>
                <th>{t('alerts.col.tid')}</th>
                <th>{t('alerts.col.due')}</th>
                <th>{t('alerts.col.detail')}</th>
                <th>{t('alerts.col.raised')}</th>
              </tr>
            </thead>
            <tbody>
              {g.list.slice(0, expanded.has(g.kind) ? 500 : COLLAPSED).map((a) => (
                <tr
                  key={a.id}
                  className={`alert-row a-${a.severity}`}
                  data-testid="alert-row"
                  data-tid={a.tid}
                  data-kind={a.kind}
                  onClick={() => openOrder(a.tid)}
                >
                  <td>
                    <span className={`sev sev-${a.severity}`}>{t(`severity.${a.severity}`)}</span>
                  </td>
                  <td>
                    <button
                      className="btn link mono"
                      data-testid="alert-open"
                      onClick={(e) => {
                        e.stopPropagation();
                        openOrder(a.tid);
                      }}
                    >
                      {a.tid}
                    </button>
                  </td>
                  <td className="nowrap">
                    {a.dueAt != null ? (
                      <span className={`countdown ${a.dueAt <= now ? 'overdue' : 'due_soon'}`}>
                        <span className="countdown-left">{formatCountdown(a.dueAt, now, locale)}</span>
                        <span className="countdown-at mono">{formatShort(a.dueAt, tz)}</span>
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>{a.detail}</td>
                  <td className="mono muted nowrap">{formatShort(a.raisedAt, tz)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {g.list.length > COLLAPSED && (
            <button
              className="btn link more-note"
              onClick={() =>
                setExpanded((x) => {
                  const n = new Set(x);
                  if (n.has(g.kind)) n.delete(g.kind);
                  else n.add(g.kind);
                  return n;
                })
              }
              data-testid="alert-group-more"
            >
              {expanded.has(g.kind) ? t('alerts.less') : t('alerts.more', { count: g.list.length - COLLAPSED })}
            </button>
          )}
        </section>
      ))}

      <section className="card">
        <h2>{t('alerts.jobs')}</h2>
        <table className="data-table" data-testid="check-runs">
          <thead>
            <tr>
              <th>{t('alerts.job')}</th>
              <th>{t('alerts.lastRunAt')}</th>
              <th className="r">{t('alerts.duration')}</th>
              <th className="r">{t('alerts.runs')}</th>
              <th>{t('alerts.error')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.name}>
                <td>
                  {t(`job.${r.name}`, { defaultValue: r.name })}{' '}
                  <span className="muted small mono">{settings.checkSchedules[r.name as keyof typeof settings.checkSchedules] ?? ''}</span>
                </td>
                <td className="mono">{r.lastRunAt ? formatFull(r.lastRunAt, tz) : '—'}</td>
                <td className="mono r">{r.lastDurationMs != null ? `${r.lastDurationMs} ms` : '—'}</td>
                <td className="mono r">{r.runs}</td>
                <td className="error-text">{r.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
