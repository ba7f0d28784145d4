// Print options: what packing slips show (price, shop name) and, in the desktop app, the default printer of
// each job — the pick list (A4) and the slips (A4 or a label printer) print separately.
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../shared/settings.js';
import { isElectron, send } from '../../api/client.js';
import { useApp } from '../../context.js';
import { errorText } from '../../data/errors.js';
import { useAction, useRpc } from '../../data/hooks.js';

export function PrintSettings({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const { setSettings } = useApp();
  const p = settings.print;
  const electron = isElectron();
  const printers = useRpc('printers.list', {}, { enabled: electron });
  const save = useAction(async (patch: Partial<SettingsView['print']>) =>
    setSettings(await send('settings.update', { print: { ...p, ...patch } })),
  );
  const printerSelect = (value: string | null, key: 'picklistPrinter' | 'slipPrinter') => (
    <select value={value ?? ''} onChange={(e) => void save.run({ [key]: e.target.value || null })} data-testid={`print-${key}`}>
      <option value="">{t('printSettings.askEachTime')}</option>
      {(printers.data?.items ?? []).map((x) => (
        <option key={x.name} value={x.name}>
          {x.name}
        </option>
      ))}
    </select>
  );
  return (
    <section className="card" data-testid="settings-print">
      <h2>{t('printSettings.title')}</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={p.showPrice}
          onChange={(e) => void save.run({ showPrice: e.target.checked })}
          data-testid="print-showPrice"
        />
        <span>{t('printSettings.showPrice')}</span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={p.showShop}
          onChange={(e) => void save.run({ showShop: e.target.checked })}
          data-testid="print-showShop"
        />
        <span>{t('printSettings.showShop')}</span>
      </label>
      {electron && (
        <div className="print-printers">
          <label className="field">
            <span>{t('printSettings.picklistPrinter')}</span>
            {printerSelect(p.picklistPrinter, 'picklistPrinter')}
          </label>
          <label className="field">
            <span>{t('printSettings.slipPrinter')}</span>
            {printerSelect(p.slipPrinter, 'slipPrinter')}
          </label>
        </div>
      )}
      {(save.error ?? printers.error) != null && <div className="error-text">{errorText(save.error ?? printers.error, t)}</div>}
    </section>
  );
}
