import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListOrdersInput } from '../../shared/api/contract.js';
import { ORDER_TYPES, PLATFORMS, SELLER_FLAGS, type OrderType, type OrderView, type Platform } from '../../shared/domain.js';
import { formatFen } from '../../shared/rules/amounts.js';
import { send, subscribe } from '../api/client.js';
import { ContactLine } from '../components/ContactLine.js';
import { Countdown } from '../components/Countdown.js';
import { FlagDot } from '../components/FlagDot.js';
import { LockPill } from '../components/LockPill.js';
import { useNow } from '../data/useNow.js';
import { useApp } from '../context.js';
import { rememberCreated } from './Batches.js';
import { OrderDetail } from './OrderDetail.js';

const PAGE = 100;
const ROW_HEIGHT = 46;
const DUE_OPTIONS = [2, 6, 12, 24, 48];
const MAX_CHIPS = 4;

interface Filters {
  q: string;
  platform: Platform | '';
  orderType: OrderType | '';
  flag: string;
  dueWithinHours: string;
  locked: boolean;
  includeOlder: boolean;
}
const EMPTY: Filters = { q: '', platform: '', orderType: '', flag: '', dueWithinHours: '', locked: false, includeOlder: false };

function toInput(f: Filters): ListOrdersInput {
  const input: ListOrdersInput = { view: 'pending', includeOlder: f.includeOlder };
  const q = f.q.trim();
  if (q) input.q = q.slice(0, 64);
  if (f.platform) input.platform = f.platform;
  if (f.orderType) input.orderType = f.orderType;
  if (f.flag !== '') input.flag = Number(f.flag);
  if (f.dueWithinHours !== '') input.dueWithinHours = Number(f.dueWithinHours);
  if (f.locked) input.locked = true;
  return input;
}

function tidFromHash(): string | null {
  const m = /^#\/?pending\/([^/?#]+)/.exec(window.location.hash);
  return m ? decodeURIComponent(m[1]!) : null;
}

function isTyping(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (el as HTMLElement).isContentEditable;
}

export function PendingScreen() {
  const { t } = useTranslation();
  const { settings, openBatch, refreshCounts } = useApp();
  const now = useNow(30_000);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [query, setQuery] = useState(''); // debounced q
  const [items, setItems] = useState<OrderView[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  // Select mode: tick orders for a pick batch (kept across filter changes until cleared).
  const [selecting, setSelecting] = useState(false);
  const [picked, setPicked] = useState<Set<string>>(() => new Set());
  const [batchBusy, setBatchBusy] = useState(false);
  const [batchError, setBatchError] = useState<string | null>(null);
  const togglePick = useCallback((tid: string) => {
    setPicked((prev) => {
      const next = new Set(prev);
      if (next.has(tid)) next.delete(tid);
      else next.add(tid);
      return next;
    });
  }, []);
  const [openTid, setOpenTidState] = useState<string | null>(tidFromHash);
  // `#/pending/<tid>` (from an alert or the interception queue) opens that order's drawer, pending or not.
  const setOpenTid = useCallback((tid: string | null) => {
    setOpenTidState(tid);
    if (tid == null && tidFromHash()) window.history.replaceState(null, '', '#/pending');
  }, []);
  useEffect(() => {
    const onHash = () => {
      const tid = tidFromHash();
      if (tid) setOpenTidState(tid);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const generation = useRef(0);
  const loadingMore = useRef(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const itemsRef = useRef(items);
  itemsRef.current = items;

  useEffect(() => {
    const id = setTimeout(() => setQuery(filters.q), 200);
    return () => clearTimeout(id);
  }, [filters.q]);

  const input = useMemo(
    () => toInput({ ...filters, q: query }),
    [filters.platform, filters.orderType, filters.flag, filters.dueWithinHours, filters.locked, filters.includeOlder, query],
  ); // eslint-disable-line react-hooks/exhaustive-deps

  /** First page (or, on a refresh, as many rows as are loaded so the scroll position holds). */
  const reload = useCallback(
    (keepLoaded: boolean) => {
      const gen = ++generation.current;
      const limit = keepLoaded ? Math.min(500, Math.max(PAGE, itemsRef.current.length)) : PAGE;
      setLoading(true);
      loadingMore.current = false;
      send('orders.list', { ...input, limit })
        .then((p) => {
          if (gen !== generation.current) return;
          setItems(p.items);
          setTotal(p.total);
          setCursor(p.nextCursor);
          setError(null);
          if (!keepLoaded) {
            setSelected(0);
            scrollRef.current?.scrollTo({ top: 0 });
          }
        })
        .catch((e: Error) => gen === generation.current && setError(e.message))
        .finally(() => gen === generation.current && setLoading(false));
    },
    [input],
  );

  useEffect(() => reload(false), [reload]);

  // Live updates: re-fetch (debounced) when orders change.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = subscribe((e) => {
      if (e.kind === 'orders.changed' || e.kind === 'settings.changed') {
        clearTimeout(timer);
        timer = setTimeout(() => reload(true), 150);
      }
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [reload]);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore.current) return;
    loadingMore.current = true;
    const gen = generation.current;
    setLoading(true);
    send('orders.list', { ...input, limit: PAGE, cursor })
      .then((p) => {
        if (gen !== generation.current) return;
        setItems((prev) => {
          const seen = new Set(prev.map((o) => o.tid));
          return [...prev, ...p.items.filter((o) => !seen.has(o.tid))];
        });
        setTotal(p.total);
        setCursor(p.nextCursor);
      })
      .catch((e: Error) => gen === generation.current && setError(e.message))
      .finally(() => {
        if (gen === generation.current) {
          loadingMore.current = false;
          setLoading(false);
        }
      });
  }, [cursor, input]);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastIndex = virtualRows.length ? virtualRows[virtualRows.length - 1]!.index : -1;

  useEffect(() => {
    if (cursor && lastIndex >= items.length - 25) loadMore();
  }, [lastIndex, items.length, cursor, loadMore]);

  // Keyboard: / search, j/k move, Enter details, Esc close.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const typing = isTyping(document.activeElement);
      if (e.key === 'Escape') {
        if (openTid) setOpenTid(null);
        else if (typing) (document.activeElement as HTMLElement).blur();
        return;
      }
      if (typing) {
        if (e.key === 'Enter' && document.activeElement === searchRef.current) {
          searchRef.current?.blur();
          const o = itemsRef.current[0];
          if (itemsRef.current.length === 1 && o) setOpenTid(o.tid);
        }
        return;
      }
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'j' || e.key === 'ArrowDown' || e.key === 'k' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = itemsRef.current.length;
        if (!n) return;
        const next = Math.max(0, Math.min(n - 1, selected + (e.key === 'j' || e.key === 'ArrowDown' ? 1 : -1)));
        setSelected(next);
        virtualizer.scrollToIndex(next, { align: 'auto' });
        const o = itemsRef.current[next];
        if (openTid && o) setOpenTid(o.tid);
      } else if (e.key === 'Enter') {
        const o = itemsRef.current[selected];
        if (o) setOpenTid(o.tid);
      } else if (e.key === 'x' && selecting) {
        const o = itemsRef.current[selected];
        if (o) togglePick(o.tid);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openTid, selected, virtualizer, setOpenTid, selecting, togglePick]);

  const createBatch = () => {
    const tids = [...picked];
    if (!tids.length) return;
    setBatchBusy(true);
    setBatchError(null);
    send('batches.create', { tids, maxOrders: Math.min(5000, tids.length) })
      .then((r) => {
        rememberCreated({ batchNo: r.batch.batchNo, orders: r.batch.orderCount, skipped: r.skipped });
        setPicked(new Set());
        setSelecting(false);
        refreshCounts();
        openBatch(r.batch.batchNo);
      })
      .catch((err: Error) => setBatchError(err.message))
      .finally(() => setBatchBusy(false));
  };
  const allLoadedPicked = items.length > 0 && items.every((o) => picked.has(o.tid));
  const pickAllLoaded = () =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (allLoadedPicked) items.forEach((o) => next.delete(o.tid));
      else items.forEach((o) => next.add(o.tid));
      return next;
    });

  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }));
  const filtered = JSON.stringify(filters) !== JSON.stringify(EMPTY);
  const tz = settings.timeZone;

  return (
    <div className="pending">
      <header className="filter-bar" data-testid="filter-bar">
        <div className="filter-title">
          <h1>{t('pending.title')}</h1>
          <span className="total" data-testid="total-count">
            {total == null ? '…' : t('pending.total', { count: total })}
          </span>
        </div>
        <div className="search">
          <span className="search-icon" aria-hidden="true">
            ⌕
          </span>
          <input
            ref={searchRef}
            type="search"
            data-testid="search-input"
            value={filters.q}
            maxLength={64}
            placeholder={t('pending.searchPlaceholder')}
            onChange={(e) => set('q', e.target.value)}
          />
        </div>
        <select value={filters.platform} onChange={(e) => set('platform', e.target.value as Platform | '')} data-testid="filter-platform">
          <option value="">{t('pending.allPlatforms')}</option>
          {PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {t(`platform.${p}`)}
            </option>
          ))}
        </select>
        <select value={filters.orderType} onChange={(e) => set('orderType', e.target.value as OrderType | '')} data-testid="filter-type">
          <option value="">{t('pending.allTypes')}</option>
          {ORDER_TYPES.map((o) => (
            <option key={o} value={o}>
              {t(`orderType.${o}`)}
            </option>
          ))}
        </select>
        <div className="flag-filter" role="radiogroup" aria-label={t('pending.allFlags')}>
          <button
            className={`flag-btn all${filters.flag === '' ? ' on' : ''}`}
            onClick={() => set('flag', '')}
            title={t('pending.allFlags')}
          >
            {t('pending.allFlags')}
          </button>
          {SELLER_FLAGS.map((f) => (
            <button
              key={f}
              className={`flag-btn${filters.flag === String(f) ? ' on' : ''}`}
              onClick={() => set('flag', filters.flag === String(f) ? '' : String(f))}
              title={t(`flag.${f}`)}
              aria-label={t(`flag.${f}`)}
              data-testid={`filter-flag-${f}`}
            >
              <FlagDot flag={f} />
            </button>
          ))}
        </div>
        <label className="inline-field">
          <span>{t('pending.dueWithin')}</span>
          <select value={filters.dueWithinHours} onChange={(e) => set('dueWithinHours', e.target.value)} data-testid="filter-due">
            <option value="">{t('pending.dueAny')}</option>
            {DUE_OPTIONS.map((h) => (
              <option key={h} value={String(h)}>
                {t('pending.dueOption', { n: h })}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={filters.locked} onChange={(e) => set('locked', e.target.checked)} />
          <span>{t('pending.lockedOnly')}</span>
        </label>
        <label className="check" title={t('pending.includeOlder', { n: settings.defaultWindowMonths })}>
          <input
            type="checkbox"
            checked={filters.includeOlder}
            onChange={(e) => set('includeOlder', e.target.checked)}
            data-testid="filter-older"
          />
          <span>{t('pending.includeOlderN', { n: settings.defaultWindowMonths })}</span>
        </label>
        {filtered && (
          <button className="btn link" onClick={() => setFilters(EMPTY)}>
            {t('pending.reset')}
          </button>
        )}
        <button
          className={`btn select-toggle${selecting ? ' on' : ''}`}
          onClick={() => setSelecting((v) => !v)}
          aria-pressed={selecting}
          data-testid="select-mode"
        >
          ☑ {selecting ? t('pending.selectDone') : t('pending.select')}
        </button>
      </header>
      {(selecting || picked.size > 0) && (
        <div className="selection-bar" data-testid="selection-bar">
          <span className="strong" data-testid="selection-count">
            {t('pending.selected', { count: picked.size })}
          </span>
          <button className="btn primary small" disabled={!picked.size || batchBusy} onClick={createBatch} data-testid="selection-to-batch">
            ☰ {t('pending.toBatch')}
          </button>
          <button className="btn small" disabled={!picked.size} onClick={() => setPicked(new Set())}>
            {t('pending.clearSelection')}
          </button>
          {selecting && <span className="muted small">{t('pending.selectKeys')}</span>}
          {batchError && (
            <span className="error-text small" data-testid="selection-error">
              {batchError}
            </span>
          )}
        </div>
      )}

      {error && <div className="banner error">{error}</div>}

      <div className="table-wrap">
        <div
          className={`grid-table${selecting ? ' selecting' : ''}`}
          role="grid"
          aria-rowcount={total ?? undefined}
          aria-multiselectable={selecting || undefined}
        >
          <div className="grid-row head" role="row">
            {selecting && (
              <div role="columnheader" className="c pick-cell" onMouseDown={(e) => e.preventDefault()}>
                <input
                  type="checkbox"
                  tabIndex={-1}
                  checked={allLoadedPicked}
                  onChange={pickAllLoaded}
                  aria-label={t('pending.selectAll')}
                  data-testid="pick-all"
                />
              </div>
            )}
            <div role="columnheader">{t('pending.col.deadline')}</div>
            <div role="columnheader" className="c">
              {t('pending.col.flag')}
            </div>
            <div role="columnheader">{t('pending.col.platform')}</div>
            <div role="columnheader">{t('pending.col.tid')}</div>
            <div role="columnheader">{t('pending.col.type')}</div>
            <div role="columnheader">{t('pending.col.lines')}</div>
            <div role="columnheader" className="r">
              {t('pending.col.amount')}
            </div>
            <div role="columnheader">{t('pending.col.receiver')}</div>
            <div role="columnheader">{t('pending.col.memo')}</div>
            <div role="columnheader" className="c">
              {t('pending.col.lock')}
            </div>
          </div>
          <div className="grid-body" ref={scrollRef} data-testid="order-list">
            {items.length === 0 && !loading && <div className="empty">{t('pending.empty')}</div>}
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualRows.map((vr) => {
                const o = items[vr.index]!;
                return (
                  <div
                    key={o.tid}
                    role="row"
                    data-testid="order-row"
                    data-tid={o.tid}
                    aria-selected={vr.index === selected}
                    data-picked={selecting && picked.has(o.tid) ? 'true' : undefined}
                    className={`grid-row${vr.index === selected ? ' selected' : ''}${selecting && picked.has(o.tid) ? ' picked' : ''}${o.locked ? ' locked' : ''}${openTid === o.tid ? ' open' : ''}`}
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${vr.start}px)` }}
                    onClick={() => {
                      setSelected(vr.index);
                      setOpenTid(o.tid);
                    }}
                  >
                    {selecting && (
                      <div
                        className="c pick-cell"
                        onMouseDown={(e) => e.preventDefault() /* keep focus off the checkbox: j/k/x keep working */}
                        onClick={(e) => {
                          e.stopPropagation();
                          togglePick(o.tid);
                        }}
                      >
                        <input
                          type="checkbox"
                          tabIndex={-1}
                          checked={picked.has(o.tid)}
                          onChange={() => undefined}
                          aria-label={t('pending.selectRow', { tid: o.tid })}
                          data-testid="pick-order"
                        />
                      </div>
                    )}
                    <div>
                      <Countdown deadline={o.shipDeadline} now={now} dueSoonHours={settings.dueSoonHours} timeZone={tz} />
                    </div>
                    <div className="c">
                      <FlagDot flag={o.sellerFlag} />
                    </div>
                    <div>
                      <span className={`platform p-${o.platform}`}>{t(`platform.${o.platform}`)}</span>
                    </div>
                    <div className="mono tid">{o.tid}</div>
                    <div>
                      <span className={`type t-${o.orderType}`}>{t(`orderType.${o.orderType}`)}</span>
                    </div>
                    <div className="lines">
                      {o.lines.slice(0, MAX_CHIPS).map((l) => (
                        <span key={l.oid} className={`line-chip${l.locked ? ' locked' : ''}${l.state !== 'open' ? ` s-${l.state}` : ''}`}>
                          <span className="mono">{l.sku || '—'}</span>
                          <b>×{l.qty}</b>
                        </span>
                      ))}
                      {o.lines.length > MAX_CHIPS && <span className="line-more">+{o.lines.length - MAX_CHIPS}</span>}
                    </div>
                    <div className="r mono amount">¥{formatFen(o.paidAmount)}</div>
                    <div className="receiver">
                      <ContactLine contact={o.contact} timeZone={tz} block />
                    </div>
                    <div className="memo" title={o.sellerMemo || undefined}>
                      {o.sellerMemo}
                    </div>
                    <div className="c">{o.locked && <LockPill />}</div>
                  </div>
                );
              })}
            </div>
            {loading && items.length > 0 && cursor && <div className="loading-more">{t('pending.loadingMore')}</div>}
          </div>
        </div>
      </div>
      <footer className="status-bar">
        <span>{t('pending.loaded', { count: items.length })}</span>
        <span className="keys">{t('pending.keys')}</span>
      </footer>

      {openTid && <OrderDetail tid={openTid} onClose={() => setOpenTid(null)} />}
    </div>
  );
}
