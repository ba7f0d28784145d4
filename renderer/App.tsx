import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppStatus } from '../shared/api/contract.js';
import type { AlertKind } from '../shared/rules/checks.js';
import type { SettingsView } from '../shared/settings.js';
import { isElectron, onUnauthorized, send, subscribe } from './api/client.js';
import { InterceptionBanner } from './components/InterceptionBanner.js';
import { OfflineBar } from './components/OfflineBar.js';
import { AppContext, type Screen } from './context.js';
import i18n, { applyLocale, type Locale } from './i18n.js';
import { AlertsScreen } from './features/alerts/AlertsScreen.js';
import { BatchesScreen } from './features/batches/BatchesScreen.js';
import { ImportScreen } from './screens/Import.js';
import { InterceptionsScreen } from './features/interceptions/InterceptionsScreen.js';
import { PackScreen } from './pack/PackScreen.js';
import { PendingScreen } from './features/pending/PendingScreen.js';
import { useHashRoute, useRpc } from './data/hooks.js';
import { SettingsScreen } from './features/settings/SettingsScreen.js';

/** Pushed changes after which the sidebar badges are counted again. */
const COUNT_RELOAD_ON = ['orders.changed', 'settings.changed', 'alerts.changed'] as const;

export function App() {
  const { t } = useTranslation();
  const [settings, setSettingsState] = useState<SettingsView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // The station answered 401: this browser has no session yet (open the login URL).
  const [needsLogin, setNeedsLogin] = useState(false);
  useEffect(() => onUnauthorized(() => setNeedsLogin(true)), []);
  const route = useHashRoute();
  const screen = route.screen;
  const routeNavigate = route.navigate;

  const setSettings = useCallback((s: SettingsView) => {
    applyLocale(s.locale);
    setSettingsState(s);
  }, []);

  const loadSettings = useCallback(() => {
    setLoadError(null);
    send('settings.get', {}).then(setSettings, (e: Error) => setLoadError(e.message));
  }, [setSettings]);

  // The sidebar badges, re-read shortly after pushed changes; useRpc drops an older answer that arrives after a
  // newer one, so a late reply cannot leave a stale number on screen.
  const countsOn = { reloadOn: COUNT_RELOAD_ON, reloadDelayMs: 300 };
  const statusQuery = useRpc('app.status', {}, countsOn);
  const batchesQuery = useRpc('batches.list', {}, countsOn);
  const status: AppStatus | null = statusQuery.data ?? null;
  const batches = batchesQuery.data;
  const staleBatches = useMemo(
    () => (batches ? batches.items.filter((b) => b.status === 'open' && b.staleCount > 0).length : null),
    [batches],
  );
  const { reload: reloadStatus } = statusQuery;
  const { reload: reloadBatches } = batchesQuery;
  const loadCount = useCallback(() => {
    void reloadStatus();
    void reloadBatches();
  }, [reloadStatus, reloadBatches]);

  useEffect(() => {
    loadSettings();
    return subscribe((e) => {
      if (e.kind === 'settings.changed') loadSettings();
      if (e.kind === 'alerts.changed' && e.critical.length) notifyCritical(e.critical);
    });
  }, [loadSettings]);

  // A screen comes back with the filters it had (kept in the URL and remembered per screen).
  const navigate = useCallback((s: Screen) => routeNavigate(s), [routeNavigate]);
  const openOrder = useCallback((tid: string) => routeNavigate('pending', tid), [routeNavigate]);
  const openBatch = useCallback((batchNo: string) => routeNavigate('batches', batchNo, {}), [routeNavigate]);

  const switchLocale = (locale: Locale) => {
    if (!settings || settings.locale === locale) return;
    applyLocale(locale);
    send('settings.update', { locale }).then(setSettings, () => applyLocale(settings.locale));
  };

  const ctx = useMemo(
    () => (settings ? { settings, setSettings, navigate, refreshCounts: loadCount, status, openOrder, openBatch, staleBatches } : null),
    [settings, setSettings, navigate, loadCount, status, openOrder, openBatch, staleBatches],
  );

  if (!ctx || needsLogin) {
    return (
      <div className="boot">
        {needsLogin ? (
          <div className="boot-error" data-testid="login-required">
            <h1>{t('app.loginTitle')}</h1>
            <p>{t('app.loginText')}</p>
            <p className="muted small">{t('app.loginHint')}</p>
            <button className="btn primary" onClick={() => window.location.reload()}>
              {t('app.retry')}
            </button>
          </div>
        ) : loadError ? (
          <div className="boot-error">
            <h1>{t('app.errorTitle')}</h1>
            <p className="mono">{loadError}</p>
            <button className="btn primary" onClick={loadSettings}>
              {t('app.retry')}
            </button>
          </div>
        ) : (
          <div className="boot-loading">{t('app.loading')}</div>
        )}
      </div>
    );
  }

  const nav: Array<{ id: Screen; icon: string; badge?: number | null; red?: boolean }> = [
    { id: 'pending', icon: '▤', badge: status?.pendingOrders },
    { id: 'interceptions', icon: '⊘', badge: status?.openInterceptions, red: (status?.openInterceptions ?? 0) > 0 },
    { id: 'alerts', icon: '⚠', badge: status?.openAlerts, red: (status?.criticalAlerts ?? 0) > 0 },
    { id: 'batches', icon: '☰', badge: staleBatches ? staleBatches : null, red: (staleBatches ?? 0) > 0 },
    { id: 'pack', icon: '▣' },
    { id: 'import', icon: '⇪' },
    { id: 'settings', icon: '⚙' },
  ];

  return (
    <AppContext.Provider value={ctx}>
      <div className={`shell${screen === 'pack' ? ' pack-mode' : ''}`}>
        {screen !== 'pack' && (
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
                  <span className="nav-icon" aria-hidden="true">
                    {n.icon}
                  </span>
                  <span className="nav-label">{t(`nav.${n.id}`)}</span>
                  {n.badge != null && (
                    <span className={`badge${n.red ? ' red' : ''}`} data-testid={`nav-${n.id}-badge`}>
                      {n.badge}
                    </span>
                  )}
                </button>
              ))}
            </nav>
            <div className="sidebar-foot">
              <div className="station-name" title={ctx.settings.stationName}>
                {ctx.settings.stationName}
              </div>
              <div className="lang-switch" role="group" aria-label={t('nav.language')}>
                {(['zh-CN', 'en'] as const).map((l) => (
                  <button
                    key={l}
                    className={ctx.settings.locale === l ? 'on' : ''}
                    onClick={() => switchLocale(l)}
                    data-testid={`lang-${l}`}
                  >
                    {l === 'zh-CN' ? '中文' : 'EN'}
                  </button>
                ))}
              </div>
            </div>
          </aside>
        )}
        <main className="main">
          {screen !== 'pack' && <OfflineBar />}
          <InterceptionBanner />
          {status && !status.interceptionReady && (
            <div className="setup-banner" data-testid="setup-banner" role="status">
              <span data-testid="setup-banner-text">
                ⚠{' '}
                {!status.interceptionSetup.memo
                  ? t('banner.memo')
                  : !status.interceptionSetup.terms
                    ? t('banner.terms')
                    : !status.interceptionSetup.enabled
                      ? t('banner.enable')
                      : t('banner.setup')}
              </span>
              {screen !== 'settings' && (
                <button className="btn link" onClick={() => navigate('settings')} data-testid="setup-banner-link">
                  {t('banner.toSettings')}
                </button>
              )}
            </div>
          )}
          <div className="screen">
            {screen === 'pending' && <PendingScreen />}
            {screen === 'interceptions' && <InterceptionsScreen />}
            {screen === 'alerts' && <AlertsScreen />}
            {screen === 'batches' && <BatchesScreen />}
            {screen === 'pack' && <PackScreen />}
            {screen === 'import' && <ImportScreen />}
            {screen === 'settings' && <SettingsScreen />}
          </div>
        </main>
      </div>
    </AppContext.Provider>
  );
}

/**
 * Desktop notification for alerts that just became critical: the order number and the kind only, never buyer data.
 * In Electron the main process already notifies (with the same content), so the renderer stays quiet there.
 */
function notifyCritical(critical: Array<{ tid: string; kind: string }>): void {
  const t = i18n.t.bind(i18n);
  if (isElectron() || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    const body = critical
      .slice(0, 5)
      .map((a) => `${a.tid} · ${t(`alertKind.${a.kind as AlertKind}`)}`)
      .join('\n');
    const more = critical.length > 5 ? `\n+${critical.length - 5}` : '';
    new Notification(t('alerts.notifyTitle', { count: critical.length }), { body: body + more, tag: 'shiplock-critical' });
  } catch {
    /* notifications unavailable */
  }
}
