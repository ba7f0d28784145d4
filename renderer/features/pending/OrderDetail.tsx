import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../../shared/domain.js';
import { formatFen } from '../../../shared/rules/amounts.js';
import { formatFull } from '../../../shared/rules/time.js';
import { useRpc } from '../../data/hooks.js';
import { errorText } from '../../data/errors.js';
import { ContactLine } from '../../components/ContactLine.js';
import { Countdown } from '../../components/Countdown.js';
import { FlagDot } from '../../components/FlagDot.js';
import { LockPill } from '../../components/LockPill.js';
import { StatusPill } from '../../components/StatusPill.js';
import { useNow } from '../../data/useNow.js';
import { useApp } from '../../context.js';
import { ActionButtons, CreateInterceptionDialog, RequestLines } from '../interceptions/InterceptionsScreen.js';
import './drawer.css';
import { Negotiations } from './Negotiations.js';
import { RevealDialog } from './RevealDialog.js';
import { ShipForm } from './ShipForm.js';
import { Workorders } from './Workorders.js';
import { PackOutRecords } from '../../pack/OutRecords.js';

export function OrderDetail({ tid, onClose }: { tid: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { settings } = useApp();
  const now = useNow(30_000);
  const [creating, setCreating] = useState(false);
  const [revealing, setRevealing] = useState(false);
  const { refreshCounts } = useApp();
  useEffect(() => setRevealing(false), [tid]); // a reveal is for one order: moving on (j/k) closes it

  // Every read surfaces its error (none is swallowed); each reloads on pushed order changes.
  const reloadOn = ['orders.changed'] as const;
  const orderQ = useRpc('orders.get', { tid }, { reloadOn });
  const requestsQ = useRpc('interceptions.list', { q: tid, limit: 50 }, { reloadOn });
  const workordersQ = useRpc('workorders.list', { tid }, { reloadOn });
  const negotiationsQ = useRpc('negotiations.list', { tid }, { reloadOn });
  const order = orderQ.data?.tid === tid ? orderQ.data : null;
  const requests = requestsQ.data?.items ?? [];
  const workorders = workordersQ.data?.items ?? [];
  const negotiations = negotiationsQ.data?.items ?? [];
  const firstError = [orderQ.error, requestsQ.error, workordersQ.error, negotiationsQ.error].find((e) => e != null);
  const error = firstError != null ? errorText(firstError, t) : null;
  const loadRelated = () => {
    void requestsQ.reload();
    void workordersQ.reload();
    void negotiationsQ.reload();
  };
  const setOrder = orderQ.setData;

  const onChanged = (o?: OrderView) => {
    if (o) setOrder(o);
    loadRelated();
    refreshCounts();
  };

  const tz = settings.timeZone;
  const time = (ms: number | null) => (ms == null ? '—' : formatFull(ms, tz));

  return (
    <aside className="drawer" data-testid="order-detail" data-tid={tid} aria-label={t('detail.title')}>
      <header className="drawer-head">
        <div>
          <div className="drawer-kicker">{t('detail.title')}</div>
          <div className="drawer-title mono">{tid}</div>
        </div>
        {order?.locked && <LockPill />}
        <button className="btn icon" onClick={onClose} title={t('detail.close')} aria-label={t('detail.close')} data-testid="detail-close">
          ✕
        </button>
      </header>
      {error && <div className="banner error">{error}</div>}
      {!order && !error && <div className="drawer-body muted">{t('app.loading')}</div>}
      {order && (
        <div className="drawer-body">
          <section className={`deadline-box ${order.locked ? 'is-locked' : ''}`}>
            <Countdown
              deadline={order.shipDeadline}
              now={now}
              dueSoonHours={settings.dueSoonHours}
              timeZone={tz}
              full={time(order.shipDeadline)}
            />
            <span className="deadline-source">
              <span className="muted small" data-testid="deadline-source">
                {t('detail.deadlineSource')}: {t(`detail.source.${order.shipDeadlineSource}`)}
              </span>
              {order.noAutoCompensation && (
                <span className="tag tag-warn" data-testid="no-auto-comp">
                  {t('detail.noAutoCompensation')}
                </span>
              )}
            </span>
          </section>
          <dl className="facts">
            <dt>{t('detail.platform')}</dt>
            <dd>{t(`platform.${order.platform}`)}</dd>
            <dt>{t('detail.shop')}</dt>
            <dd>{order.shop || '—'}</dd>
            <dt>{t('detail.buyerNick')}</dt>
            <dd>{order.buyerNick || '—'}</dd>
            <dt>{t('detail.type')}</dt>
            <dd>
              <span className={`type t-${order.orderType}`}>{t(`orderType.${order.orderType}`)}</span>
            </dd>
            <dt>{t('detail.status')}</dt>
            <dd>{t(`status.${order.status}`)}</dd>
            <dt>{t('detail.paid')}</dt>
            <dd className="mono strong">¥{formatFen(order.paidAmount)}</dd>
            <dt>{t('detail.createdAt')}</dt>
            <dd className="mono">{time(order.createdAt)}</dd>
            <dt>{t('detail.paidAt')}</dt>
            <dd className="mono">{time(order.paidAt)}</dd>
            <dt>{t('detail.deadline')}</dt>
            <dd className="mono">{time(order.shipDeadline)}</dd>
            <dt>{t('detail.flag')}</dt>
            <dd className="flag-cell">
              <FlagDot flag={order.sellerFlag} /> {t(`flag.${order.sellerFlag}`)}
            </dd>
            <dt>{t('detail.memo')}</dt>
            <dd>{order.sellerMemo || <span className="muted">{t('detail.noMemo')}</span>}</dd>
            <dt>{t('detail.updatedAt')}</dt>
            <dd className="mono">{time(order.updatedAt)}</dd>
          </dl>
          <div className="section-head">
            <h3>{t('detail.contact')}</h3>
            <button className="btn small reveal-btn" onClick={() => setRevealing(true)} data-testid="reveal-open">
              {t('detail.reveal.button')}
            </button>
          </div>
          <div className="contact-box">
            <ContactLine contact={order.contact} timeZone={tz} block />
          </div>
          <h3>{t('detail.lines', { count: order.lines.length })}</h3>
          <table className="lines-table" data-testid="detail-lines">
            <thead>
              <tr>
                <th>{t('detail.line.sku')}</th>
                <th>{t('detail.line.title')}</th>
                <th>{t('detail.line.bin')}</th>
                <th>{t('detail.line.barcode')}</th>
                <th className="r">{t('detail.line.qty')}</th>
                <th>{t('detail.line.state')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {order.lines.map((l) => (
                <tr key={l.oid} data-testid="detail-line" data-oid={l.oid} className={l.locked ? 'locked' : ''}>
                  <td className="mono">{l.sku || '—'}</td>
                  <td className="title-cell">
                    <div>{l.title}</div>
                    {l.trackingNo && (
                      <div className="muted small mono">
                        {t('detail.line.tracking')}: {l.carrier} {l.trackingNo}
                      </div>
                    )}
                  </td>
                  <td className="mono bin" data-testid="line-bin">
                    {l.bin ?? '—'}
                  </td>
                  <td className="mono">{l.barcode ?? '—'}</td>
                  <td className="r mono strong">{l.qty}</td>
                  <td>
                    <span className={`state s-${l.state}`}>{t(`lineState.${l.state}`)}</span>
                  </td>
                  <td>{l.locked && <LockPill />}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <PackOutRecords tid={order.tid} updatedAt={order.updatedAt} />

          <section className="detail-section" data-testid="detail-interceptions">
            <div className="section-head">
              <h3>{t('detail.icp.title', { count: requests.length })}</h3>
              <button className="btn small danger" onClick={() => setCreating(true)} data-testid="detail-intercept">
                {t('detail.icp.create')}
              </button>
            </div>
            {requests.length === 0 && <div className="muted small">{t('detail.icp.none')}</div>}
            {requests.map((r) => (
              <div key={r.requestId} className="icp-card" data-testid="detail-icp" data-request-id={r.requestId} data-status={r.status}>
                <div className="icp-card-head">
                  <StatusPill status={r.status} />
                  {r.result && <span className={`result r-${r.result}`}>{t(`icp.result.${r.result}`)}</span>}
                  <span className="mono small">{r.requestId}</span>
                  <span className="muted small">
                    {t(`icp.source.${r.source}`)} · {formatFull(r.receivedAt, tz)}
                  </span>
                </div>
                <div className="icp-card-body">
                  <RequestLines r={r} />
                  {r.reason && <span>{r.reason}</span>}
                  {r.message && <span className="muted small">{r.message}</span>}
                </div>
                <ActionButtons r={r} small onDone={() => onChanged()} />
              </div>
            ))}
          </section>

          <ShipForm order={order} onDone={onChanged} />
          <Workorders items={workorders} tz={tz} now={now} onDone={onChanged} />
          <Negotiations order={order} items={negotiations} tz={tz} onDone={onChanged} />
        </div>
      )}
      {revealing && <RevealDialog key={tid} tid={tid} onClose={() => setRevealing(false)} />}
      {creating && <CreateInterceptionDialog tid={tid} onClose={() => setCreating(false)} onCreated={() => onChanged()} />}
    </aside>
  );
}
