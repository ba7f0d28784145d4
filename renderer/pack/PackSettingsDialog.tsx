// The pack screen's settings (F10): station name, clerk 工号, 验货出库 or scan-and-go. Keyboard only works.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from '../components/Modal.js';
import type { PackMode, PackSettings } from './packSettings.js';

export function PackSettingsDialog({
  value,
  defaultStation,
  onClose,
  onSave,
}: {
  value: PackSettings;
  defaultStation: string;
  onClose: () => void;
  onSave: (s: PackSettings) => void;
}) {
  const { t } = useTranslation();
  const [station, setStation] = useState(value.station);
  const [clerk, setClerk] = useState(value.clerk);
  const [mode, setMode] = useState<PackMode>(value.mode);
  return (
    <Modal title={t('pack.settingsTitle')} onClose={onClose} testid="pack-settings-dialog">
      <form
        className="modal-body"
        onSubmit={(e) => {
          e.preventDefault();
          onSave({ station: station.trim(), clerk: clerk.trim(), mode });
        }}
      >
        <label className="field">
          <span>{t('pack.clerkId')}</span>
          <input
            className="mono"
            autoFocus
            maxLength={20}
            value={clerk}
            onChange={(e) => setClerk(e.target.value)}
            data-testid="pack-clerk"
          />
        </label>
        <label className="field">
          <span>{t('pack.stationName')}</span>
          <input
            maxLength={40}
            value={station}
            placeholder={defaultStation}
            onChange={(e) => setStation(e.target.value)}
            data-testid="pack-station-name"
          />
        </label>
        <fieldset className="radio-row">
          {(['verify', 'quick'] as const).map((m) => (
            <label className="check" key={m}>
              <input type="radio" checked={mode === m} onChange={() => setMode(m)} data-testid={`pack-mode-${m}`} /> {t(`pack.mode.${m}`)}
              <span className="muted"> · {t(`pack.modeHint.${m}`, { out: 'F4' })}</span>
            </label>
          ))}
        </fieldset>
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('icp.cancel')}
          </button>
          <button type="submit" className="btn primary" data-testid="pack-settings-save">
            {t('pack.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
