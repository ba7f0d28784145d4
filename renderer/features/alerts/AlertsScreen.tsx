// 预警: the counts per group come from the server and add up to the nav badge (open = not acknowledged,
// not snoozed); interception-related groups are pinned on top, then by urgency; each group pages its alerts.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFull } from '../../../shared/rules/time.js';
import { isElectron, send } from '../../api/client.js';
import { useApp } from '../../context.js';
import { errorText } from '../../data/errors.js';
import { useAction, useRpc } from '../../data/hooks.js';
import { useNow } from '../../data/useNow.js';
import { AlertGroup } from './AlertGroup.js';
import './alerts.css';

function notificationState(): NotificationPermission | 'unsupported' | 'electron' {
  if (isElectron()) return 'electron';
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

export function AlertsScreen() {
  const { t } = useTranslation();
  const { settings, openOrder, refreshCounts } = useApp();
  const now = useNow(30_000);
  const [state, setState] = useState<'open' | 'muted'>('open');
  const [notify, setNotify] = useState(notificationState);
  const tz = settings.timeZone;
  const summary = useRpc('alerts.list', { state, limit: 1 }, { reloadOn: ['alerts.changed', 'orders.changed'], reloadDelayMs: 250 });
  const status = useRpc('checks.status', {}, { reloadOn: ['alerts.changed'] });
  const run = useAction(async () => {
    await send('checks.run', {});
    void status.reload();
    void summary.reload();
    refreshCounts();
  });
  const groups = summary.data?.groups ?? [];
  const total = summary.data?.total;
  const critical = groups.reduce((n, g) => n + g.critical, 0);
  const runs = status.data?.runs ?? [];
  const lastRun = runs.reduce<number | null>((m, r) => (r.lastRunAt != null && (m == null || r.lastRunAt > m) ? r.lastRunAt : m), null);
  const error = summary.error ?? status.error ?? run.error;

  const enableNotifications = () => {
    if (typeof Notification === 'undefined') return;
    void Notification.requestPermission().then(
      () => setNotify(notificationState()),
      () => setNotify(notificationState()),
    );
  };

  return (
    <div className="page alerts-page">
      <header className="page-head alerts-head">
        <div>
          <h1>{t('alerts.title')}</h1>
          <p className="muted" data-testid="alerts-summary">
            {total == null
              ? '…'
              : state === 'open'
                ? t('alerts.summary', { count: total, critical })
                : t('alerts.mutedSummary', { count: total })}
            {lastRun != null && <> · {t('alerts.lastRun', { at: formatFull(lastRun, tz) })}</>}
          </p>
          <span hidden data-testid="alerts-total">
            {total ?? ''}
          </span>
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
          <button className="btn primary" onClick={() => void run.run()} disabled={run.busy} data-testid="checks-run">
            {run.busy ? t('alerts.running') : t('alerts.runNow')}
          </button>
        </div>
      </header>
      {error != null && <div className="banner error">{errorText(error, t)}</div>}

      <div className="alerts-tabs" role="tablist">
        <button
          className={`btn small${state === 'open' ? ' on' : ''}`}
          role="tab"
          aria-selected={state === 'open'}
          onClick={() => setState('open')}
        >
          {t('alerts.tabOpen')}
        </button>
        <button
          className={`btn small${state === 'muted' ? ' on' : ''}`}
          role="tab"
          aria-selected={state === 'muted'}
          onClick={() => setState('muted')}
          data-testid="alerts-tab-muted"
        >
          {t('alerts.tabMuted')}
          {state === 'open' && summary.data ? ` (${summary.data.muted})` : ''}
        </button>
      </div>

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
            {g.pinned ? '📌 ' : ''}
            {t(`alertKind.${g.kind}`)} <b>{g.count}</b>
          </a>
        ))}
      </div>

      {summary.data && groups.length === 0 && (
        <div className="card empty" data-testid="alerts-empty">
          ✓ {t('alerts.empty')}
        </div>
      )}

      {groups.map((g) => (
        <AlertGroup
          key={`${state}-${g.kind}`}
          group={g}
          state={state}
          now={now}
          timeZone={tz}
          onOpenOrder={openOrder}
          onChanged={refreshCounts}
        />
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
                  {t(`job.${r.name as keyof typeof settings.checkSchedules}`)}{' '}
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
