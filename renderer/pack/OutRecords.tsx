// 出库 records of one order (who, when, which station), for the order's history in the detail drawer.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PackOutRecord } from '../../shared/api/contract.js';
import { formatFull } from '../../shared/rules/time.js';
import { send } from '../api/client.js';
import { useApp } from '../context.js';

export function PackOutRecords({ tid, updatedAt }: { tid: string; updatedAt: number }) {
  const { t } = useTranslation();
  const { settings } = useApp();
  const [items, setItems] = useState<PackOutRecord[]>([]);
  useEffect(() => {
    let live = true;
    send('pack.records', { tid }).then(
      (r) => live && setItems(r.items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [tid, updatedAt]);
  if (!items.length) return null;
  return (
    <section className="detail-section" data-testid="detail-pack-outs">
      <h3>{t('packOut.title', { count: items.length })}</h3>
      <table className="lines-table">
        <tbody>
          {items.map((r) => (
            <tr key={r.oid} data-testid="detail-pack-out" data-oid={r.oid}>
              <td className="mono nowrap">{formatFull(r.at, settings.timeZone)}</td>
              <td className="mono">
                {r.sku} ×{r.qty}
              </td>
              <td>{r.station}</td>
              <td className="mono">{r.clerk || '—'}</td>
              <td>{t(`pack.mode.${r.mode}`)}</td>
              <td className="mono muted">{r.batchNo ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
