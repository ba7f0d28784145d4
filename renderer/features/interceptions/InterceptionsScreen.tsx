import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterceptionView } from '../../../shared/api/contract.js';
import { INTERCEPTION_STATUSES, type InterceptionStatus } from '../../../shared/rules/interception.js';
import { formatFull, formatShort } from '../../../shared/rules/time.js';
import { StatusPill } from '../../components/StatusPill.js';
import { useNow } from '../../data/useNow.js';
import { errorText } from '../../data/errors.js';
import { useHashRoute, useRpc } from '../../data/hooks.js';
import { formatAge } from '../../lib/datetime.js';
import { useApp } from '../../context.js';
import type { Locale } from '../../i18n.js';
import './interceptions.css';
import { ActionButtons, RequestLines } from './RequestParts.js';
import { CreateInterceptionDialog } from './CreateInterceptionDialog.js';
import { ResultCell } from '../../pack/PullState.js';
export { ActionButtons, allowedActions, RequestLines } from './RequestParts.js';
export { CreateInterceptionDialog } from './CreateInterceptionDialog.js';

type Filter = 'open' | 'all' | InterceptionStatus;

const SOURCES = ['customer_service', 'buyer_card', 'platform', 'manual'] as const;

/** History actors: a station or clerk name as is; a request source worded in the UI language (never a raw id). */
function useActorName() {
  const { t } = useTranslation();
  return (actor: string) => ((SOURCES as readonly string[]).includes(actor) ? t(`icp.source.${actor as (typeof SOURCES)[number]}`) : actor);
}

export type { IcpAction } from './RequestParts.js';

/** The queue's filters live in the URL (`#/interceptions/<requestId>?status=all&q=…`): a reload or a screen switch keeps them. */
function filterOf(p: Record<string, string>): Filter {
  const s = p.status;
  return s === 'all' || (INTERCEPTION_STATUSES as readonly string[]).includes(s ?? '') ? (s as Filter) : 'open';
}

export function InterceptionsScreen() {
  const { t, i18n } = useTranslation();
  const actorName = useActorName();
  const { settings, openOrder, refreshCounts } = useApp();
  const now = useNow(30_000);
  const route = useHashRoute();
  const { setParams, setArg, navigate } = route;
  const filter = filterOf(route.params);
  const query = (route.params.q ?? '').trim().slice(0, 64);
  const selectedId = route.screen === 'interceptions' ? route.arg : null;
  const [creating, setCreating] = useState(false);
  const tz = settings.timeZone;
  const locale = i18n.language as Locale;

  // Search text: typed here, written to the URL once typing pauses.
  const [draft, setDraft] = useState<{ base: string; text: string } | null>(null);
  const search = draft && draft.base === query ? draft.text : query;
  useEffect(() => {
    if (!draft || draft.base !== query || draft.text.trim() === query) return;
    const id = setTimeout(() => setParams({ q: draft.text.trim() }), 200);
    return () => clearTimeout(id);
  }, [draft, query, setParams]);

  const input = useMemo(
    () => ({
      limit: 500,
      ...(filter === 'open' ? { open: true } : filter === 'all' ? {} : { status: filter }),
      ...(query ? { q: query } : {}),
    }),
    [filter, query],
  );
  const list = useRpc('interceptions.list', input, { reloadOn: ['orders.changed'] });
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const loaded = list.data != null;
  const error = list.error != null ? errorText(list.error, t) : null;
  const { reload, setData } = list;

  const selected = useMemo(() => items.find((r) => r.requestId === selectedId) ?? null, [items, selectedId]);
  const setFilter = (f: Filter) => setParams({ status: f === 'open' ? null : f });
  const afterAction = (v: InterceptionView) => {
    setData({ items: items.map((r) => (r.requestId === v.requestId ? v : r)) });
    refreshCounts();
    void reload();
  };

  const chips: Filter[] = ['open', 'all', ...INTERCEPTION_STATUSES];

  return (
    <div className="icp-screen">
      <header className="filter-bar">
        <div className="filter-title">
          <h1>{t('icp.title')}</h1>
          <span className="total" data-testid="icp-count">
            {t('icp.count', { count: items.length })}
          </span>
        </div>
        <div className="chips" role="radiogroup" aria-label={t('icp.filter')}>
          {chips.map((c) => (
            <button
              key={c}
              className={`chip${filter === c ? ' on' : ''}`}
              onClick={() => setFilter(c)}
              data-testid={`icp-filter-${c}`}
              role="radio"
              aria-checked={filter === c}
            >
              {c === 'open' ? t('icp.filterOpen') : c === 'all' ? t('icp.filterAll') : t(`icp.status.${c}`)}
            </button>
          ))}
        </div>
        <div className="icp-tools">
          <div className="search">
            <span className="search-icon" aria-hidden="true">
              ⌕
            </span>
            <input
              type="search"
              value={search}
              maxLength={64}
              placeholder={t('icp.searchPlaceholder')}
              onChange={(e) => setDraft({ base: query, text: e.target.value })}
              data-testid="icp-search"
            />
          </div>
          <button className="btn danger" onClick={() => setCreating(true)} data-testid="icp-new">
            + {t('icp.create.title')}
          </button>
        </div>
      </header>
      {error && <div className="banner error">{error}</div>}
      <div className={`icp-body${selected ? ' with-detail' : ''}`}>
        <div className="icp-table-wrap">
          <table className="data-table icp-table" data-testid="icp-table">
            <thead>
              <tr>
                <th>{t('icp.col.status')}</th>
                <th>{t('icp.col.result')}</th>
                <th>{t('icp.col.age')}</th>
                <th>{t('icp.col.tid')}</th>
                <th>{t('icp.col.lines')}</th>
                <th>{t('icp.col.source')}</th>
                <th>{t('icp.col.reason')}</th>
                <th className="message-cell">{t('icp.col.message')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr
                  key={r.requestId}
                  className={`${selectedId === r.requestId ? 'selected' : ''}${r.lockedOids.length ? ' locked' : ''}`}
                  onClick={() => setArg(r.requestId)}
                  data-testid="icp-row"
                  data-request-id={r.requestId}
                  data-tid={r.tid}
                  data-status={r.status}
                >
                  <td>
                    <StatusPill status={r.status} />
                  </td>
                  <td>
                    <ResultCell r={r} />
                  </td>
                  <td className="mono nowrap" title={formatFull(r.receivedAt, tz)}>
                    {formatAge(r.receivedAt, now, locale)}
                  </td>
                  <td className="mono nowrap">{r.tid}</td>
                  <td>
                    <RequestLines r={r} />
                  </td>
                  <td className="nowrap">{t(`icp.source.${r.source}`)}</td>
                  <td className="reason-cell" title={r.reason || undefined}>
                    <div className="clamp">{r.reason || <span className="muted">—</span>}</div>
                  </td>
                  <td className="message-cell" title={r.message ?? undefined}>
                    <div className="clamp">{r.message ?? ''}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {loaded && items.length === 0 && <div className="empty">{t('icp.empty')}</div>}
        </div>
        {selected && (
          <aside className="icp-detail" data-testid="icp-detail" data-request-id={selected.requestId}>
            <header className="drawer-head">
              <div>
                <div className="drawer-kicker">{t('icp.detailTitle')}</div>
                <div className="drawer-title mono small-title">{selected.requestId}</div>
              </div>
              <StatusPill status={selected.status} />
              <button className="btn icon" onClick={() => setArg(null)} aria-label={t('detail.close')} data-testid="icp-detail-close">
                ✕
              </button>
            </header>
            <div className="drawer-body">
              <dl className="facts">
                <dt>{t('icp.col.tid')}</dt>
                <dd>
                  <button className="btn link mono" onClick={() => openOrder(selected.tid)} data-testid="icp-open-order">
                    {selected.tid}
                  </button>
                </dd>
                <dt>{t('icp.col.source')}</dt>
                <dd>{t(`icp.source.${selected.source}`)}</dd>
                <dt>{t('icp.col.lines')}</dt>
                <dd>
                  <RequestLines r={selected} />
                </dd>
                <dt>{t('icp.col.reason')}</dt>
                <dd>{selected.reason || '—'}</dd>
                <dt>{t('icp.col.result')}</dt>
                <dd>
                  <ResultCell r={selected} />
                </dd>
                <dt>{t('icp.col.message')}</dt>
                <dd>{selected.message ?? '—'}</dd>
                <dt>{t('icp.requestedAt')}</dt>
                <dd className="mono">{formatFull(selected.requestedAt, tz)}</dd>
                <dt>{t('icp.receivedAt')}</dt>
                <dd className="mono">{formatFull(selected.receivedAt, tz)}</dd>
                <dt>{t('icp.decidedAt')}</dt>
                <dd className="mono">{selected.decidedAt ? formatFull(selected.decidedAt, tz) : '—'}</dd>
              </dl>
              <h3>{t('icp.actions')}</h3>
              <ActionButtons r={selected} onDone={afterAction} />
              <h3>{t('icp.history')}</h3>
              <ol className="history" data-testid="icp-history">
                {selected.history.map((h, i) => (
                  <li key={i}>
                    <span className="mono muted">{formatShort(h.at, tz)}</span>
                    <span className="hist-move">
                      {h.from ? <StatusPill status={h.from} /> : <span className="muted">∅</span>} → <StatusPill status={h.to} />
                    </span>
                    <span className="hist-actor">{actorName(h.actor)}</span>
                    {h.note && <span className="hist-note">{h.note}</span>}
                  </li>
                ))}
              </ol>
            </div>
          </aside>
        )}
      </div>
      {creating && (
        <CreateInterceptionDialog
          onClose={() => setCreating(false)}
          onCreated={(v) => {
            // Shown in the open queue, selected; the search is kept only if it finds the new request.
            const keepQ = query && (v.tid.includes(query) || v.requestId.includes(query));
            navigate('interceptions', v.requestId, keepQ ? { q: query } : {});
            refreshCounts();
            void reload();
          }}
        />
      )}
    </div>
  );
}
