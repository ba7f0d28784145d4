import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkorderView } from '../../../shared/api/contract.js';
import { formatFull } from '../../../shared/rules/time.js';
import { send } from '../../api/client.js';
import { errorText } from '../../data/errors.js';

export function Workorders({ items, tz, now, onDone }: { items: WorkorderView[]; tz: string; now: number; onDone: () => void }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <section className="detail-section" data-testid="detail-workorders">
      <h3>{t('detail.wo.title', { count: items.length })}</h3>
      {items.map((w) => (
        <div key={w.workOrderId} className={`wo-card wo-${w.status}`} data-testid="detail-wo" data-id={w.workOrderId}>
          <div className="icp-card-head">
            <b>{t(`detail.wo.kind.${w.kind}`)}</b>
            <span className={`state wo-status-${w.status}`}>{t(`detail.wo.status.${w.status}`)}</span>
            <span className="mono small">{w.workOrderId}</span>
            {w.status === 'open' && (
              <span className={`small strong ${w.dueAt <= now ? 'error-text' : 'warn-text'}`}>
                {w.dueAt <= now ? t('detail.wo.overdue') : t('detail.wo.dueIn', { at: formatFull(w.dueAt, tz) })}
              </span>
            )}
          </div>
          <div className="muted small">
            {t('detail.wo.created', { at: formatFull(w.createdAt, tz) })}
            {w.closedAt != null &&
              ` · ${t('detail.wo.closed', { at: formatFull(w.closedAt, tz), action: w.closeAction ? t(`detail.wo.action.${w.closeAction}`, { defaultValue: w.closeAction }) : '' })}`}
          </div>
          {w.note && <div className="small">{w.note}</div>}
          {w.status === 'open' && <WorkorderReply id={w.workOrderId} onDone={onDone} />}
        </div>
      ))}
    </section>
  );
}

function WorkorderReply({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [carrier, setCarrier] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setError(t('detail.wo.textRequired'));
    setBusy(true);
    setError(null);
    send('workorders.reply', {
      workOrderId: id,
      text: text.trim(),
      ...(trackingNo.trim() ? { trackingNo: trackingNo.trim() } : {}),
      ...(carrier.trim() ? { carrier: carrier.trim() } : {}),
    })
      .then(onDone)
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="wo-reply" onSubmit={submit}>
      <input
        placeholder={t('detail.wo.text')}
        value={text}
        maxLength={500}
        onChange={(e) => setText(e.target.value)}
        data-testid="wo-text"
      />
      <input
        className="mono"
        placeholder={t('detail.wo.trackingNo')}
        value={trackingNo}
        maxLength={40}
        onChange={(e) => setTrackingNo(e.target.value)}
        data-testid="wo-tracking"
      />
      <input
        placeholder={t('detail.ship.carrier')}
        list="carriers"
        value={carrier}
        maxLength={40}
        onChange={(e) => setCarrier(e.target.value)}
      />
      <button className="btn primary small" type="submit" disabled={busy} data-testid="wo-submit">
        {t('detail.wo.reply')}
      </button>
      {error && (
        <div className="field-error" data-testid="wo-error">
          {error}
        </div>
      )}
    </form>
  );
}
