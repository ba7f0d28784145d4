// The interception setup as the platform's three steps (seed 004): 1. memo text + agree to 《拦截发货条款》
// (readable here), 2. 启用, 3. optional advanced settings. The setup banner names the step still missing.
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../shared/settings.js';
import { send } from '../../api/client.js';
import { Modal } from '../../components/Modal.js';
import { useApp } from '../../context.js';
import { errorText } from '../../data/errors.js';
import { useAction, useRpc } from '../../data/hooks.js';

export function TermsLink() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="btn link terms-link"
        onClick={(e) => {
          e.preventDefault();
          setOpen(true);
        }}
        data-testid="terms-open"
      >
        {t('setup.termsName')}
      </button>
      {open &&
        createPortal(
          <Modal title={t('setup.termsName')} onClose={() => setOpen(false)} testid="terms-dialog" wide>
            <div className="modal-body terms-text">
              {t('setup.termsText')
                .split('\n')
                .map((p, i) => (
                  <p key={i}>{p}</p>
                ))}
            </div>
            <div className="modal-actions">
              <button className="btn primary" onClick={() => setOpen(false)}>
                {t('setup.termsClose')}
              </button>
            </div>
          </Modal>,
          document.body,
        )}
    </>
  );
}

/** Step 2 (启用 / 停用), on the saved settings: step 1 must be saved first. */
export function EnableStep({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const { setSettings, refreshCounts } = useApp();
  const i = settings.interception;
  const step1 = i.memoText.trim() !== '' && i.termsAgreed;
  const enabled = i.enabled !== false && step1;
  const toggle = useAction(async (on: boolean) => {
    const s = await send('settings.update', { interception: { ...i, enabled: on } });
    setSettings(s);
    refreshCounts();
  });
  return (
    <div className={`setup-step${enabled ? ' done' : ''}`} data-testid="setup-enable">
      <span className="step-no">2</span>
      <div>
        <div className="strong">{t('setup.step2')}</div>
        <div className="muted small">{step1 ? t('setup.step2Hint') : t('setup.step2Blocked')}</div>
      </div>
      {enabled ? (
        <>
          <span className="tag tag-ok" data-testid="setup-enabled">
            ✓ {t('setup.enabled')}
          </span>
          <button type="button" className="btn small" disabled={toggle.busy} onClick={() => void toggle.run(false)}>
            {t('setup.disable')}
          </button>
        </>
      ) : (
        <button
          type="button"
          className="btn primary"
          disabled={!step1 || toggle.busy}
          onClick={() => void toggle.run(true)}
          data-testid="settings-enable"
        >
          {t('setup.enable')}
        </button>
      )}
      {toggle.error != null && <span className="error-text">{errorText(toggle.error, t)}</span>}
    </div>
  );
}

/**
 * Requests received before the setup was finished locked their lines at once, but their memo, flag and buyer
 * notices waited. Once the setup is done the clerk sees exactly what will be sent, and confirms.
 */
export function CatchUpNotices() {
  const { t } = useTranslation();
  const { refreshCounts } = useApp();
  const preview = useRpc('interceptions.catchUpPreview', {}, { reloadOn: ['settings.changed', 'orders.changed'] });
  const send1 = useAction(async (requestIds: string[]) => {
    await send('interceptions.catchUp', { requestIds });
    await preview.reload();
    refreshCounts();
  });
  const items = preview.data?.items ?? [];
  if (!items.length) return null;
  const ready = preview.data?.ready === true;
  return (
    <div className="setup-step catch-up" data-testid="catch-up">
      <span className="step-no">!</span>
      <div>
        <div className="strong">{t('setup.catchUp.title', { count: items.length })}</div>
        <div className="muted small">{ready ? t('setup.catchUp.hint') : t('setup.catchUp.notReady')}</div>
        <ul className="catch-up-list" data-testid="catch-up-list">
          {items.slice(0, 20).map((p) => (
            <li key={p.requestId} data-testid="catch-up-item">
              <span className="mono">{p.tid}</span> · {t('setup.catchUp.memo')} “{p.memo}” ·{' '}
              {t('setup.catchUp.notices', { count: p.notices.length })}
            </li>
          ))}
          {items.length > 20 && <li className="muted">+{items.length - 20}</li>}
        </ul>
        {items[0] && (
          <details className="small">
            <summary>{t('setup.catchUp.showTexts')}</summary>
            {items[0].notices.map((n, i) => (
              <p key={i} className="muted">
                {n}
              </p>
            ))}
          </details>
        )}
      </div>
      <button
        type="button"
        className="btn primary"
        disabled={!ready || send1.busy}
        onClick={() => void send1.run(items.map((p) => p.requestId))}
        data-testid="catch-up-send"
      >
        {t('setup.catchUp.send')}
      </button>
      {send1.error != null && <span className="error-text">{errorText(send1.error, t)}</span>}
    </div>
  );
}
