// One alert group: its count from the server, its alerts paged (most overdue first), acknowledge and
// snooze per alert. Pinned (interception-related) groups carry a red edge.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertGroupCount, AlertItemView } from '../../../shared/api/office.js';
import { formatCountdown } from '../../../shared/rules/deadlines.js';
import { formatShort } from '../../../shared/rules/time.js';
import { send } from '../../api/client.js';
import { errorText } from '../../data/errors.js';
import { useAction, useRpc } from '../../data/hooks.js';
import type { Locale } from '../../i18n.js';

const PAGE = 20;
const SNOOZE_MINUTES = [60, 240, 1440];

interface Props {
  group: AlertGroupCount;
  state: 'open' | 'muted';
  now: number;
  timeZone: string;
  onOpenOrder: (tid: string) => void;
  onChanged: () => void;
}

export function AlertGroup({ group, state, now, timeZone, onOpenOrder, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const [collapsed, setCollapsed] = useState(false);
  const [shown, setShown] = useState(PAGE);
  // The shown rows in one keyset read (limit = rows wanted), re-read when alerts or orders change.
  const pages = useRpc(
    'alerts.list',
    { state, kind: group.kind, limit: Math.min(1000, shown) },
    { reloadOn: ['alerts.changed', 'orders.changed'], reloadDelayMs: 250 },
  );
  const act = useAction(async (what: 'ack' | 'unmute' | number, a: AlertItemView) => {
    if (what === 'ack') await send('alerts.acknowledge', { id: a.id });
    else if (what === 'unmute') await send('alerts.unmute', { id: a.id });
    else await send('alerts.snooze', { id: a.id, minutes: what });
    onChanged();
  });
  const items = pages.data?.items ?? [];
  return (
    <section
      id={`alerts-${group.kind}`}
      className={`card alert-group${group.critical ? ' critical' : ''}${group.pinned ? ' pinned' : ''}`}
      data-testid="alert-group"
      data-kind={group.kind}
    >
      <h2>
        {group.pinned && <span className="pin-mark">📌 {t('alerts.pinned')}</span>}
        {t(`alertKind.${group.kind}`)}
        <span className={`count-pill${group.critical ? ' critical' : ''}`} data-testid="alert-group-count">
          {group.count}
        </span>
        <span className="muted small kind-hint">{t(`alertHint.${group.kind}`)}</span>
        <button className="btn link small collapse" onClick={() => setCollapsed((c) => !c)} aria-expanded={!collapsed}>
          {collapsed ? t('alerts.expand') : t('alerts.less')}
        </button>
      </h2>
      {pages.error != null && <div className="banner error">{errorText(pages.error, t)}</div>}
      {act.error != null && <div className="banner error">{errorText(act.error, t)}</div>}
      {!collapsed && (
        <>
          <table className="data-table alert-table">
            <thead>
              <tr>
                <th>{t('alerts.col.severity')}</th>
                <th>{t('alerts.col.tid')}</th>
                <th>{t('alerts.col.due')}</th>
                <th>{t('alerts.col.detail')}</th>
                <th>{t('alerts.col.raised')}</th>
                <th>{t('alerts.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr
                  key={a.id}
                  className={`alert-row a-${a.severity}${state === 'muted' ? ' muted-row' : ''}`}
                  data-testid="alert-row"
                  data-tid={a.tid}
                  data-kind={a.kind}
                  onClick={() => onOpenOrder(a.tid)}
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
                        onOpenOrder(a.tid);
                      }}
                    >
                      {a.tid}
                    </button>
                  </td>
                  <td className="nowrap">
                    {a.dueAt != null ? (
                      <span className={`countdown ${a.dueAt <= now ? 'overdue' : 'due_soon'}`}>
                        <span className="countdown-left">{formatCountdown(a.dueAt, now, locale)}</span>
                        <span className="countdown-at mono">{formatShort(a.dueAt, timeZone)}</span>
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  {/* The server words details in Chinese; other languages show the kind's own hint instead. */}
                  <td>{locale === 'zh-CN' ? a.detail : t(`alertHint.${a.kind}`)}</td>
                  <td className="mono muted nowrap">{formatShort(a.raisedAt, timeZone)}</td>
                  <td onClick={(e) => e.stopPropagation()}>
                    <span className="alert-actions">
                      {state === 'open' ? (
                        <>
                          <button className="btn small" disabled={act.busy} onClick={() => void act.run('ack', a)} data-testid="alert-ack">
                            {t('alerts.ack')}
                          </button>
                          <select
                            value=""
                            disabled={act.busy}
                            onChange={(e) => e.target.value && void act.run(Number(e.target.value), a)}
                            aria-label={t('alerts.snooze')}
                            data-testid="alert-snooze"
                          >
                            <option value="">{t('alerts.snooze')}</option>
                            {SNOOZE_MINUTES.map((m) => (
                              <option key={m} value={m}>
                                {t('alerts.snoozeFor', { count: m / 60 })}
                              </option>
                            ))}
                          </select>
                        </>
                      ) : (
                        <>
                          <span className="muted small">
                            {a.ackedAt != null
                              ? t('alerts.ackedBy', { who: a.ackedBy ?? '', at: formatShort(a.ackedAt, timeZone) })
                              : t('alerts.snoozedUntil', { at: formatShort(a.snoozedUntil ?? 0, timeZone) })}
                          </span>
                          <button
                            className="btn small"
                            disabled={act.busy}
                            onClick={() => void act.run('unmute', a)}
                            data-testid="alert-unmute"
                          >
                            {t('alerts.unmute')}
                          </button>
                        </>
                      )}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {items.length < group.count && (
            <button className="btn link more-note" onClick={() => setShown((n) => n + PAGE * 5)} data-testid="alert-group-more">
              {t('alerts.more', { count: group.count - items.length })}
            </button>
          )}
        </>
      )}
    </section>
  );
}
