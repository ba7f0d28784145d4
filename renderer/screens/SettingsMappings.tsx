// Settings: the saved column mappings (saved from the import screen), listed and deletable.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MappingView } from '../../shared/api/mappings.js';
import { formatFull } from '../../shared/rules/time.js';
import { send } from '../api/client.js';
import { useApp } from '../context.js';

export function ColumnMappings() {
  const { t } = useTranslation();
  const { settings } = useApp();
  const [items, setItems] = useState<MappingView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    send('mappings.list', {}).then(
      (r) => setItems(r.items),
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(load, [load]);

  const remove = (m: MappingView) => {
    if (!window.confirm(t('settings.mappings.confirm', { name: m.name }))) return;
    send('mappings.delete', { id: m.id }).then(load, (e: Error) => setError(e.message));
  };

  return (
    <section className="card" data-testid="settings-mappings">
      <h2>{t('settings.mappings.title')}</h2>
      <p className="muted small">{t('settings.mappings.intro')}</p>
      {error && <div className="error-text">{error}</div>}
      {items && items.length === 0 && <p className="muted">{t('settings.mappings.empty')}</p>}
      {items && items.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('settings.mappings.name')}</th>
              <th>{t('settings.mappings.platform')}</th>
              <th>{t('settings.mappings.columns')}</th>
              <th>{t('settings.mappings.updated')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id} data-testid="mapping-row" data-name={m.name}>
                <td>{m.name}</td>
                <td>{t(`platform.${m.platform}`)}</td>
                <td className="small">
                  {Object.entries(m.fields)
                    .map(([f, c]) => `${t(`import.mapping.fields.${f}` as never)} ← ${c}`)
                    .join(' · ')}
                </td>
                <td className="mono small">{formatFull(m.updatedAt, settings.timeZone)}</td>
                <td>
                  <button type="button" className="btn small danger" onClick={() => remove(m)} data-testid="mapping-delete">
                    {t('settings.mappings.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
