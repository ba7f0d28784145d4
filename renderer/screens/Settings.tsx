import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ORDER_TYPES, type OrderType } from '../../shared/domain.js';
import type { SettingsPatch, SettingsView } from '../../shared/settings.js';
import { ApiClientError, send } from '../api/client.js';
import { useApp } from '../context.js';

interface Form {
  locale: 'zh-CN' | 'en';
  timeZone: string;
  stationName: string;
  shipDeadlineHours: Record<OrderType, string>;
  dueSoonHours: string;
  defaultWindowMonths: string;
  privacyNumberDays: string;
}

function toForm(s: SettingsView): Form {
  return {
    locale: s.locale,
    timeZone: s.timeZone,
    stationName: s.stationName,
    shipDeadlineHours: Object.fromEntries(ORDER_TYPES.map((o) => [o, String(s.shipDeadlineHours[o])])) as Record<OrderType, string>,
    dueSoonHours: String(s.dueSoonHours),
    defaultWindowMonths: String(s.defaultWindowMonths),
    privacyNumberDays: String(s.privacyNumberDays),
  };
}

const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));

function toPatch(f: Form): SettingsPatch {
  return {
    locale: f.locale,
    timeZone: f.timeZone.trim(),
    stationName: f.stationName,
    shipDeadlineHours: Object.fromEntries(ORDER_TYPES.map((o) => [o, num(f.shipDeadlineHours[o])])) as Record<OrderType, number>,
    dueSoonHours: num(f.dueSoonHours),
    defaultWindowMonths: num(f.defaultWindowMonths),
    privacyNumberDays: num(f.privacyNumberDays),
  };
}

const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'America/Los_Angeles', 'America/New_York', 'UTC'];

function Secret({ value, testid }: { value: string; testid: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <span className="secret">
      <span className="mono" data-testid={testid}>{shown ? value : '•'.repeat(16)}</span>
      <button type="button" className="btn small" onClick={() => setShown((s) => !s)} data-testid={`${testid}-toggle`}>
        {shown ? t('settings.hide') : t('settings.show')}
      </button>
    </span>
  );
}

export function SettingsScreen() {
  const { t } = useTranslation();
  const { settings, setSettings } = useApp();
  const [form, setForm] = useState<Form>(() => toForm(settings));
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<{ path: string | null; message: string } | null>(null);

  // Follow outside changes (another station, the language switch) while nothing is being edited.
  useEffect(() => {
    if (!dirty) setForm(toForm(settings));
  }, [settings, dirty]);

  const edit = (fn: (f: Form) => Form) => {
    setForm(fn);
    setDirty(true);
    setSaved(false);
  };

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    send('settings.update', toPatch(form))
      .then((s) => {
        setSettings(s);
        setDirty(false);
        setSaved(true);
      })
      .catch((err: unknown) => {
        if (err instanceof ApiClientError) setError({ path: err.path, message: err.message });
        else setError({ path: null, message: (err as Error).message });
      })
      .finally(() => setSaving(false));
  };

  const fieldError = (path: string) =>
    error?.path === path ? <div className="field-error" data-testid="field-error">{error.message}</div> : null;
  const bad = (path: string) => (error?.path === path ? ' invalid' : '');

  const stationLink = settings.stationUrl ? `${settings.stationUrl}/?token=${settings.stationToken}` : null;

  return (
    <div className="page settings">
      <header className="page-head">
        <h1>{t('settings.title')}</h1>
      </header>
      <form className="settings-grid" onSubmit={save} noValidate data-testid="settings-form">
        <section className="card">
          <h2>{t('settings.general')}</h2>
          <label className={`field${bad('locale')}`}>
            <span>{t('settings.locale')}</span>
            <select value={form.locale} onChange={(e) => edit((f) => ({ ...f, locale: e.target.value as Form['locale'] }))} data-testid="settings-locale">
              <option value="zh-CN">{t('locale.zh-CN')}</option>
              <option value="en">{t('locale.en')}</option>
            </select>
            {fieldError('locale')}
          </label>
          <label className={`field${bad('timeZone')}`}>
            <span>{t('settings.timeZone')}</span>
            <input list="tz-list" value={form.timeZone} onChange={(e) => edit((f) => ({ ...f, timeZone: e.target.value }))} data-testid="settings-timeZone" />
            <datalist id="tz-list">{ZONES.map((z) => <option key={z} value={z} />)}</datalist>
            {fieldError('timeZone')}
          </label>
          <label className={`field${bad('stationName')}`}>
            <span>{t('settings.stationName')}</span>
            <input value={form.stationName} maxLength={60} onChange={(e) => edit((f) => ({ ...f, stationName: e.target.value }))} data-testid="settings-stationName" />
            {fieldError('stationName')}
          </label>
        </section>

        <section className="card">
          <h2>{t('settings.deadlines')}</h2>
          <fieldset className="hours-grid">
            <legend>{t('settings.shipDeadlineHours')}</legend>
            {ORDER_TYPES.map((o) => (
              <label key={o} className={`field compact${bad(`shipDeadlineHours.${o}`)}`}>
                <span>{t(`orderType.${o}`)}</span>
                <span className="with-unit">
                  <input
                    type="number" min={1} step="any" value={form.shipDeadlineHours[o]}
                    onChange={(e) => edit((f) => ({ ...f, shipDeadlineHours: { ...f.shipDeadlineHours, [o]: e.target.value } }))}
                    data-testid={`settings-hours-${o}`}
                  />
                  <em>{t('settings.hours')}</em>
                </span>
                {fieldError(`shipDeadlineHours.${o}`)}
              </label>
            ))}
          </fieldset>
          <div className="row3">
            <label className={`field compact${bad('dueSoonHours')}`}>
              <span>{t('settings.dueSoonHours')}</span>
              <span className="with-unit">
                <input type="number" step="any" value={form.dueSoonHours} onChange={(e) => edit((f) => ({ ...f, dueSoonHours: e.target.value }))} data-testid="settings-dueSoonHours" />
                <em>{t('settings.hours')}</em>
              </span>
              {fieldError('dueSoonHours')}
            </label>
            <label className={`field compact${bad('defaultWindowMonths')}`}>
              <span>{t('settings.defaultWindowMonths')}</span>
              <span className="with-unit">
                <input type="number" step={1} value={form.defaultWindowMonths} onChange={(e) => edit((f) => ({ ...f, defaultWindowMonths: e.target.value }))} data-testid="settings-defaultWindowMonths" />
                <em>{t('settings.months')}</em>
              </span>
              {fieldError('defaultWindowMonths')}
            </label>
            <label className={`field compact${bad('privacyNumberDays')}`}>
              <span>{t('settings.privacyNumberDays')}</span>
              <span className="with-unit">
                <input type="number" step={1} value={form.privacyNumberDays} onChange={(e) => edit((f) => ({ ...f, privacyNumberDays: e.target.value }))} data-testid="settings-privacyNumberDays" />
                <em>{t('settings.days')}</em>
              </span>
              {fieldError('privacyNumberDays')}
            </label>
          </div>
        </section>

        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={saving} data-testid="settings-save">
            {saving ? t('settings.saving') : t('settings.save')}
          </button>
          <button type="button" className="btn" disabled={!dirty || saving} onClick={() => { setForm(toForm(settings)); setDirty(false); setError(null); }}>
            {t('settings.reset')}
          </button>
          {saved && !dirty && <span className="ok-text" data-testid="settings-saved">✓ {t('settings.saved')}</span>}
          {error && (
            <span className="error-text" data-testid="settings-error">
              {error.path && !['locale', 'timeZone', 'stationName', 'dueSoonHours', 'defaultWindowMonths', 'privacyNumberDays'].includes(error.path) && !error.path.startsWith('shipDeadlineHours.')
                ? error.message
                : `${t('settings.invalid')}: ${error.message}`}
            </span>
          )}
        </div>

        <section className="card facts-card">
          <h2>{t('settings.station')}</h2>
          <dl className="facts wide">
            <dt>{t('settings.dataDir')}</dt><dd className="mono">{settings.dataDir}</dd>
            <dt>{t('settings.stationUrl')}</dt><dd className="mono">{settings.stationUrl ?? <span className="muted">{t('settings.notServing')}</span>}</dd>
            <dt>{t('settings.stationToken')}</dt><dd><Secret value={settings.stationToken} testid="station-token" /></dd>
            {stationLink && (<><dt>{t('settings.remoteLink')}</dt><dd><Secret value={stationLink} testid="station-link" /></dd></>)}
            <dt>{t('settings.eventSecret')}</dt>
            <dd>
              <Secret value={settings.eventSecret} testid="event-secret" />
              {settings.eventSecretFromEnv && <span className="muted small"> · {t('settings.fromEnv')}</span>}
            </dd>
          </dl>
        </section>
      </form>
    </div>
  );
}
