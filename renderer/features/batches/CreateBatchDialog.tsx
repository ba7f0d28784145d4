import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateBatchInput } from '../../../shared/api/contract.js';
import { ORDER_TYPES, PLATFORMS, type OrderType, type Platform } from '../../../shared/domain.js';
import { send } from '../../api/client.js';
import { Modal } from '../../components/Modal.js';
import './batches.css';
import { fromLocalInput } from '../../lib/datetime.js';
import { useApp } from '../../context.js';
import type { Created } from './handoff.js';

interface BatchForm {
  deadlineBefore: string;
  platform: Platform | '';
  orderType: OrderType | '';
  sku: string;
  carrier: string;
  maxOrders: string;
}

const EMPTY_FORM: BatchForm = { deadlineBefore: '', platform: '', orderType: '', sku: '', carrier: '', maxOrders: '200' };

export function CreateBatchDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (c: Created) => void }) {
  const { t } = useTranslation();
  const { settings } = useApp();
  const tz = settings.timeZone;
  const [f, setF] = useState<BatchForm>(EMPTY_FORM);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof BatchForm>(k: K, v: BatchForm[K]) => setF((x) => ({ ...x, [k]: v }));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const filters: NonNullable<CreateBatchInput['filters']> = {};
    if (f.deadlineBefore) {
      const ms = fromLocalInput(f.deadlineBefore, tz);
      if (ms == null) return setError(t('batch.form.badTime'));
      filters.deadlineBefore = ms;
    }
    if (f.platform) filters.platform = f.platform;
    if (f.orderType) filters.orderType = f.orderType;
    if (f.sku.trim()) filters.sku = f.sku.trim();
    if (f.carrier.trim()) filters.carrier = f.carrier.trim();
    const max = Number(f.maxOrders);
    if (!Number.isInteger(max) || max < 1 || max > 5000) return setError(t('batch.form.badMax'));
    setBusy(true);
    setError(null);
    send('batches.create', { filters, maxOrders: max })
      .then((r) => onCreated({ batchNo: r.batch.batchNo, orders: r.batch.orderCount, skipped: r.skipped }))
      .catch((err: Error) => {
        setError(err.message);
        setBusy(false);
      });
  };

  return (
    <Modal title={t('batch.form.title')} onClose={onClose} testid="batch-form" wide>
      <form className="modal-body batch-form" onSubmit={submit} noValidate>
        <p className="muted small">{t('batch.form.intro')}</p>
        <div className="batch-form-grid">
          <label className="field">
            <span>{t('batch.form.deadlineBefore', { tz })}</span>
            <input
              type="datetime-local"
              value={f.deadlineBefore}
              onChange={(e) => set('deadlineBefore', e.target.value)}
              data-testid="batch-deadline"
            />
          </label>
          <label className="field">
            <span>{t('batch.form.platform')}</span>
            <select value={f.platform} onChange={(e) => set('platform', e.target.value as Platform | '')} data-testid="batch-platform">
              <option value="">{t('batch.form.any')}</option>
              {PLATFORMS.map((p) => (
                <option key={p} value={p}>
                  {t(`platform.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('batch.form.orderType')}</span>
            <select value={f.orderType} onChange={(e) => set('orderType', e.target.value as OrderType | '')} data-testid="batch-type">
              <option value="">{t('batch.form.any')}</option>
              {ORDER_TYPES.map((o) => (
                <option key={o} value={o}>
                  {t(`orderType.${o}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('batch.form.sku')}</span>
            <input className="mono" value={f.sku} maxLength={128} onChange={(e) => set('sku', e.target.value)} data-testid="batch-sku" />
          </label>
          <label className="field">
            <span>{t('batch.form.carrier')}</span>
            <input value={f.carrier} maxLength={40} onChange={(e) => set('carrier', e.target.value)} data-testid="batch-carrier" />
          </label>
          <label className="field">
            <span>{t('batch.form.maxOrders')}</span>
            <input
              type="number"
              min={1}
              max={5000}
              step={1}
              value={f.maxOrders}
              onChange={(e) => set('maxOrders', e.target.value)}
              data-testid="batch-max"
            />
          </label>
        </div>
        {error && (
          <div className="field-error" data-testid="dialog-error">
            {error}
          </div>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('icp.cancel')}
          </button>
          <button type="submit" className="btn primary" disabled={busy} data-testid="batch-create-submit">
            {busy ? t('batch.form.creating') : t('batch.form.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
