// The column-mapping step of the import screen: for a sheet no reader recognised, the clerk maps its
// columns to ShipLock fields, picks the platform, previews the resulting orders, and saves the mapping
// (under the header's signature), after which the import runs again and the sheet maps itself.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MAPPING_FIELDS,
  REQUIRED_MAPPING_FIELDS,
  type MappingField,
  type MappingFields,
  type UnknownHeaderView,
} from '../../shared/api/mappings.js';
import { PLATFORMS, type Platform } from '../../shared/domain.js';
import { formatFen } from '../../shared/rules/amounts.js';
import { ApiClientError, send } from '../api/client.js';
import type { Output } from '../../shared/api/contract.js';

/** Column names that usually hold a field, to prefill the form (the clerk checks and corrects). */
const GUESS: Record<MappingField, RegExp> = {
  orderId: /^(订单号|订单编号|主订单编号|订单ID|单号|order.?id|tid)$/i,
  subOrderId: /^(子订单号|子订单编号|子单号|oid|sub.?order)/i,
  sku: /(商家编码|SKU|货号|商品编码)/i,
  title: /^(商品名称|商品|标题|宝贝标题|title)$/i,
  qty: /^(数量|商品数量|购买数量|订购数量|件数|qty|quantity)/i,
  receiver: /^(收货人|收件人|收货人姓名|客户姓名|receiver|name)$/i,
  phone: /(手机|电话|phone|mobile)/i,
  address: /(地址|address)/i,
  paidAmount: /(实付|支付金额|应付金额|paid|amount)/i,
  paidAt: /(付款时间|支付时间|paid.?at|pay.?time)/i,
  shipDeadline: /(承诺发货|最晚发货|发货时限|ship.?by|deadline)/i,
  status: /(状态|status)/i,
  carrier: /(快递公司|物流公司|承运商|carrier)/i,
  trackingNo: /(运单|快递单号|物流单号|tracking)/i,
  memo: /(备注|memo)/i,
};

function guess(columns: string[]): MappingFields {
  const out: MappingFields = {};
  const used = new Set<string>();
  for (const f of MAPPING_FIELDS) {
    const c = columns.find((col) => !used.has(col) && GUESS[f].test(col.trim()));
    if (c) {
      out[f] = c;
      used.add(c);
    }
  }
  return out;
}

type Preview = Output<'mappings.preview'>;

export function MappingPanel({
  header,
  remaining,
  onSaved,
  onCancel,
}: {
  header: UnknownHeaderView;
  /** Other files of the upload still waiting for a mapping. */
  remaining: number;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<MappingFields>(() => guess(header.columns));
  const [platform, setPlatform] = useState<Platform>('taobao');
  const [name, setName] = useState(() => header.file.replace(/\.[^.]+$/, ''));
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [error, setError] = useState<{ path: string | null; message: string } | null>(null);

  const setField = (f: MappingField, column: string) => {
    setFields((cur) => {
      const next = { ...cur };
      if (column) next[f] = column;
      else delete next[f];
      return next;
    });
    setPreview(null);
  };
  const fail = (e: unknown) => {
    if (e instanceof ApiClientError) setError({ path: e.path, message: e.message });
    else setError({ path: null, message: (e as Error).message });
  };
  const ready = REQUIRED_MAPPING_FIELDS.every((f) => fields[f]);

  const runPreview = () => {
    setBusy('preview');
    setError(null);
    send('mappings.preview', { header: header.columns, rows: header.rows, platform, fields })
      .then(setPreview, fail)
      .finally(() => setBusy(null));
  };
  const save = () => {
    setBusy('save');
    setError(null);
    send('mappings.save', { name, header: header.columns, platform, fields })
      .then(() => onSaved(), fail)
      .finally(() => setBusy(null));
  };

  return (
    <section className="card" data-testid="mapping-panel">
      <h2>{t('import.mapping.title', { file: header.file })}</h2>
      <p className="muted small">{t('import.mapping.intro')}</p>
      {remaining > 0 && <p className="muted small">{t('import.mapping.more', { count: remaining })}</p>}

      <h3>{t('import.mapping.columns')}</h3>
      <div className="table-wrap">
        <table className="data-table" data-testid="mapping-sample">
          <thead>
            <tr>
              {header.columns.map((c, i) => (
                <th key={i}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {header.rows.map((r, i) => (
              <tr key={i}>
                {r.map((v, j) => (
                  <td key={j} className="mono small">
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="settings-grid">
        <label className="field compact">
          <span>{t('import.mapping.platform')}</span>
          <select value={platform} onChange={(e) => setPlatform(e.target.value as Platform)} data-testid="mapping-platform">
            {PLATFORMS.map((p) => (
              <option key={p} value={p}>
                {t(`platform.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field compact">
          <span>{t('import.mapping.name')}</span>
          <input
            value={name}
            placeholder={t('import.mapping.namePlaceholder')}
            onChange={(e) => setName(e.target.value)}
            data-testid="mapping-name"
          />
        </label>
      </div>

      <table className="data-table" data-testid="mapping-fields">
        <thead>
          <tr>
            <th>{t('import.mapping.field')}</th>
            <th>{t('import.mapping.column')}</th>
          </tr>
        </thead>
        <tbody>
          {MAPPING_FIELDS.map((f) => (
            <tr key={f} className={error?.path === `fields.${f}` ? 'invalid' : ''}>
              <td>
                {t(`import.mapping.fields.${f}`)}
                {REQUIRED_MAPPING_FIELDS.includes(f) && <span className="muted small"> · {t('import.mapping.required')}</span>}
              </td>
              <td>
                <select value={fields[f] ?? ''} onChange={(e) => setField(f, e.target.value)} data-testid={`map-${f}`}>
                  <option value="">{t('import.mapping.none')}</option>
                  {header.columns.map((c, i) => (
                    <option key={i} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="inline-row">
        <button type="button" className="btn" disabled={!ready || busy != null} onClick={runPreview} data-testid="mapping-preview">
          {busy === 'preview' ? t('import.mapping.previewing') : t('import.mapping.preview')}
        </button>
        <button
          type="button"
          className="btn primary"
          disabled={!ready || !preview || preview.errors.length > 0 || !name.trim() || busy != null}
          onClick={save}
          data-testid="mapping-save"
        >
          {busy === 'save' ? t('import.mapping.saving') : t('import.mapping.save')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('import.mapping.cancel')}
        </button>
        {error && (
          <span className="error-text" data-testid="mapping-error">
            {error.message}
          </span>
        )}
      </div>

      {preview && (
        <>
          <h3>{t('import.mapping.previewTitle', { count: preview.orders.length })}</h3>
          <table className="data-table" data-testid="mapping-preview-orders">
            <thead>
              <tr>
                <th>{t('import.mapping.col.tid')}</th>
                <th>{t('import.mapping.col.status')}</th>
                <th className="r">{t('import.mapping.col.paid')}</th>
                <th>{t('import.mapping.col.receiver')}</th>
                <th>{t('import.mapping.col.lines')}</th>
                <th>{t('import.mapping.col.parcels')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.orders.map((o) => (
                <tr key={o.tid} data-testid="mapping-preview-order" data-tid={o.tid}>
                  <td className="mono">{o.tid}</td>
                  <td>{t(`status.${o.status}`, { defaultValue: o.status })}</td>
                  <td className="r mono">{formatFen(o.paidAmount)}</td>
                  <td>
                    {o.receiver} {o.phone && <span className="mono muted">{o.phone}</span>}
                    <div className="muted small">{o.address}</div>
                  </td>
                  <td>
                    {o.lines.map((l) => (
                      <div key={l.oid} className="small">
                        <span className="mono">{l.sku || '—'}</span> × {l.qty}
                      </div>
                    ))}
                  </td>
                  <td className="mono small">{o.parcels.map((p) => `${p.carrier} ${p.trackingNo}`.trim()).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.errors.length > 0 && (
            <>
              <h3>{t('import.mapping.previewErrors')}</h3>
              <table className="data-table" data-testid="mapping-preview-errors">
                <tbody>
                  {preview.errors.map((e, i) => (
                    <tr key={i}>
                      <td className="r mono">{e.row ?? '—'}</td>
                      <td className="mono">{e.field ?? '—'}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}
