// 待发货: triage chips, filters kept in the URL, the 1366-px-first table, the order drawer.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../../shared/domain.js';
import { send } from '../../api/client.js';
import { useApp } from '../../context.js';
import { errorText } from '../../data/errors.js';
import { useAction, useHashRoute, useRpc } from '../../data/hooks.js';
import { PagedList } from '../../data/query.js';
import { useNow } from '../../data/useNow.js';
import { useReloadOn } from '../../data/useReloadOn.js';
import { rememberCreated } from '../batches/BatchesScreen.js';
import { loadColumns, saveColumns, type ColumnId } from './columns.js';
import { download, exportXlsx, fetchAll } from './exportXlsx.js';
import { baseInput, filtersFromParams, hasFilters, listInput, paramsFromFilters, type PendingFilters } from './filters.js';
import { OrderDetail } from './OrderDetail.js';
import { OrderTable, ROW_HEIGHT } from './OrderTable.js';
import { loadSaved, storeSaved, type SavedFilter } from './savedFilters.js';
import { Toolbar } from './Toolbar.js';
import { TriageChips } from './TriageChips.js';
import './pending.css';

const PAGE = 100;

function isTyping(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (el as HTMLElement).isContentEditable;
}

export function PendingScreen() {
  const { t } = useTranslation();
  const { settings, openBatch, refreshCounts } = useApp();
  const now = useNow(30_000);
  const route = useHashRoute();
  const { setParams, setArg } = route;
  const paramsKey = JSON.stringify(route.params);
  const filters = useMemo(() => filtersFromParams(JSON.parse(paramsKey) as Record<string, string>), [paramsKey]);
  const openTid = route.screen === 'pending' ? route.arg : null;

  const change = useCallback(
    (patch: Partial<PendingFilters>) => setParams(paramsFromFilters({ ...filtersFromParams(route.params), ...patch })),
    [setParams, route.params],
  );

  // Search text: typed here, written to the URL once typing pauses.
  const [draft, setDraft] = useState<{ base: string; text: string } | null>(null);
  const search = draft && draft.base === filters.q ? draft.text : filters.q;
  useEffect(() => {
    if (!draft || draft.base !== filters.q || draft.text === filters.q) return;
    const id = setTimeout(() => change({ q: draft.text }), 200);
    return () => clearTimeout(id);
  }, [draft, filters.q, change]);

  // The list: keyset pages; stale answers dropped; refreshed on pushed changes.
  const [list] = useState(() => new PagedList<OrderView>((o) => o.tid));
  const page = useSyncExternalStore(list.subscribe, list.getState, list.getState);
  const inputKey = JSON.stringify(listInput(filters));
  const fetchPage = useCallback(
    (limit: number, cursor?: string) => send('orders.list', { ...JSON.parse(inputKey), limit, ...(cursor ? { cursor } : {}) }),
    [inputKey],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState(0);
  useEffect(() => {
    void list.reset((limit) => fetchPage(limit), PAGE);
    setSelected(0);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [list, fetchPage]);
  const refresh = useCallback(() => void list.refresh((limit) => fetchPage(limit), PAGE), [list, fetchPage]);
  useReloadOn(['orders.changed', 'settings.changed'], refresh, 150);
  useEffect(() => () => list.dispose(), [list]);
  const items = page.items;

  const counts = useRpc('orders.counts', baseInput(filters), { reloadOn: ['orders.changed', 'settings.changed'] });
  // Deadline buckets move with the clock: re-count every minute too.
  const reloadCounts = counts.reload;
  useEffect(() => {
    const id = setInterval(() => void reloadCounts(), 60_000);
    return () => clearInterval(id);
  }, [reloadCounts]);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastIndex = virtualRows.length ? virtualRows[virtualRows.length - 1]!.index : -1;
  useEffect(() => {
    if (page.cursor && lastIndex >= items.length - 25) void list.more((cursor) => fetchPage(PAGE, cursor));
  }, [lastIndex, items.length, page.cursor, list, fetchPage]);

  // Columns, remembered per station.
  const [columns, setColumnsState] = useState<ColumnId[]>(() => loadColumns(settings.stationName));
  const setColumns = (c: ColumnId[]) => {
    setColumnsState(c);
    saveColumns(settings.stationName, c);
  };

  // Saved filters.
  const [saved, setSaved] = useState<SavedFilter[]>(() => loadSaved());
  const updateSaved = (next: SavedFilter[]) => {
    setSaved(next);
    storeSaved(next);
  };

  // Selection for a pick batch.
  const [selecting, setSelecting] = useState(false);
  const [picked, setPicked] = useState<Set<string>>(() => new Set());
  const togglePick = useCallback((tid: string) => {
    setPicked((prev) => {
      const next = new Set(prev);
      if (next.has(tid)) next.delete(tid);
      else next.add(tid);
      return next;
    });
  }, []);
  const toBatch = useAction(async () => {
    const tids = [...picked];
    const r = await send('batches.create', { tids, maxOrders: Math.min(5000, tids.length) });
    rememberCreated({ batchNo: r.batch.batchNo, orders: r.batch.orderCount, skipped: r.skipped });
    setPicked(new Set());
    setSelecting(false);
    refreshCounts();
    openBatch(r.batch.batchNo);
  });
  const allLoadedPicked = items.length > 0 && items.every((o) => picked.has(o.tid));
  const pickAllLoaded = () =>
    setPicked((prev) => {
      const next = new Set(prev);
      for (const o of items) {
        if (allLoadedPicked) next.delete(o.tid);
        else next.add(o.tid);
      }
      return next;
    });

  // Export of the whole filtered list.
  const [exportProgress, setExportProgress] = useState<string | null>(null);
  const exporting = useAction(async () => {
    setExportProgress('0%');
    try {
      const all = await fetchAll(JSON.parse(inputKey), (n, total) => setExportProgress(`${Math.round((100 * n) / Math.max(1, total))}%`));
      const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
      const { blob, fileName } = await exportXlsx(all, { t, timeZone: settings.timeZone, fileName: `pending-${stamp}.xlsx` });
      download(blob, fileName);
    } finally {
      setExportProgress(null);
    }
  });

  // Keyboard: / search, j/k move, Enter details, Esc closes the drawer (or leaves a field, keeping its text).
  const searchRef = useRef<HTMLInputElement>(null);
  const itemsRef = useRef(items);
  useEffect(() => {
    itemsRef.current = items;
  }, [items]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const typing = isTyping(document.activeElement);
      if (e.key === 'Escape') {
        if (typing) (document.activeElement as HTMLElement).blur();
        else if (openTid) setArg(null);
        return;
      }
      if (typing) {
        if (e.key === 'Enter' && document.activeElement === searchRef.current) {
          searchRef.current?.blur();
          const o = itemsRef.current[0];
          if (itemsRef.current.length === 1 && o) setArg(o.tid);
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
        if (openTid && o) setArg(o.tid);
      } else if (e.key === 'Enter') {
        const o = itemsRef.current[selected];
        if (o) setArg(o.tid);
      } else if (e.key === 'x' && selecting) {
        const o = itemsRef.current[selected];
        if (o) togglePick(o.tid);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openTid, selected, virtualizer, setArg, selecting, togglePick]);

  const error = page.error ?? counts.error ?? exporting.error ?? null;

  return (
    <div className="pending">
      <header className="pending-head">
        <div className="filter-title">
          <h1>{t('pending.title')}</h1>
          <span className="total" data-testid="total-count">
            {page.total == null ? '…' : t('pending.total', { count: page.total })}
          </span>
        </div>
        <TriageChips counts={counts.data} filters={filters} onChange={change} />
      </header>
      <Toolbar
        filters={filters}
        search={search}
        onSearch={(text) => setDraft({ base: filters.q, text })}
        onChange={change}
        onReset={hasFilters(filters) ? () => setParams(paramsFromFilters(filtersFromParams({}))) : null}
        searchRef={searchRef}
        windowMonths={settings.defaultWindowMonths}
        saved={saved}
        onApplySaved={(s) => setParams({ ...paramsFromFilters(filtersFromParams({})), ...s.params })}
        onSaveCurrent={(name) =>
          updateSaved([
            ...saved.filter((s) => s.name !== name),
            {
              name,
              params: Object.fromEntries(Object.entries(paramsFromFilters(filters)).filter(([, v]) => v != null)) as Record<string, string>,
            },
          ])
        }
        onDeleteSaved={(name) => updateSaved(saved.filter((s) => s.name !== name))}
        columns={columns}
        onColumns={setColumns}
        onExport={() => void exporting.run()}
        exporting={exportProgress}
        selecting={selecting}
        onSelecting={() => setSelecting((v) => !v)}
      />
      {(selecting || picked.size > 0) && (
        <div className="selection-bar" data-testid="selection-bar">
          <span className="strong" data-testid="selection-count">
            {t('pending.selected', { count: picked.size })}
          </span>
          <button
            className="btn primary small"
            disabled={!picked.size || toBatch.busy}
            onClick={() => void toBatch.run()}
            data-testid="selection-to-batch"
          >
            ☰ {t('pending.toBatch')}
          </button>
          <button className="btn small" disabled={!picked.size} onClick={() => setPicked(new Set())}>
            {t('pending.clearSelection')}
          </button>
          {selecting && <span className="muted small">{t('pending.selectKeys')}</span>}
          {toBatch.error != null && (
            <span className="error-text small" data-testid="selection-error">
              {errorText(toBatch.error, t)}
            </span>
          )}
        </div>
      )}
      {error != null && (
        <div className="banner error" data-testid="pending-error">
          {errorText(error, t)}
        </div>
      )}
      <div className="table-wrap">
        <OrderTable
          items={items}
          total={page.total}
          columns={columns}
          selected={selected}
          openTid={openTid}
          selecting={selecting}
          picked={picked}
          now={now}
          timeZone={settings.timeZone}
          dueSoonHours={settings.dueSoonHours}
          loading={page.loading}
          hasMore={page.cursor != null}
          scrollRef={scrollRef}
          virtualizer={virtualizer}
          onOpen={(i, tid) => {
            setSelected(i);
            setArg(tid);
          }}
          onTogglePick={togglePick}
          onPickAll={pickAllLoaded}
          allPicked={allLoadedPicked}
        />
      </div>
      <footer className="status-bar">
        <span>{t('pending.loaded', { count: items.length })}</span>
        <span className="keys">{t('pending.keys')}</span>
      </footer>
      {openTid && <OrderDetail tid={openTid} onClose={() => setArg(null)} />}
    </div>
  );
}
