import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchView } from '../../../shared/api/contract.js';
import { formatFull, formatShort } from '../../../shared/rules/time.js';
import { isElectron, send, stationHref } from '../../api/client.js';
import { ContactLine } from '../../components/ContactLine.js';
import { LockPill } from '../../components/LockPill.js';
import { useReloadOn } from '../../data/useReloadOn.js';
import './batches.css';
import { useApp } from '../../context.js';
import { errorText } from '../../data/errors.js';
import type { Created } from './handoff.js';
import { SeqBadge } from '../../pack/SeqBadge.js';

export type PrintKind = 'picklist' | 'slips' | 'all';

const SLIPS_SHOWN = 200;

export function BatchDetail({
  batchNo,
  notice,
  onDismissNotice,
  onChanged,
  printAllRef,
}: {
  batchNo: string;
  notice: Created | null;
  onDismissNotice: () => void;
  onChanged: () => void;
  printAllRef: React.MutableRefObject<(() => void) | null>;
}) {
  const { t, i18n } = useTranslation();
  const { settings, openOrder } = useApp();
  const tz = settings.timeZone;
  const electron = isElectron();
  const [batch, setBatch] = useState<BatchView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [withdrawing, setWithdrawing] = useState<Set<string>>(new Set());
  const [showAllSlips, setShowAllSlips] = useState(false);
  // Desktop only: printers and what to send.
  const [printers, setPrinters] = useState<Array<{ name: string; isDefault: boolean }>>([]);
  const [printer, setPrinter] = useState('');
  const [kind, setKind] = useState<PrintKind>('all');
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    send('batches.get', { batchNo })
      .then((b) => {
        setBatch(b);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, [batchNo]);

  useEffect(() => load(), [load]);
  useReloadOn(['orders.changed', 'settings.changed'], load);

  useEffect(() => {
    if (!electron) return;
    send('printers.list', {}).then(
      (r) => {
        setPrinters(r.items);
        setPrinter((p) => p || (r.items.find((x) => x.isDefault) ?? r.items[0])?.name || '');
      },
      () => undefined,
    );
  }, [electron]);

  const updated = (b: BatchView) => {
    setBatch(b);
    onChanged();
  };

  // Links for new windows and downloads: same origin in a browser, the local station server in the desktop app.
  const base = electron ? settings.stationUrl : '';
  const href = (p: string) => (base == null ? null : stationHref(p, base));
  const enc = encodeURIComponent(batchNo);
  // The print view follows the UI language.
  const printHref = (k: PrintKind) => href(`/api/batches/${enc}/print?kind=${k}&size=${settings.slipSize}&lang=${i18n.language}`);

  // Opening the preview does not mark the batch printed: the clerk confirms once it came out of the printer.
  // With label slips, 全部打印 is two jobs (A4 pick list, then the labels) so paper sizes never mix.
  const [confirming, setConfirming] = useState<{ next: PrintKind | null } | null>(null);
  const openPrint = (k: PrintKind) => {
    const split = k === 'all' && settings.slipSize === 'label';
    const url = printHref(split ? 'picklist' : k);
    if (!url) return;
    setMessage(null);
    const w = window.open(url, '_blank');
    if (!w) return setMessage({ ok: false, text: t('batch.print.popupBlocked') });
    setConfirming({ next: split ? 'slips' : null });
  };
  const confirmPrinted = () => {
    setConfirming(null);
    send('batches.markPrinted', { batchNo }).then(updated, (e: unknown) => setMessage({ ok: false, text: errorText(e, t) }));
  };

  const printDesktop = (k: PrintKind) => {
    if (!printer) return setMessage({ ok: false, text: t('batch.print.noPrinters') });
    setBusy(true);
    setMessage(null);
    send('batches.print', { batchNo, kind: k, printer })
      .then(() => {
        setMessage({ ok: true, text: t('batch.print.sent') });
        load();
        onChanged();
      })
      .catch((e: Error) => setMessage({ ok: false, text: e.message }))
      .finally(() => setBusy(false));
  };

  const exportPdf = () => {
    setBusy(true);
    setMessage(null);
    send('batches.exportPdf', { batchNo, kind })
      .then((r) => r.path && setMessage({ ok: true, text: t('batch.print.savedTo', { path: r.path }) }))
      .catch((e: Error) => setMessage({ ok: false, text: e.message }))
      .finally(() => setBusy(false));
  };

  const printAllNow = () => (electron ? printDesktop('all') : openPrint('all'));
  const printAllLatest = useRef(printAllNow);
  printAllLatest.current = printAllNow;
  useEffect(() => {
    printAllRef.current = () => printAllLatest.current();
    return () => {
      printAllRef.current = null;
    };
  }, [printAllRef]);

  const withdraw = (oid: string) => {
    setWithdrawing((s) => new Set(s).add(oid));
    send('batches.withdrawLine', { batchNo, oid })
      .then(updated, (e: Error) => setMessage({ ok: false, text: e.message }))
      .finally(() =>
        setWithdrawing((s) => {
          const n = new Set(s);
          n.delete(oid);
          return n;
        }),
      );
  };

  if (error && !batch) return <div className="banner error">{error}</div>;
  if (!batch) return <div className="empty">{t('app.loading')}</div>;
  const b = batch;
  const open = b.status === 'open';
  const slips = showAllSlips ? b.orders : b.orders.slice(0, SLIPS_SHOWN);
  const csvPick = href(`/api/batches/${enc}/picklist.csv`);
  const csvSlips = href(`/api/batches/${enc}/slips.csv`);

  return (
    <div className="batch-detail" data-testid="batch-detail" data-batch-no={b.batchNo}>
      {error && <div className="banner error inline">{error}</div>}
      {notice && (
        <div className="created-notice" data-testid="batch-created">
          <div className="created-head">
            <b>✓ {t('batch.createdNotice', { batchNo: notice.batchNo, orders: notice.orders })}</b>
            {notice.skipped.length > 0 && <span className="warn-text strong">{t('batch.skipped', { count: notice.skipped.length })}</span>}
            <button className="btn small" onClick={onDismissNotice}>
              {t('batch.dismiss')}
            </button>
          </div>
          {notice.skipped.length > 0 && (
            <ul className="skipped-list" data-testid="batch-skipped">
              {notice.skipped.map((s) => (
                <li key={s.tid} data-tid={s.tid}>
                  <span className="mono">{s.tid}</span> <span className="muted">{s.reason}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <header className="batch-head">
        <div>
          <div className="drawer-kicker">{t('batch.title')}</div>
          <div className="batch-no mono" data-testid="batch-no">
            {b.batchNo}
          </div>
        </div>
        {b.staleCount > 0 && <span className="stale-tag big">{t('batch.stale', { count: b.staleCount })}</span>}
        {!open && <span className="tag tag-muted">{t('batch.cancelled')}</span>}
        <div className="stats batch-stats">
          <div className="stat">
            <b data-testid="batch-orders">{b.orderCount}</b>
            <span>{t('batch.head.orders')}</span>
          </div>
          <div className="stat">
            <b data-testid="batch-lines">{b.lineCount}</b>
            <span>{t('batch.head.lines')}</span>
          </div>
          <div className="stat">
            <b data-testid="batch-pieces">{b.pieceCount}</b>
            <span>{t('batch.head.pieces')}</span>
          </div>
        </div>
      </header>
      <dl className="facts batch-facts">
        <dt>{t('batch.head.station')}</dt>
        <dd>{b.station}</dd>
        <dt>{t('batch.head.createdAt')}</dt>
        <dd className="mono">
          {formatFull(b.createdAt, tz)} · {b.createdBy}
        </dd>
        <dt>{t('batch.head.printedAt')}</dt>
        <dd className="mono" data-testid="batch-printed">
          {b.printedAt == null ? (
            <span className="muted">{t('batch.notPrinted')}</span>
          ) : (
            `${formatFull(b.printedAt, tz)} · ${t('batch.head.printCount')} ${b.printCount}`
          )}
        </dd>
      </dl>

      {b.stale.length > 0 && (
        <section className="stale-box" data-testid="stale-list" role="alert">
          <h2>⚠ {t('batch.staleTitle', { count: b.stale.length })}</h2>
          <p>{t('batch.staleIntro')}</p>
          <table className="data-table stale-table">
            <thead>
              <tr>
                <th />
                <th>{t('batch.staleCol.tid')}</th>
                <th>{t('batch.staleCol.item')}</th>
                <th>{t('batch.staleCol.bin')}</th>
                <th>{t('batch.staleCol.requests')}</th>
              </tr>
            </thead>
            <tbody>
              {b.stale.map((s) => (
                <tr key={s.oid} data-testid="stale-line" data-tid={s.tid} data-oid={s.oid}>
                  <td className="withdraw-cell">
                    <button
                      className="btn danger"
                      disabled={withdrawing.has(s.oid)}
                      onClick={() => withdraw(s.oid)}
                      data-testid="withdraw-line"
                    >
                      ✓ {t('batch.withdraw')}
                    </button>
                  </td>
                  <td className="nowrap">
                    {s.seq != null && <SeqBadge seq={s.seq} />}
                    <button className="btn link mono" onClick={() => openOrder(s.tid)}>
                      {s.tid}
                    </button>{' '}
                    {s.why === 'closed' ? (
                      <span className="lock-pill" data-testid="closed-pill">
                        {t('batch.staleClosed')}
                      </span>
                    ) : (
                      <LockPill />
                    )}
                  </td>
                  <td>
                    <span className="mono strong nowrap">
                      {s.sku || '—'} ×{s.qty}
                    </span>
                    <div className="muted small">{s.title}</div>
                  </td>
                  <td className="mono bin-cell">{s.bin ?? '—'}</td>
                  <td className="mono small" title={s.requestIds.join('\n')}>
                    {s.requestIds.length
                      ? `${s.requestIds[0]!.slice(0, 14)}${s.requestIds[0]!.length > 14 ? '…' : ''}${s.requestIds.length > 1 ? ` +${s.requestIds.length - 1}` : ''}`
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section className="card print-card" data-testid="batch-print">
        <h2>{t('batch.print.title')}</h2>
        {!electron || base != null ? (
          <div className="print-row">
            {!electron && (
              <>
                <button className="btn primary" disabled={!open} onClick={() => openPrint('picklist')} data-testid="print-picklist">
                  {t('batch.print.picklist')}
                </button>
                <button className="btn primary" disabled={!open} onClick={() => openPrint('slips')} data-testid="print-slips">
                  {t('batch.print.slips')}
                </button>
                <button className="btn primary" disabled={!open} onClick={() => openPrint('all')} data-testid="print-all">
                  {t('batch.print.all')} <kbd>Ctrl+P</kbd>
                </button>
              </>
            )}
            {csvPick && (
              <a className="btn" href={csvPick} download={`${b.batchNo}-picklist.csv`} data-testid="csv-picklist">
                ⇩ {t('batch.print.csvPicklist')}
              </a>
            )}
            {csvSlips && (
              <a className="btn" href={csvSlips} download={`${b.batchNo}-slips.csv`} data-testid="csv-slips">
                ⇩ {t('batch.print.csvSlips')}
              </a>
            )}
          </div>
        ) : null}
        {!electron && (
          <p className="muted small print-hint">
            {t('batch.print.stationHint', { size: t(`settings.slipSizes.${settings.slipSize}`) })}
            {b.printCount > 0 ? ` · ${t('batch.print.reprint')}` : ''}
          </p>
        )}
        {electron && (
          <div className="print-row" data-testid="desktop-print">
            <label className="inline-field">
              <span>{t('batch.print.kind')}</span>
              <select value={kind} onChange={(e) => setKind(e.target.value as PrintKind)}>
                {(['all', 'picklist', 'slips'] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`batch.print.kinds.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <button className="btn" disabled={busy} onClick={exportPdf} data-testid="export-pdf">
              ⇩ {t('batch.print.pdf')}
            </button>
            <label className="inline-field">
              <span>{t('batch.print.printer')}</span>
              <select value={printer} onChange={(e) => setPrinter(e.target.value)} disabled={!printers.length}>
                {!printers.length && <option value="">{t('batch.print.noPrinters')}</option>}
                {printers.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                    {p.isDefault ? ` ${t('batch.print.defaultPrinter')}` : ''}
                  </option>
                ))}
              </select>
            </label>
            <button className="btn primary" disabled={busy || !printer || !open} onClick={() => printDesktop(kind)} data-testid="print-to">
              {busy ? t('batch.print.printing') : t('batch.print.printTo')}
            </button>
          </div>
        )}
        {confirming && (
          <div className="print-confirm" data-testid="print-confirm-bar">
            <span>{confirming.next ? t('batch.print.nextSlips') : t('batch.print.didItPrint')}</span>
            {confirming.next && (
              <button className="btn primary" onClick={() => openPrint(confirming.next!)} data-testid="print-next">
                {t('batch.print.slips')}
              </button>
            )}
            <button className={`btn ${confirming.next ? '' : 'primary'}`} onClick={confirmPrinted} data-testid="print-confirm">
              ✓ {t('batch.print.confirm')}
            </button>
            <button className="btn link" onClick={() => setConfirming(null)} data-testid="print-not">
              {t('batch.print.notPrinted')}
            </button>
          </div>
        )}
        {message && (
          <div className={message.ok ? 'ok-text small' : 'banner error inline'} data-testid="print-message">
            {message.text}
          </div>
        )}
      </section>

      <section className="card">
        <h2>{t('batch.rows', { count: b.rows.length })}</h2>
        <table className="data-table pick-table" data-testid="pick-rows">
          <thead>
            <tr>
              <th>{t('batch.rowCol.bin')}</th>
              <th>{t('batch.rowCol.sku')}</th>
              <th>{t('batch.rowCol.title')}</th>
              <th>{t('batch.rowCol.barcode')}</th>
              <th className="r">{t('batch.rowCol.qty')}</th>
              <th className="r">{t('batch.rowCol.orders')}</th>
            </tr>
          </thead>
          <tbody>
            {b.rows.map((r, i) => (
              <tr key={`${r.sku}-${r.bin ?? ''}-${i}`} data-testid="pick-row" data-bin={r.bin ?? ''} data-sku={r.sku}>
                <td className="mono bin-cell">{r.bin ?? '—'}</td>
                <td className="mono">{r.sku || '—'}</td>
                <td>{r.title}</td>
                <td className="mono">{r.barcode ?? '—'}</td>
                <td className="r mono qty-cell">{r.totalQty}</td>
                <td className="r mono">{r.orderCount}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={4} className="strong">
                {t('batch.total')}
              </td>
              <td className="r mono qty-cell" data-testid="pick-total">
                {b.rows.reduce((n, r) => n + r.totalQty, 0)}
              </td>
              <td className="r mono">{b.orderCount}</td>
            </tr>
          </tfoot>
        </table>
      </section>

      <section className="card">
        <h2>{t('batch.slips', { count: b.orders.length })}</h2>
        <table className="data-table slip-table" data-testid="slip-list">
          <thead>
            <tr>
              <th>{t('batch.slipCol.tid')}</th>
              <th>{t('batch.slipCol.contact')}</th>
              <th>{t('batch.slipCol.lines')}</th>
            </tr>
          </thead>
          <tbody>
            {slips.map((o) => (
              <tr key={o.tid} data-testid="slip-row" data-tid={o.tid}>
                <td className="nowrap">
                  <button className="btn link mono" onClick={() => openOrder(o.tid)}>
                    {o.tid}
                  </button>
                  {o.locked && <LockPill />}
                </td>
                <td className="slip-contact">
                  <ContactLine contact={o.contact} timeZone={tz} />
                </td>
                <td>
                  <span className="lines slip-lines">
                    {o.lines.map((l) => (
                      <span key={l.oid} className={`line-chip${l.locked ? ' locked' : ''}`}>
                        <span className="mono">{l.sku || '—'}</span>
                        <b>×{l.qty}</b>
                      </span>
                    ))}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {b.orders.length > SLIPS_SHOWN && !showAllSlips && (
          <button className="btn link more-note" onClick={() => setShowAllSlips(true)}>
            {t('alerts.more', { count: b.orders.length - SLIPS_SHOWN })}
          </button>
        )}
      </section>

      <section className="card">
        <h2>{t('batch.history')}</h2>
        <ol className="history batch-history" data-testid="batch-history">
          {b.history.map((h, i) => (
            <li key={i} data-action={h.action}>
              <span className="mono muted">{formatShort(h.at, tz)}</span>
              <span className={`hist-action a-${h.action}`}>{t(`batch.action.${h.action}`, { defaultValue: h.action })}</span>
              <span className="hist-actor">{h.actor}</span>
              {h.detail && <span className="hist-note">{h.detail}</span>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
