import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { desktop, send } from '../../api/client.js';

/**
 * 主管密码: set, or change with the current PIN. Saved on its own (not with 保存): Enter in these fields
 * runs this and never submits the settings form around it.
 */
export function SupervisorPin({ pinSet }: { pinSet: boolean }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = () => {
    setSaved(false);
    if (pinSet && !current) return setError(t('settings.pin.currentRequired'));
    if (!/^\d{6,12}$/.test(next)) return setError(t('settings.pin.badFormat'));
    if (next !== again) return setError(t('settings.pin.mismatch'));
    setBusy(true);
    setError(null);
    // The first PIN is set only in the desktop app (IPC) or the station terminal, never over HTTP.
    const d = desktop();
    const saving: Promise<unknown> = pinSet
      ? send('settings.setSupervisorPin', { currentPin: current, newPin: next })
      : d
        ? d.setFirstPin(next).then((r) => {
            if ('error' in r) throw new Error(r.error.message);
          })
        : Promise.reject(new Error(t('settings.pin.localOnly')));
    saving
      .then(() => {
        setSaved(true);
        setCurrent('');
        setNext('');
        setAgain('');
      })
      .catch((err: Error) => setError(err.message))
      .finally(() => setBusy(false));
  };

  const pinInput = (value: string, set: (v: string) => void, testid: string) => (
    <input
      type="password"
      inputMode="numeric"
      autoComplete="new-password"
      maxLength={12}
      className="mono"
      value={value}
      onChange={(e) => set(e.target.value.replace(/\D/g, ''))}
      data-testid={testid}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          submit();
        }
      }}
    />
  );

  return (
    <section className="card pin-card" data-testid="settings-supervisor">
      <h2>
        {t('settings.pin.title')}{' '}
        <span className={`tag ${pinSet ? 'tag-ok' : 'tag-warn'}`} data-testid="pin-state">
          {pinSet ? t('settings.pin.isSet') : t('settings.pin.notSet')}
        </span>
      </h2>
      <p className="muted small">{t('settings.pin.intro')}</p>
      <div className="pin-grid">
        {pinSet && (
          <label className="field compact">
            <span>{t('settings.pin.current')}</span>
            {pinInput(current, setCurrent, 'pin-current')}
          </label>
        )}
        <label className="field compact">
          <span>{t('settings.pin.next')}</span>
          {pinInput(next, setNext, 'pin-new')}
        </label>
        <label className="field compact">
          <span>{t('settings.pin.confirm')}</span>
          {pinInput(again, setAgain, 'pin-confirm')}
        </label>
      </div>
      <div className="inline-row">
        <button type="button" onClick={submit} className="btn" disabled={busy} data-testid="pin-save">
          {busy ? t('settings.pin.busy') : pinSet ? t('settings.pin.change') : t('settings.pin.set')}
        </button>
        {saved && (
          <span className="ok-text" data-testid="pin-saved">
            ✓ {t('settings.pin.saved')}
          </span>
        )}
        {error && (
          <span className="error-text" data-testid="pin-error">
            {error}
          </span>
        )}
      </div>
    </section>
  );
}
