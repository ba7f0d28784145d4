import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from './Modal.js';

/** Asks for a reason (required), then runs the action; shows the server's refusal. */
export function ReasonDialog({
  title,
  confirmLabel,
  danger,
  onClose,
  onConfirm,
}: {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  onClose: () => void;
  onConfirm: (reason: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError(t('icp.reasonRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    onConfirm(reason.trim()).then(onClose, (err: Error) => {
      setError(err.message);
      setBusy(false);
    });
  };
  return (
    <Modal title={title} onClose={onClose} testid="reason-dialog">
      <form onSubmit={submit} className="modal-body">
        <label className="field">
          <span>{t('icp.reason')}</span>
          <textarea
            autoFocus
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="reason-input"
          />
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
          <button type="submit" className={`btn ${danger ? 'danger' : 'primary'}`} disabled={busy} data-testid="reason-confirm">
            {confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
