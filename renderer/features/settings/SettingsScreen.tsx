import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ORDER_TYPES } from '../../../shared/domain.js';
import { CHECK_JOBS } from '../../../shared/settings.js';
import { ApiClientError, send } from '../../api/client.js';
import { FlagDot } from '../../components/FlagDot.js';
import { useApp } from '../../context.js';
import { CatchUpNotices, EnableStep, TermsLink } from './InterceptionSetup.js';
import { PrintSettings } from './PrintSettings.js';
import './settings.css';
import { CHECK_NUMBERS, toForm, toPatch, type Form } from './form.js';
import { SupervisorPin } from './SupervisorPin.js';
import { StationSecrets } from './StationSecrets.js';
import { ColumnMappings } from '../../screens/SettingsMappings.js';

const ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Europe/London',
  'Europe/Berlin',
  'America/Los_Angeles',
  'America/New_York',
  'UTC',
];

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
    error?.path === path ? (
      <div className="field-error" data-testid="field-error">
        {error.message}
      </div>
    ) : null;
  const bad = (path: string) => (error?.path === path ? ' invalid' : '');

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
            <select
              value={form.locale}
              onChange={(e) => edit((f) => ({ ...f, locale: e.target.value as Form['locale'] }))}
              data-testid="settings-locale"
            >
              <option value="zh-CN">{t('locale.zh-CN')}</option>
              <option value="en">{t('locale.en')}</option>
            </select>
            {fieldError('locale')}
          </label>
          <label className={`field${bad('timeZone')}`}>
            <span>{t('settings.timeZone')}</span>
            <input
              list="tz-list"
              value={form.timeZone}
              onChange={(e) => edit((f) => ({ ...f, timeZone: e.target.value }))}
              data-testid="settings-timeZone"
            />
            <datalist id="tz-list">
              {ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
            {fieldError('timeZone')}
          </label>
          <label className={`field${bad('stationName')}`}>
            <span>{t('settings.stationName')}</span>
            <input
              value={form.stationName}
              maxLength={60}
              onChange={(e) => edit((f) => ({ ...f, stationName: e.target.value }))}
              data-testid="settings-stationName"
            />
            {fieldError('stationName')}
          </label>
          <label className={`field${bad('slipSize')}`}>
            <span>{t('settings.slipSize')}</span>
            <select
              value={form.slipSize}
              onChange={(e) => edit((f) => ({ ...f, slipSize: e.target.value as Form['slipSize'] }))}
              data-testid="settings-slipSize"
            >
              <option value="A4">{t('settings.slipSizes.A4')}</option>
              <option value="label">{t('settings.slipSizes.label')}</option>
            </select>
            {fieldError('slipSize')}
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
                    type="number"
                    min={1}
                    step="any"
                    value={form.shipDeadlineHours[o]}
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
                <input
                  type="number"
                  step="any"
                  value={form.dueSoonHours}
                  onChange={(e) => edit((f) => ({ ...f, dueSoonHours: e.target.value }))}
                  data-testid="settings-dueSoonHours"
                />
                <em>{t('settings.hours')}</em>
              </span>
              {fieldError('dueSoonHours')}
            </label>
            <label className={`field compact${bad('defaultWindowMonths')}`}>
              <span>{t('settings.defaultWindowMonths')}</span>
              <span className="with-unit">
                <input
                  type="number"
                  step={1}
                  value={form.defaultWindowMonths}
                  onChange={(e) => edit((f) => ({ ...f, defaultWindowMonths: e.target.value }))}
                  data-testid="settings-defaultWindowMonths"
                />
                <em>{t('settings.months')}</em>
              </span>
              {fieldError('defaultWindowMonths')}
            </label>
            <label className={`field compact${bad('privacyNumberDays')}`}>
              <span>{t('settings.privacyNumberDays')}</span>
              <span className="with-unit">
                <input
                  type="number"
                  step={1}
                  value={form.privacyNumberDays}
                  onChange={(e) => edit((f) => ({ ...f, privacyNumberDays: e.target.value }))}
                  data-testid="settings-privacyNumberDays"
                />
                <em>{t('settings.days')}</em>
              </span>
              {fieldError('privacyNumberDays')}
            </label>
          </div>
        </section>

        <section className="card icp-settings" data-testid="settings-interception">
          <h2>{t('settings.icp.title')}</h2>
          <p className="muted small">{t('settings.icp.intro')}</p>
          <h3 className="setup-advanced">{t('setup.step1')}</h3>
          <label className={`field${bad('interception.memoText')}`}>
            <span>{t('settings.icp.memoText')} *</span>
            <input
              value={form.memoText}
              maxLength={200}
              placeholder={t('settings.icp.memoPlaceholder')}
              onChange={(e) => edit((f) => ({ ...f, memoText: e.target.value }))}
              data-testid="settings-memoText"
            />
            {fieldError('interception.memoText')}
          </label>
          <label className="check terms">
            <input
              type="checkbox"
              checked={form.termsAgreed}
              onChange={(e) => edit((f) => ({ ...f, termsAgreed: e.target.checked }))}
              data-testid="settings-termsAgreed"
            />
            <span>
              {t('settings.icp.terms')} <TermsLink /> *
            </span>
          </label>
          <EnableStep settings={settings} />
          <CatchUpNotices />
          <h3 className="setup-advanced">{t('setup.step3')}</h3>
          <label className={`field${bad('interception.flag')}`}>
            <span>{t('settings.icp.flag')}</span>
            <span className="inline-row">
              <select value={form.flag} onChange={(e) => edit((f) => ({ ...f, flag: e.target.value }))} data-testid="settings-flag">
                <option value="">{t('settings.icp.flagNone')}</option>
                {([1, 2, 3, 4, 5] as const).map((n) => (
                  <option key={n} value={String(n)}>
                    {t(`flag.${n}`)}
                  </option>
                ))}
              </select>
              {form.flag !== '' && <FlagDot flag={Number(form.flag) as 1} />}
            </span>
          </label>
          <label className={`field wide${bad('interception.receivedNotice')}`}>
            <span>{t('settings.icp.receivedNotice')}</span>
            <textarea
              rows={3}
              maxLength={500}
              value={form.receivedNotice}
              onChange={(e) => edit((f) => ({ ...f, receivedNotice: e.target.value }))}
              data-testid="settings-receivedNotice"
            />
            {fieldError('interception.receivedNotice')}
          </label>
          <label className={`field wide${bad('interception.successNotice')}`}>
            <span>{t('settings.icp.successNotice')}</span>
            <textarea
              rows={3}
              maxLength={500}
              value={form.successNotice}
              onChange={(e) => edit((f) => ({ ...f, successNotice: e.target.value }))}
              data-testid="settings-successNotice"
            />
            {fieldError('interception.successNotice')}
          </label>
          <fieldset className="window-grid">
            <legend>{t('settings.icp.window', { tz: form.timeZone })}</legend>
            <label className={`field compact${bad('interception.buyerCardWindow.from')}`}>
              <span>{t('settings.icp.from')}</span>
              <input
                type="datetime-local"
                value={form.windowFrom}
                onChange={(e) => edit((f) => ({ ...f, windowFrom: e.target.value }))}
                data-testid="settings-windowFrom"
              />
              {fieldError('interception.buyerCardWindow.from')}
            </label>
            <label className={`field compact${bad('interception.buyerCardWindow.to')}`}>
              <span>{t('settings.icp.to')}</span>
              <input
                type="datetime-local"
                value={form.windowTo}
                onChange={(e) => edit((f) => ({ ...f, windowTo: e.target.value }))}
                data-testid="settings-windowTo"
              />
              {fieldError('interception.buyerCardWindow.to')}
            </label>
            {(form.windowFrom || form.windowTo) && (
              <button type="button" className="btn link" onClick={() => edit((f) => ({ ...f, windowFrom: '', windowTo: '' }))}>
                {t('settings.icp.anyDay')}
              </button>
            )}
          </fieldset>
          <label className={`field compact${bad('interception.orderWaitMinutes')}`}>
            <span>{t('settings.icp.orderWait')}</span>
            <span className="with-unit narrow">
              <input
                type="number"
                step={1}
                value={form.orderWaitMinutes}
                onChange={(e) => edit((f) => ({ ...f, orderWaitMinutes: e.target.value }))}
                data-testid="settings-orderWaitMinutes"
              />
              <em>{t('settings.minutes')}</em>
            </span>
            {fieldError('interception.orderWaitMinutes')}
          </label>
        </section>

        <section className="card" data-testid="settings-checks">
          <h2>{t('settings.checks.title')}</h2>
          <div className="checks-grid">
            {CHECK_NUMBERS.map((k) => (
              <label key={k} className={`field compact${bad(`checks.${k}`)}`}>
                <span>{t(`settings.checks.${k}`)}</span>
                <span className="with-unit">
                  <input
                    type="number"
                    step={k === 'maxNegotiations' ? 1 : 'any'}
                    value={form.checks[k]}
                    onChange={(e) => edit((f) => ({ ...f, checks: { ...f.checks, [k]: e.target.value } }))}
                    data-testid={`settings-checks-${k}`}
                  />
                  <em>{k === 'maxNegotiations' ? t('settings.times') : t('settings.hours')}</em>
                </span>
                {fieldError(`checks.${k}`)}
              </label>
            ))}
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={form.noScanHeuristic}
              onChange={(e) => edit((f) => ({ ...f, noScanHeuristic: e.target.checked }))}
              data-testid="settings-checks-noScanHeuristic"
            />
            <span>{t('settings.checks.noScanHeuristic')}</span>
          </label>
          <h3>{t('settings.checks.schedules')}</h3>
          <div className="checks-grid">
            {CHECK_JOBS.map((j) => (
              <label key={j} className={`field compact${bad(`checkSchedules.${j}`)}`}>
                <span>{t(`job.${j}`)}</span>
                <input
                  className="mono"
                  value={form.schedules[j]}
                  maxLength={100}
                  onChange={(e) => edit((f) => ({ ...f, schedules: { ...f.schedules, [j]: e.target.value } }))}
                  data-testid={`settings-cron-${j}`}
                />
                {fieldError(`checkSchedules.${j}`)}
              </label>
            ))}
          </div>
          <label className="check restricted">
            <input
              type="checkbox"
              checked={form.shippingRestricted}
              onChange={(e) => edit((f) => ({ ...f, shippingRestricted: e.target.checked }))}
              data-testid="settings-shippingRestricted"
            />
            <span>{t('settings.checks.restricted')}</span>
          </label>
          <label className={`field${bad('outboxUrl')}`}>
            <span>{t('settings.outboxUrl')}</span>
            <input
              type="url"
              className="mono"
              value={form.outboxUrl}
              placeholder="https://erp.example.com/shiplock/outbox"
              onChange={(e) => edit((f) => ({ ...f, outboxUrl: e.target.value }))}
              data-testid="settings-outboxUrl"
            />
            {fieldError('outboxUrl')}
          </label>
        </section>

        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={saving} data-testid="settings-save">
            {saving ? t('settings.saving') : t('settings.save')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={!dirty || saving}
            onClick={() => {
              setForm(toForm(settings));
              setDirty(false);
              setError(null);
            }}
          >
            {t('settings.reset')}
          </button>
          {saved && !dirty && (
            <span className="ok-text" data-testid="settings-saved">
              ✓ {t('settings.saved')}
            </span>
          )}
          {error && (
            <span className="error-text" data-testid="settings-error">
              {error.path &&
              ![
                'locale',
                'timeZone',
                'stationName',
                'slipSize',
                'dueSoonHours',
                'defaultWindowMonths',
                'privacyNumberDays',
                'outboxUrl',
                'shippingRestricted',
              ].includes(error.path) &&
              !/^(shipDeadlineHours|interception|checks|checkSchedules)\./.test(error.path)
                ? error.message
                : `${t('settings.invalid')}: ${error.message}`}
            </span>
          )}
        </div>

        <SupervisorPin pinSet={settings.supervisorPinSet} />
        <PrintSettings settings={settings} />
        <ColumnMappings />

        <section className="card facts-card">
          <h2>{t('settings.station')}</h2>
          <dl className="facts wide">
            <dt>{t('settings.dataDir')}</dt>
            <dd className="mono">{settings.dataDir}</dd>
            <dt>{t('settings.stationUrl')}</dt>
            <dd className="mono">{settings.stationUrl ?? <span className="muted">{t('settings.notServing')}</span>}</dd>
          </dl>
          <StationSecrets stationUrl={settings.stationUrl} />
        </section>
      </form>
    </div>
  );
}
