// The station token, event secret and outbox key (issue #9): never part of settings. The desktop app reveals
// or rotates them over its own IPC channel (audited); a browser is told to use the station's terminal.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { desktop, type DesktopSecrets } from '../../api/client.js';

function Secret({ value, testid }: { value: string; testid: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <span className="secret">
      <span className="mono" data-testid={testid}>
        {shown ? value : '•'.repeat(16)}
      </span>
      <button type="button" className="btn small" onClick={() => setShown((s) => !s)} data-testid={`${testid}-toggle`}>
        {shown ? t('settings.hide') : t('settings.show')}
      </button>
    </span>
  );
}

export function StationSecrets({ stationUrl }: { stationUrl: string | null }) {
  const { t } = useTranslation();
  const d = desktop();
  const [secrets, setSecrets] = useState<DesktopSecrets | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!d) {
    return (
      <p className="muted small" data-testid="secrets-terminal">
        {t('settings.secretsTerminal')}
      </p>
    );
  }
  const reveal = () => void d.revealSecrets().then((r) => ('error' in r ? setError(r.error.message) : (setSecrets(r.ok), setError(null))));
  const rotate = (name: 'eventSecret' | 'stationToken' | 'outboxKey') => {
    if (!window.confirm(t('settings.rotateConfirm'))) return;
    void d.rotateSecret(name).then((r) => ('error' in r ? setError(r.error.message) : reveal()));
  };
  const makeLink = () => void d.loginLink().then((r) => ('error' in r ? setError(r.error.message) : setLink(r.ok)));
  const row = (name: 'eventSecret' | 'stationToken' | 'outboxKey', label: string) => (
    <>
      <dt>{label}</dt>
      <dd>
        <Secret value={secrets![name]} testid={`secret-${name}`} />
        {secrets!.fromEnv[name] ? (
          <span className="muted small"> · {t('settings.fromEnv')}</span>
        ) : (
          <button type="button" className="btn small" onClick={() => rotate(name)} data-testid={`rotate-${name}`}>
            {t('settings.rotate')}
          </button>
        )}
      </dd>
    </>
  );
  return (
    <div data-testid="station-secrets">
      <div className="inline-row">
        <button type="button" className="btn small" onClick={reveal} data-testid="reveal-secrets">
          {t('settings.revealSecrets')}
        </button>
        {stationUrl && (
          <button type="button" className="btn small" onClick={makeLink} data-testid="make-login-link">
            {t('settings.remoteLink')}
          </button>
        )}
      </div>
      {error && <div className="field-error">{error}</div>}
      {link && (
        <p className="mono small" data-testid="login-link">
          {link}
        </p>
      )}
      {secrets && (
        <dl className="facts wide">
          {row('stationToken', t('settings.stationToken'))}
          {row('eventSecret', t('settings.eventSecret'))}
          {row('outboxKey', t('settings.outboxKey'))}
        </dl>
      )}
    </div>
  );
}
