// Count chips over the current filters, each a one-click filter. The counts come from the server
// (orders.counts) and add up: 已超时 + 6h 内 + 6–24h + 更晚 = 全部, 已入批次 + 未入批次 = 全部.
import { useTranslation } from 'react-i18next';
import type { OrderCountsView } from '../../../shared/api/office.js';
import type { DueChip, PendingFilters } from './filters.js';

interface Props {
  counts: OrderCountsView | undefined;
  filters: PendingFilters;
  onChange: (patch: Partial<PendingFilters>) => void;
}

export function TriageChips({ counts, filters, onChange }: Props) {
  const { t } = useTranslation();
  const n = (v: number | undefined) => (v == null ? '…' : v.toLocaleString());
  const due = (id: DueChip, count: number | undefined, tone: string) => (
    <Chip
      key={id}
      id={`due-${id}`}
      label={t(`pending.chip.${id}`)}
      count={n(count)}
      on={filters.due === id}
      tone={tone}
      onClick={() => onChange({ due: filters.due === id ? '' : id })}
    />
  );
  return (
    <div className="triage" data-testid="triage" role="toolbar" aria-label={t('pending.chip.label')}>
      <Chip
        id="all"
        label={t('pending.chip.all')}
        count={n(counts?.total)}
        on={!filters.due && !filters.locked && !filters.batch}
        onClick={() => onChange({ due: '', locked: false, batch: '' })}
      />
      <span className="triage-sep" />
      {due('overdue', counts?.overdue, 'red')}
      {due('6h', counts?.due6h, 'amber')}
      {due('24h', counts?.due24h, '')}
      {due('later', counts?.later, '')}
      <span className="triage-sep" />
      <Chip
        id="locked"
        label={t('pending.chip.locked')}
        count={n(counts?.locked)}
        on={filters.locked}
        tone="red"
        onClick={() => onChange({ locked: !filters.locked })}
      />
      <span className="triage-sep" />
      <Chip
        id="batch-in"
        label={t('pending.chip.inBatch')}
        count={n(counts?.inBatch)}
        on={filters.batch === 'in'}
        onClick={() => onChange({ batch: filters.batch === 'in' ? '' : 'in' })}
      />
      <Chip
        id="batch-out"
        label={t('pending.chip.notInBatch')}
        count={n(counts?.notInBatch)}
        on={filters.batch === 'out'}
        onClick={() => onChange({ batch: filters.batch === 'out' ? '' : 'out' })}
      />
    </div>
  );
}

function Chip(p: { id: string; label: string; count: string; on: boolean; tone?: string; onClick: () => void }) {
  return (
    <button
      type="button"
      className={`triage-chip${p.on ? ' on' : ''}${p.tone ? ` tone-${p.tone}` : ''}`}
      aria-pressed={p.on}
      data-testid={`chip-${p.id}`}
      onClick={p.onClick}
    >
      <span>{p.label}</span>
      <b className="mono" data-testid={`chip-${p.id}-count`}>
        {p.count}
      </b>
    </button>
  );
}
