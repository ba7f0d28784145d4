import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterceptionView } from '../../../shared/api/contract.js';
import type { OrderView } from '../../../shared/domain.js';
import { send } from '../../api/client.js';
import { LockPill } from '../../components/LockPill.js';
import { Modal } from '../../components/Modal.js';

/** 新建拦截: an order number, whole order or chosen lines, and a reason. */
export function CreateInterceptionDialog({
  tid: fixedTid,
  onClose,
  onCreated,
}: {
  tid?: string;
  onClose: () => void;
  onCreated?: (v: InterceptionView) => void;
}) {
  const { t } = useTranslation();
  const [tid, setTid] = useState(fixedTid ?? '');
  const [order, setOrder] = useState<OrderView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [whole, setWhole] = useState(true);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback((id: string) => {
    const v = id.trim();
    if (!v) return;
    setLoadError(null);
    send('orders.get', { tid: v }).then(
      (o) => {
        setOrder(o);
        setPicked(new Set());
      },
      (e: Error) => {
        setOrder(null);
        setLoadError(e.message);
      },
    );
  }, []);
  useEffect(() => {
    if (fixedTid) load(fixedTid);
  }, [fixedTid, load]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!tid.trim()) return setError(t('icp.create.tidRequired'));
    if (!whole && picked.size === 0) return setError(t('icp.create.pickLines'));
    if (!reason.trim()) return setError(t('icp.reasonRequired'));
    setBusy(true);
    send('interceptions.create', { tid: tid.trim(), reason: reason.trim(), ...(whole ? {} : { oids: [...picked] }) })
      .then((v) => {
        onCreated?.(v);
        onClose();
      })
      .catch((err: Error) => {
        setError(err.message);
        setBusy(false);
      });
  };

  return (
    <Modal title={t('icp.create.title')} onClose={onClose} testid="create-interception" wide>
      <form className="modal-body" onSubmit={submit}>
        <label className="field">
          <span>{t('icp.create.tid')}</span>
          <span className="inline-row">
            <input
              className="mono"
              value={tid}
              readOnly={!!fixedTid}
              autoFocus={!fixedTid}
              maxLength={64}
              onChange={(e) => setTid(e.target.value)}
              onBlur={() => tid.trim() && tid.trim() !== order?.tid && load(tid)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  load(tid);
                }
              }}
              data-testid="create-tid"
            />
            {!fixedTid && (
              <button type="button" className="btn" onClick={() => load(tid)} data-testid="create-load">
                {t('icp.create.load')}
              </button>
            )}
          </span>
          {loadError && <span className="field-error">{loadError}</span>}
        </label>
        <fieldset className="radio-row">
          <label className="check">
            <input type="radio" checked={whole} onChange={() => setWhole(true)} data-testid="create-whole" /> {t('icp.create.whole')}
          </label>
          <label className="check">
            <input type="radio" checked={!whole} onChange={() => setWhole(false)} disabled={!order} data-testid="create-choose" />{' '}
            {t('icp.create.choose')}
          </label>
        </fieldset>
        {order && (
          <table className="lines-table pick-lines">
            <tbody>
              {order.lines.map((l) => (
                <tr key={l.oid} className={l.locked ? 'locked' : ''}>
                  <td>
                    <input
                      type="checkbox"
                      disabled={whole || l.state !== 'open'}
                      checked={whole ? l.state === 'open' : picked.has(l.oid)}
                      onChange={(e) =>
                        setPicked((p) => {
                          const n = new Set(p);
                          if (e.target.checked) n.add(l.oid);
                          else n.delete(l.oid);
                          return n;
                        })
                      }
                      data-testid="create-line"
                      data-oid={l.oid}
                    />
                  </td>
                  <td className="mono">{l.sku}</td>
                  <td>{l.title}</td>
                  <td className="r mono strong">×{l.qty}</td>
                  <td>
                    <span className={`state s-${l.state}`}>{t(`lineState.${l.state}`)}</span>
                  </td>
                  <td>{l.locked && <LockPill />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <label className="field">
          <span>{t('icp.reason')} *</span>
          <textarea rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="create-reason" />
        </label>
        {error && (
          <div className="field-error" data-testid="dialog-error">
            {error}
          </div>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('icp.cancel')}
          </button>
          <button type="submit" className="btn danger" disabled={busy} data-testid="create-submit">
            {t('icp.create.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
