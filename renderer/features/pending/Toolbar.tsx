// The pending list's filter bar: search (Esc leaves the field and keeps the text), platform, type, flag,
// older orders, saved filters, the column chooser, the Excel export and select mode.
import { useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ORDER_TYPES, PLATFORMS, SELLER_FLAGS, type OrderType, type Platform } from '../../../shared/domain.js';
import { FlagDot } from '../../components/FlagDot.js';
import { COLUMNS, type ColumnId } from './columns.js';
import type { PendingFilters } from './filters.js';
import type { SavedFilter } from './savedFilters.js';

interface Props {
  filters: PendingFilters;
  search: string;
  onSearch: (q: string) => void;
  onChange: (patch: Partial<PendingFilters>) => void;
  onReset: (() => void) | null;
  searchRef: RefObject<HTMLInputElement | null>;
  windowMonths: number;
  saved: SavedFilter[];
  onApplySaved: (s: SavedFilter) => void;
  onSaveCurrent: (name: string) => void;
  onDeleteSaved: (name: string) => void;
  columns: ColumnId[];
  onColumns: (c: ColumnId[]) => void;
  onExport: () => void;
  exporting: string | null;
  /** Select mode (orders for a pick batch): with the list's actions, so the header is one line at 1366 px. */
  selecting: boolean;
  onSelecting: () => void;
}

export function Toolbar(p: Props) {
  const { t } = useTranslation();
  const f = p.filters;
  return (
    <div className="pending-tools" data-testid="filter-bar">
      <div className="search">
        <span className="search-icon" aria-hidden="true">
          ⌕
        </span>
        <input
          ref={p.searchRef}
          type="text"
          role="searchbox"
          data-testid="search-input"
          value={p.search}
          maxLength={64}
          placeholder={t('pending.searchPlaceholder')}
          onChange={(e) => p.onSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault(); // leave the field, keep the text
              e.currentTarget.blur();
            }
          }}
        />
      </div>
      <select value={f.platform} onChange={(e) => p.onChange({ platform: e.target.value as Platform | '' })} data-testid="filter-platform">
        <option value="">{t('pending.allPlatforms')}</option>
        {PLATFORMS.map((x) => (
          <option key={x} value={x}>
            {t(`platform.${x}`)}
          </option>
        ))}
      </select>
      <select value={f.orderType} onChange={(e) => p.onChange({ orderType: e.target.value as OrderType | '' })} data-testid="filter-type">
        <option value="">{t('pending.allTypes')}</option>
        {ORDER_TYPES.map((x) => (
          <option key={x} value={x}>
            {t(`orderType.${x}`)}
          </option>
        ))}
      </select>
      <div className="flag-filter" role="radiogroup" aria-label={t('pending.allFlags')}>
        <button
          className={`flag-btn all${f.flag === '' ? ' on' : ''}`}
          onClick={() => p.onChange({ flag: '' })}
          title={t('pending.allFlags')}
        >
          {t('pending.chip.all')}
        </button>
        {SELLER_FLAGS.map((x) => (
          <button
            key={x}
            className={`flag-btn${f.flag === String(x) ? ' on' : ''}`}
            onClick={() => p.onChange({ flag: f.flag === String(x) ? '' : String(x) })}
            title={t(`flag.${x}`)}
            aria-label={t(`flag.${x}`)}
            data-testid={`filter-flag-${x}`}
          >
            <FlagDot flag={x} />
          </button>
        ))}
      </div>
      <label className="check" title={t('pending.includeOlder', { n: p.windowMonths })}>
        <input
          type="checkbox"
          checked={f.includeOlder}
          onChange={(e) => p.onChange({ includeOlder: e.target.checked })}
          data-testid="filter-older"
        />
        <span>{t('pending.includeOlderN', { n: p.windowMonths })}</span>
      </label>
      {p.onReset && (
        <button className="btn link" onClick={p.onReset} data-testid="filters-reset">
          {t('pending.reset')}
        </button>
      )}
      <span className="tools-spacer" />
      <SavedFilters {...p} />
      <ColumnChooser columns={p.columns} onColumns={p.onColumns} />
      <button className="btn" onClick={p.onExport} disabled={p.exporting != null} data-testid="export-xlsx">
        ⤓ {p.exporting ?? t('pending.export')}
      </button>
      <button
        className={`btn select-toggle${p.selecting ? ' on' : ''}`}
        onClick={p.onSelecting}
        aria-pressed={p.selecting}
        data-testid="select-mode"
      >
        ☑ {p.selecting ? t('pending.selectDone') : t('pending.select')}
      </button>
    </div>
  );
}

function SavedFilters(p: Pick<Props, 'saved' | 'onApplySaved' | 'onSaveCurrent' | 'onDeleteSaved'>) {
  const { t } = useTranslation();
  const [naming, setNaming] = useState<string | null>(null);
  return (
    <details className="popover" data-testid="saved-filters">
      <summary className="btn">☆ {t('pending.saved.title')}</summary>
      <div className="popover-panel">
        {p.saved.length === 0 && <div className="muted small">{t('pending.saved.none')}</div>}
        <ul className="saved-list">
          {p.saved.map((s) => (
            <li key={s.name}>
              <button className="btn link" onClick={() => p.onApplySaved(s)} data-testid="saved-apply">
                {s.name}
              </button>
              <button className="btn icon small" onClick={() => p.onDeleteSaved(s.name)} aria-label={t('pending.saved.delete')}>
                ✕
              </button>
            </li>
          ))}
        </ul>
        <form
          className="saved-new"
          onSubmit={(e) => {
            e.preventDefault();
            if (naming?.trim()) p.onSaveCurrent(naming.trim());
            setNaming(null);
          }}
        >
          <input
            value={naming ?? ''}
            maxLength={30}
            placeholder={t('pending.saved.name')}
            onChange={(e) => setNaming(e.target.value)}
            data-testid="saved-name"
          />
          <button className="btn small" type="submit" disabled={!naming?.trim()} data-testid="saved-save">
            {t('pending.saved.save')}
          </button>
        </form>
      </div>
    </details>
  );
}

function ColumnChooser({ columns, onColumns }: { columns: ColumnId[]; onColumns: (c: ColumnId[]) => void }) {
  const { t } = useTranslation();
  return (
    <details className="popover" data-testid="column-chooser">
      <summary className="btn">▥ {t('pending.columns')}</summary>
      <div className="popover-panel">
        {COLUMNS.map((c) => (
          <label key={c.id} className="check">
            <input
              type="checkbox"
              disabled={c.fixed}
              checked={columns.includes(c.id)}
              onChange={(e) => onColumns(e.target.checked ? [...columns, c.id] : columns.filter((x) => x !== c.id))}
              data-testid={`col-toggle-${c.id}`}
            />
            <span>{t(`pending.col.${c.id}`)}</span>
          </label>
        ))}
      </div>
    </details>
  );
}
