import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../../shared/domain.js';
import { send } from '../../api/client.js';
import { errorText } from '../../data/errors.js';

/** 标记发货: carrier + tracking number, or 无需物流. Refusals (locked, number used, partly shipped) show as sent. */
export function ShipForm({ order, onDone }: { order: OrderView; onDone: (o?: OrderView) => void }) {
  const { t } = useTranslation();
  const [carrier, setCarrier] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [noLogistics, setNoLogistics] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const open = order.status === 'paid' && order.lines.some((l) => l.state === 'open');
  if (!open) return null;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    if (!noLogistics && (!carrier.trim() || !trackingNo.trim())) return setError(t('detail.ship.required'));
    setBusy(true);
    send('orders.markShipped', { tid: order.tid, carrier: carrier.trim(), trackingNo: trackingNo.trim(), noLogistics })
      .then((o) => {
        setDone(true);
        setTrackingNo('');
        onDone(o);
      })
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="detail-section" data-testid="ship-form">
      <h3>{t('detail.ship.title')}</h3>
      <form className="inline-form" onSubmit={submit}>
        <input
          list="carriers"
          placeholder={t('detail.ship.carrier')}
          value={carrier}
          maxLength={40}
          disabled={noLogistics}
          onChange={(e) => setCarrier(e.target.value)}
          data-testid="ship-carrier"
        />
        <datalist id="carriers">
          {CARRIERS.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <input
          className="mono"
          placeholder={t('detail.ship.trackingNo')}
          value={trackingNo}
          maxLength={40}
          disabled={noLogistics}
          onChange={(e) => setTrackingNo(e.target.value)}
          data-testid="ship-tracking"
        />
        <label className="check">
          <input type="checkbox" checked={noLogistics} onChange={(e) => setNoLogistics(e.target.checked)} data-testid="ship-nologistics" />{' '}
          {t('detail.ship.noLogistics')}
        </label>
        <button type="submit" className="btn primary" disabled={busy} data-testid="ship-submit">
          {t('detail.ship.submit')}
        </button>
      </form>
      {error && (
        <div className="banner error inline" data-testid="ship-error">
          {error}
        </div>
      )}
      {done && <div className="ok-text small">✓ {t('detail.ship.done')}</div>}
    </section>
  );
}

export const CARRIERS = ['中通快递', '圆通速递', '申通快递', '韵达快递', '顺丰速运', '极兔速递', 'EMS', '京东物流'];
