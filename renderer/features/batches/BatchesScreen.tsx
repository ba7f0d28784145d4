import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShort } from '../../../shared/rules/time.js';
import { useHashRoute, useRpc } from '../../data/hooks.js';
import './batches.css';
import { useApp } from '../../context.js';
import { errorText } from '../../data/errors.js';
import { BatchDetail } from './BatchDetail.js';
import { CreateBatchDialog } from './CreateBatchDialog.js';
import { takeHandoff, type Created } from './handoff.js';
export { rememberCreated } from './handoff.js';

const LIST_KEY = 'shiplock.batches.listCollapsed';

export function BatchesScreen() {
  const { t } = useTranslation();
  const { settings, refreshCounts } = useApp();
  const route = useHashRoute();
  const batchNo = route.screen === 'batches' ? route.arg : null;
  const list = useRpc('batches.list', {}, { reloadOn: ['orders.changed', 'settings.changed'] });
  const items = list.data?.items ?? [];
  const loaded = list.data != null || list.error != null;
  const error = list.error != null ? errorText(list.error, t) : null;
  const [notices, setNotices] = useState<Record<string, Created>>({});
  const [handed] = useState(() => takeHandoff(batchNo));
  const notice = batchNo ? (notices[batchNo] ?? (handed?.batchNo === batchNo ? handed : null)) : null;
  const setNotice = (c: Created | null) => setNotices(c ? { [c.batchNo]: c } : {});
  const [creating, setCreating] = useState(false);
  const [collapsed, setCollapsedState] = useState(() => {
    try {
      return localStorage.getItem(LIST_KEY) === '1';
    } catch {
      return false;
    }
  });
  const setCollapsed = (v: boolean) => {
    setCollapsedState(v);
    try {
      localStorage.setItem(LIST_KEY, v ? '1' : '0');
    } catch {
      /* not kept */
    }
  };
  const printAll = useRef<(() => void) | null>(null);
  const tz = settings.timeZone;
  const { setArg } = route;
  const select = useCallback((no: string | null) => setArg(no), [setArg]);
  const load = list.reload;

  // Ctrl+P prints the whole current batch, never the app page itself.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'p') {
        e.preventDefault();
        e.stopPropagation();
        if (!e.repeat) printAll.current?.();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const changed = useCallback(() => {
    void load();
    refreshCounts();
  }, [load, refreshCounts]);

  return (
    <div className="batches" data-testid="batches-screen">
      <header className="filter-bar">
        <div className="filter-title">
          <h1>{t('batch.title')}</h1>
          <span className="total" data-testid="batch-count">
            {t('batch.count', { count: items.length })}
          </span>
        </div>
        <button className="btn primary" onClick={() => setCreating(true)} data-testid="batch-new">
          + {t('batch.create')}
        </button>
        <span className="muted small batches-keys">{t('batch.print.keys')}</span>
      </header>
      {error && <div className="banner error">{error}</div>}
      <div className="batches-body">
        <div className={`batch-list${collapsed ? ' collapsed' : ''}`}>
          <button
            className="btn link small list-toggle"
            onClick={() => setCollapsed(!collapsed)}
            aria-expanded={!collapsed}
            data-testid="batch-list-toggle"
            title={collapsed ? t('batch.showList') : t('batch.hideList')}
          >
            {collapsed ? '»' : `« ${t('batch.hideList')}`}
          </button>
          <ul className="batch-cards" data-testid="batch-list">
            {items.map((b) => (
              <li
                key={b.batchNo}
                className={`batch-card${batchNo === b.batchNo ? ' selected' : ''}${b.staleCount > 0 ? ' stale' : ''}${b.status === 'cancelled' ? ' cancelled' : ''}`}
                onClick={() => select(b.batchNo)}
                data-testid="batch-row"
                data-batch-no={b.batchNo}
                data-stale={b.staleCount}
                title={b.batchNo}
              >
                <div className="batch-card-top">
                  <span className="mono strong nowrap">{collapsed ? b.batchNo.slice(-4) : b.batchNo}</span>
                  {b.staleCount > 0 && (
                    <span className="stale-tag" data-testid="batch-stale-tag">
                      {collapsed ? b.staleCount : t('batch.stale', { count: b.staleCount })}
                    </span>
                  )}
                  {b.status === 'cancelled' && !collapsed && <span className="tag tag-muted">{t('batch.cancelled')}</span>}
                </div>
                {!collapsed && (
                  <div className="batch-card-sub muted small">
                    <span className="mono">{formatShort(b.createdAt, tz)}</span>
                    <span className="mono">
                      {b.orderCount} / {b.lineCount} / <b>{b.pieceCount}</b>
                    </span>
                    <span>
                      {b.printedAt == null
                        ? t('batch.notPrinted')
                        : t('batch.printedN', { at: formatShort(b.printedAt, tz), count: b.printCount })}
                    </span>
                    <span className="station-cell">{b.station}</span>
                  </div>
                )}
              </li>
            ))}
          </ul>
          {loaded && items.length === 0 && <div className="empty">{t('batch.empty')}</div>}
        </div>
        <div className="batch-pane">
          {batchNo ? (
            <BatchDetail
              key={batchNo}
              batchNo={batchNo}
              notice={notice?.batchNo === batchNo ? notice : null}
              onDismissNotice={() => setNotice(null)}
              onChanged={changed}
              printAllRef={printAll}
            />
          ) : (
            <div className="empty">{t('batch.choose')}</div>
          )}
        </div>
      </div>
      {creating && (
        <CreateBatchDialog
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setNotice(c);
            select(c.batchNo);
            changed();
          }}
        />
      )}
    </div>
  );
}
