import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFull } from '../../../shared/rules/time.js';
import { send } from '../../api/client.js';
import { errorText } from '../../data/errors.js';
import { Modal } from '../../components/Modal.js';
import { useApp } from '../../context.js';

type Revealed = { name: string; phone: string | null; secretNo: string | null; address: string };

/**
 * 主管查看: the one place a real contact appears, for one order, after the supervisor PIN (audited on the
 * station). It lives in this dialog's state only — never in a title, tooltip or log — and goes when it closes.
 */
export function RevealDialog({ tid, onClose }: { tid: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { settings } = useApp();
  const [supervisor, setSupervisor] = useState('');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<(Revealed & { who: string; at: number }) | null>(null);

  // Drop the revealed values before the dialog goes away, whatever closes it.
  const close = useCallback(() => {
    setShown(null);
    setPin('');
    onClose();
  }, [onClose]);
  useEffect(() => () => setShown(null), []);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!supervisor.trim() || !pin || !reason.trim()) return setError(t('detail.reveal.required'));
    setBusy(true);
    setError(null);
    send('orders.reveal', { tid, supervisor: supervisor.trim(), pin, reason: reason.trim() })
      .then((r) =>
        setShown({ name: r.name, phone: r.phone, secretNo: r.secretNo, address: r.address, who: supervisor.trim(), at: Date.now() }),
      )
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => {
        setPin('');
        setBusy(false);
      });
  };

  return (
    <Modal title={t('detail.reveal.title')} onClose={close} testid="reveal-dialog">
      <div className="modal-body">
        <div className="muted small mono">{tid}</div>
        {shown ? (
          <>
            <dl className="facts reveal-facts" data-testid="reveal-result">
              <dt>{t('detail.reveal.name')}</dt>
              <dd className="mono">{shown.name}</dd>
              <dt>{t('detail.reveal.phone')}</dt>
              <dd className="mono strong" data-testid="reveal-phone">
                {shown.phone ?? t('detail.reveal.none')}
              </dd>
              {shown.secretNo && (
                <>
                  <dt>{t('detail.reveal.secretNo')}</dt>
                  <dd className="mono">{shown.secretNo}</dd>
                </>
              )}
              <dt>{t('detail.reveal.address')}</dt>
              <dd className="mono">{shown.address}</dd>
            </dl>
            <div className="audit-note" data-testid="reveal-audited">
              ✓ {t('detail.reveal.audited', { who: shown.who, at: formatFull(shown.at, settings.timeZone) })}
            </div>
            <div className="modal-actions">
              <button type="button" className="btn primary" onClick={close} data-testid="reveal-close">
                {t('detail.reveal.close')}
              </button>
            </div>
          </>
        ) : (
          <form onSubmit={submit} noValidate autoComplete="off">
            <p className="muted small">{t('detail.reveal.intro')}</p>
            {!settings.supervisorPinSet && (
              <div className="banner error inline" data-testid="reveal-no-pin">
                {t('detail.reveal.noPin')}
              </div>
            )}
            <label className="field">
              <span>{t('detail.reveal.supervisor')}</span>
              <input
                autoFocus
                value={supervisor}
                maxLength={40}
                onChange={(e) => setSupervisor(e.target.value)}
                data-testid="reveal-supervisor"
              />
            </label>
            <label className="field">
              <span>{t('detail.reveal.pin')}</span>
              <input
                type="password"
                inputMode="numeric"
                autoComplete="off"
                value={pin}
                maxLength={32}
                onChange={(e) => setPin(e.target.value)}
                data-testid="reveal-pin"
              />
            </label>
            <label className="field">
              <span>{t('detail.reveal.reason')}</span>
              <input
                value={reason}
                maxLength={200}
                placeholder={t('detail.reveal.reasonPlaceholder')}
                onChange={(e) => setReason(e.target.value)}
                data-testid="reveal-reason"
              />
            </label>
            {error && (
              <div className="field-error" data-testid="reveal-error">
                {error}
              </div>
            )}
            <div className="modal-actions">
              <button type="button" className="btn" onClick={close}>
                {t('icp.cancel')}
              </button>
              <button type="submit" className="btn danger" disabled={busy} data-testid="reveal-submit">
                {busy ? t('detail.reveal.busy') : t('detail.reveal.submit')}
              </button>
            </div>
          </form>
        )}
      </div>
    </Modal>
  );
}
