import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NegotiationView } from '../../../shared/api/contract.js';
import type { OrderView } from '../../../shared/domain.js';
import { formatFull } from '../../../shared/rules/time.js';
import { send } from '../../api/client.js';
import { errorText } from '../../data/errors.js';
import { fromLocalInput, toLocalInput } from '../../lib/datetime.js';

/** 协商发货: the cards sent so far and a new proposal; a refusal names the failed condition. */
export function Negotiations({ order, items, tz, onDone }: { order: OrderView; items: NegotiationView[]; tz: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(() => toLocalInput((order.shipDeadline ?? Date.now()) + 24 * 3_600_000, tz));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const propose = (e: React.FormEvent) => {
    e.preventDefault();
    const ms = fromLocalInput(value, tz);
    if (ms == null) return setError(t('detail.neg.badTime'));
    setBusy(true);
    setError(null);
    send('negotiations.propose', { tid: order.tid, proposedDeadline: ms })
      .then(onDone)
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="detail-section" data-testid="detail-negotiations">
      <h3>{t('detail.neg.title', { count: items.length })}</h3>
      {order.noAutoCompensation && <div className="tag tag-warn block-tag">{t('detail.noAutoCompensation')}</div>}
      {items.length > 0 && (
        <table className="lines-table">
          <thead>
            <tr>
              <th>{t('detail.neg.proposed')}</th>
              <th>{t('detail.neg.sent')}</th>
              <th>{t('detail.neg.validUntil')}</th>
              <th>{t('detail.neg.status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((n) => (
              <tr key={n.negotiationId} data-testid="negotiation">
                <td className="mono">{formatFull(n.proposedDeadline, tz)}</td>
                <td className="mono">{formatFull(n.sentAt, tz)}</td>
                <td className="mono">{formatFull(n.validUntil, tz)}</td>
                <td>
                  <span className={`state neg-${n.status}`}>{t(`detail.neg.st.${n.status}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={propose}>
        <label className="inline-field">
          <span>{t('detail.neg.newTime')}</span>
          <input type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} data-testid="neg-time" />
        </label>
        <button className="btn" type="submit" disabled={busy} data-testid="neg-propose">
          {t('detail.neg.propose')}
        </button>
      </form>
      {error && (
        <div className="banner error inline" data-testid="neg-error">
          {error}
        </div>
      )}
    </section>
  );
}
