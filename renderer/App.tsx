import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../shared/settings.js';
import { send, subscribe } from './api/client.js';
import { AppContext, SCREENS, type Screen } from './context.js';
import { applyLocale, type Locale } from './i18n.js';
import { ImportScreen } from './screens/Import.js';
import { PendingScreen } from './screens/Pending.js';
import { SettingsScreen } from './screens/Settings.js';

function screenFromHash(): Screen {
  const h = window.location.hash.replace(/^#\/?/, '');
  return (SCREENS as string[]).includes(h) ? (h as Screen) : 'pending';
}

export function App() {
  const { t } = useTranslation();
  const [settings, setSettingsState] = useState<SettingsView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [screen, setScreen] = useState<Screen>(screenFromHash);
  const [pendingTotal, setPendingTotal] = useState<number | null>(null);

  const setSettings = useCallback((s: SettingsView) => {
    applyLocale(s.locale);
    setSettingsState(s);
  }, []);

  const loadSettings = useCallback(() => {
    setLoadError(null);
    send('settings.get', {}).then(setSettings, (e: Error) => setLoadError(e.message));
  }, [setSettings]);

  const loadCount = useCallback(() => {
    send('orders.list', { view: 'pending', limit: 1 }).then((p) => setPendingTotal(p.total), () => undefined);
  }, []);

  useEffect(() => {
    loadSettings();
    loadCount();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = subscribe((e) => {
      if (e.kind === 'settings.changed') loadSettings();
      if (e.kind === 'orders.changed' || e.kind === 'settings.changed') {
        clearTimeout(timer);
        timer = setTimeout(loadCount, 300);
      }
    });
    const onHash = () => setScreen(screenFromHash());
    window.addEventListener('hashchange', onHash);
    return () => {
      off();
      clearTimeout(timer);
      window.removeEventListener('hashchange', onHash);
    };
  }, [loadSettings, loadCount]);

  const navigate = useCallback((s: Screen) => {
    window.location.hash = `#/${s}`;
    setScreen(s);
  }, []);

  const switchLocale = (locale: Locale) => {
    if (!settings || settings.locale === locale) return;
    applyLocale(locale);
    send('settings.update', { locale }).then(setSettings, () => applyLocale(settings.locale));
  };

  const ctx = useMemo(
    () => (settings ? { settings, setSettings, navigate, refreshCounts: loadCount } : null),
    [settings, setSettings, navigate, loadCount],
  );

  if (!ctx) {
    return (
      <div className="boot">
        {loadError ? (
          <div className="boot-error">
            <h1>{t('app.errorTitle')}</h1>
            <p className="mono">{loadError}</p>
            <button className="btn primary" onClick={loadSettings}>{t('app.retry')}</button>
          </div>
        ) : (
          <div className="boot-loading">{t('app.loading')}</div>
        )}
      </div>
    );
  }

  const nav: Array<{ id: Screen; icon: string; badge?: number | null }> = [
    { id: 'pending', icon: '▤', badge: pendingTotal },
    { id: 'import', icon: '⇪' },
    { id: 'settings', icon: '⚙' },
  ];

  return (
    <AppContext.Provider value={ctx}>
      <div className="shell">
        <aside className="sidebar">
          <div className="brand">
            <div className="brand-mark">锁</div>
            <div>
              <div className="brand-name">{t('app.name')}</div>
              <div className="brand-sub">{t('app.subtitle')}</div>
            </div>
          </div>
          <nav className="nav" data-testid="nav">
            {nav.map((n) => (
              <button
                key={n.id}
                className={`nav-item${screen === n.id ? ' active' : ''}`}
                data-testid={`nav-${n.id}`}
                onClick={() => navigate(n.id)}
              >
                <span className="nav-icon" aria-hidden="true">{n.icon}</span>
                <span className="nav-label">{t(`nav.${n.id}`)}</span>
                {n.badge != null && <span className="badge" data-testid={`nav-${n.id}-badge`}>{n.badge}</span>}
              </button>
            ))}
          </nav>
          <div className="sidebar-foot">
            <div className="station-name" title={ctx.settings.stationName}>{ctx.settings.stationName}</div>
            <div className="lang-switch" role="group" aria-label={t('nav.language')}>
              {(['zh-CN', 'en'] as const).map((l) => (
                <button key={l} className={ctx.settings.locale === l ? 'on' : ''} onClick={() => switchLocale(l)} data-testid={`lang-${l}`}>
                  {l === 'zh-CN' ? '中文' : 'EN'}
                </button>
              ))}
            </div>
          </div>
        </aside>
        <main className="main">
          {screen === 'pending' && <PendingScreen />}
          {screen === 'import' && <ImportScreen />}
          {screen === 'settings' && <SettingsScreen />}
        </main>
      </div>
    </AppContext.Provider>
  );
}
