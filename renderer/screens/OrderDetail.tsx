import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../shared/domain.js';
import { formatFen } from '../../shared/rules/amounts.js';
import { formatFull } from '../../shared/rules/time.js';
import { send, subscribe } from '../api/client.js';
import { ContactLine, Countdown, FlagDot, LockPill, useNow } from '../components/bits.js';
import { useApp } from '../context.js';

export function OrderDetail({ tid, onClose }: { tid: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { settings } = useApp();
  const now = useNow(30_000);
  const [order, setOrder] = useState<OrderView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    const load = () =>
      send('orders.get', { tid }).then(
        (o) => alive && (setOrder(o), setError(null)),
        (e: Error) => alive && setError(e.message),
      );
    setOrder((o) => (o?.tid === tid ? o : null));
    void load();
    const off = subscribe((e) => {
      if (e.kind === 'orders.changed' && (e.tids.length === 0 || e.tids.includes(tid))) void load();
    });
    return () => {
      alive = false;
      off();
    };
  }, [tid]);

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
        <button className="btn icon" onClick={onClose} title={t('detail.close')} aria-label={t('detail.close')} data-testid="detail-close">✕</button>
      </header>
      {error && <div className="banner error">{error}</div>}
      {!order && !error && <div className="drawer-body muted">{t('app.loading')}</div>}
      {order && (
        <div className="drawer-body">
          <section className={`deadline-box ${order.locked ? 'is-locked' : ''}`}>
            <Countdown deadline={order.shipDeadline} now={now} dueSoonHours={settings.dueSoonHours} timeZone={tz} full={time(order.shipDeadline)} />
            <span className="muted small">{t(`detail.source.${order.shipDeadlineSource}`)}</span>
          </section>
          <dl className="facts">
            <dt>{t('detail.platform')}</dt><dd>{t(`platform.${order.platform}`)}</dd>
            <dt>{t('detail.shop')}</dt><dd>{order.shop || '—'}</dd>
            <dt>{t('detail.buyerNick')}</dt><dd>{order.buyerNick || '—'}</dd>
            <dt>{t('detail.type')}</dt><dd><span className={`type t-${order.orderType}`}>{t(`orderType.${order.orderType}`)}</span></dd>
            <dt>{t('detail.status')}</dt><dd>{t(`status.${order.status}`)}</dd>
            <dt>{t('detail.paid')}</dt><dd className="mono strong">¥{formatFen(order.paidAmount)}</dd>
            <dt>{t('detail.createdAt')}</dt><dd className="mono">{time(order.createdAt)}</dd>
            <dt>{t('detail.paidAt')}</dt><dd className="mono">{time(order.paidAt)}</dd>
            <dt>{t('detail.deadline')}</dt><dd className="mono">{time(order.shipDeadline)}</dd>
            <dt>{t('detail.flag')}</dt><dd className="flag-cell"><FlagDot flag={order.sellerFlag} /> {t(`flag.${order.sellerFlag}`)}</dd>
            <dt>{t('detail.memo')}</dt><dd>{order.sellerMemo || <span className="muted">{t('detail.noMemo')}</span>}</dd>
            <dt>{t('detail.updatedAt')}</dt><dd className="mono">{time(order.updatedAt)}</dd>
          </dl>
          <h3>{t('detail.contact')}</h3>
          <div className="contact-box"><ContactLine contact={order.contact} timeZone={tz} block /></div>
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
                    {l.trackingNo && <div className="muted small mono">{t('detail.line.tracking')}: {l.carrier} {l.trackingNo}</div>}
                  </td>
                  <td className="mono bin" data-testid="line-bin">{l.bin ?? '—'}</td>
                  <td className="mono">{l.barcode ?? '—'}</td>
                  <td className="r mono strong">{l.qty}</td>
                  <td><span className={`state s-${l.state}`}>{t(`lineState.${l.state}`)}</span></td>
                  <td>{l.locked && <LockPill />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </aside>
  );
}
