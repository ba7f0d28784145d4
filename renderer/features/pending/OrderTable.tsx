// The pending table: virtualised rows, one scroll container for both axes (the header sticks on top),
// a red left edge and a 拦截 column first, the memo inside the row, at most two line chips and "+N".
import type { Virtualizer } from '@tanstack/react-virtual';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../../shared/domain.js';
import { formatFen } from '../../../shared/rules/amounts.js';
import { ContactLine } from '../../components/ContactLine.js';
import { Countdown } from '../../components/Countdown.js';
import { FlagDot } from '../../components/FlagDot.js';
import { LockPill } from '../../components/LockPill.js';
import { COLUMNS, gridTemplate, type ColumnId } from './columns.js';

export const ROW_HEIGHT = 48;
const MAX_CHIPS = 2;

export interface OrderTableProps {
  items: OrderView[];
  total: number | null;
  columns: ColumnId[];
  selected: number;
  openTid: string | null;
  selecting: boolean;
  picked: Set<string>;
  now: number;
  timeZone: string;
  dueSoonHours: number;
  loading: boolean;
  hasMore: boolean;
  scrollRef: RefObject<HTMLDivElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  onOpen: (index: number, tid: string) => void;
  onTogglePick: (tid: string) => void;
  onPickAll: () => void;
  allPicked: boolean;
}

export function OrderTable(p: OrderTableProps) {
  const { t } = useTranslation();
  const { template, minWidth } = gridTemplate(p.columns, p.selecting);
  const virtualizer = p.virtualizer;
  const cols = COLUMNS.filter((c) => p.columns.includes(c.id));
  const rowStyle = { gridTemplateColumns: template };

  return (
    <div className="pt-scroll" ref={p.scrollRef} data-testid="order-list">
      <div className="pt-inner" style={{ minWidth }} role="grid" aria-rowcount={p.total ?? undefined}>
        <div className="pt-row pt-head" role="row" style={rowStyle} data-testid="order-head">
          {p.selecting && (
            <div role="columnheader" className="c pick-cell" onMouseDown={(e) => e.preventDefault()}>
              <input
                type="checkbox"
                tabIndex={-1}
                checked={p.allPicked}
                onChange={p.onPickAll}
                aria-label={t('pending.selectAll')}
                data-testid="pick-all"
              />
            </div>
          )}
          {cols.map((c) => (
            <div key={c.id} role="columnheader" className={c.align ?? ''} data-col={c.id} title={t(`pending.col.${c.id}`)}>
              {c.id === 'flag' ? '⚑' : t(`pending.col.${c.id}`)}
            </div>
          ))}
        </div>
        {p.items.length === 0 && !p.loading && <div className="empty">{t('pending.empty')}</div>}
        <div className="pt-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((vr) => {
            const o = p.items[vr.index]!;
            const isPicked = p.selecting && p.picked.has(o.tid);
            return (
              <div
                key={o.tid}
                role="row"
                data-testid="order-row"
                data-tid={o.tid}
                aria-selected={vr.index === p.selected}
                data-picked={isPicked ? 'true' : undefined}
                className={`pt-row${vr.index === p.selected ? ' selected' : ''}${isPicked ? ' picked' : ''}${o.locked ? ' locked' : ''}${p.openTid === o.tid ? ' open' : ''}`}
                style={{ ...rowStyle, height: ROW_HEIGHT, transform: `translateY(${vr.start}px)` }}
                onClick={() => p.onOpen(vr.index, o.tid)}
              >
                {p.selecting && (
                  <div
                    className="c pick-cell"
                    onMouseDown={(e) => e.preventDefault() /* keep focus off the checkbox: j/k/x keep working */}
                    onClick={(e) => {
                      e.stopPropagation();
                      p.onTogglePick(o.tid);
                    }}
                  >
                    <input
                      type="checkbox"
                      tabIndex={-1}
                      checked={p.picked.has(o.tid)}
                      onChange={() => undefined}
                      aria-label={t('pending.selectRow', { tid: o.tid })}
                      data-testid="pick-order"
                    />
                  </div>
                )}
                {cols.map((c) => (
                  <Cell key={c.id} id={c.id} o={o} {...p} />
                ))}
              </div>
            );
          })}
        </div>
        {p.loading && p.items.length > 0 && p.hasMore && <div className="loading-more">{t('pending.loadingMore')}</div>}
      </div>
    </div>
  );
}

function Cell({ id, o, now, timeZone, dueSoonHours }: { id: ColumnId; o: OrderView } & OrderTableProps) {
  const { t } = useTranslation();
  switch (id) {
    case 'lock':
      return (
        <div className="c" data-col="lock">
          {o.locked && <LockPill />}
        </div>
      );
    case 'deadline':
      return (
        <div data-col="deadline">
          <Countdown deadline={o.shipDeadline} now={now} dueSoonHours={dueSoonHours} timeZone={timeZone} />
        </div>
      );
    case 'flag':
      return (
        <div className="c" data-col="flag">
          <FlagDot flag={o.sellerFlag} />
        </div>
      );
    case 'platform':
      return (
        <div data-col="platform">
          <span className={`platform p-${o.platform}`} title={t(`platform.${o.platform}`)}>
            {t(`platformShort.${o.platform}`)}
          </span>
        </div>
      );
    case 'tid':
      return (
        <div className="stack" data-col="tid">
          <span className="mono tid">{o.tid}</span>
          <span className={`type t-${o.orderType}`}>{t(`orderType.${o.orderType}`)}</span>
        </div>
      );
    case 'nick':
      return (
        <div className="nick" data-col="nick" title={o.buyerNick}>
          {o.buyerNick}
        </div>
      );
    case 'lines': {
      const shown = o.lines.slice(0, MAX_CHIPS);
      const rest = o.lines.length - shown.length;
      return (
        <div className="lines" data-col="lines" title={o.lines.map((l) => `${l.sku || '—'} ×${l.qty}`).join('\n')}>
          {shown.map((l) => (
            <span key={l.oid} className={`line-chip${l.locked ? ' locked' : ''}${l.state !== 'open' ? ` s-${l.state}` : ''}`}>
              <span className="mono">{l.sku || '—'}</span>
              <b>×{l.qty}</b>
            </span>
          ))}
          {rest > 0 && (
            <span className="line-more" data-testid="line-more">
              +{rest}
            </span>
          )}
        </div>
      );
    }
    case 'memo':
      return (
        <div className="memo" data-col="memo" title={o.sellerMemo || undefined}>
          {o.sellerMemo}
        </div>
      );
    case 'receiver':
      return (
        <div className="receiver" data-col="receiver">
          <ContactLine contact={o.contact} timeZone={timeZone} compact />
        </div>
      );
    case 'amount':
      return (
        <div className="r mono amount" data-col="amount">
          ¥{formatFen(o.paidAmount)}
        </div>
      );
    case 'batch':
      return (
        <div className="stack batch-cell" data-col="batch">
          {o.batch ? (
            <>
              <span className="mono small">{o.batch.batchNo}</span>
              <span className={`tag ${o.batch.printed ? 'tag-ok' : 'tag-muted'}`}>
                {o.batch.printed ? t('pending.batchPrinted') : t('pending.batchNotPrinted')}
              </span>
            </>
          ) : (
            <span className="muted small">{t('pending.noBatch')}</span>
          )}
        </div>
      );
  }
}
