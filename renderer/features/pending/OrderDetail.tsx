import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NegotiationView, WorkorderView } from '../../../shared/api/contract.js';
import type { OrderView } from '../../../shared/domain.js';
import { formatFen } from '../../../shared/rules/amounts.js';
import { formatFull } from '../../../shared/rules/time.js';
import { send } from '../../api/client.js';
import { useRpc } from '../../data/hooks.js';
import { errorText } from '../../data/errors.js';
import { ContactLine } from '../../components/ContactLine.js';
import { Countdown } from '../../components/Countdown.js';
import { FlagDot } from '../../components/FlagDot.js';
import { LockPill } from '../../components/LockPill.js';
import { Modal } from '../../components/Modal.js';
import { StatusPill } from '../../components/StatusPill.js';
import { useNow } from '../../data/useNow.js';
import { fromLocalInput, toLocalInput } from '../../lib/datetime.js';
import { useApp } from '../../context.js';
import { ActionButtons, CreateInterceptionDialog, RequestLines } from '../interceptions/InterceptionsScreen.js';
import './drawer.css';

export function OrderDetail({ tid, onClose }: { tid: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { settings } = useApp();
  const now = useNow(30_000);
  const [creating, setCreating] = useState(false);
  const [revealing, setRevealing] = useState(false);
  const { refreshCounts } = useApp();
  useEffect(() => setRevealing(false), [tid]); // a reveal is for one order: moving on (j/k) closes it

  // Every read surfaces its error (none is swallowed); each reloads on pushed order changes.
  const reloadOn = ['orders.changed'] as const;
  const orderQ = useRpc('orders.get', { tid }, { reloadOn });
  const requestsQ = useRpc('interceptions.list', { q: tid, limit: 50 }, { reloadOn });
  const workordersQ = useRpc('workorders.list', { tid }, { reloadOn });
  const negotiationsQ = useRpc('negotiations.list', { tid }, { reloadOn });
  const order = orderQ.data?.tid === tid ? orderQ.data : null;
  const requests = requestsQ.data?.items ?? [];
  const workorders = workordersQ.data?.items ?? [];
  const negotiations = negotiationsQ.data?.items ?? [];
  const firstError = [orderQ.error, requestsQ.error, workordersQ.error, negotiationsQ.error].find((e) => e != null);
  const error = firstError != null ? errorText(firstError, t) : null;
  const loadRelated = () => {
    void requestsQ.reload();
    void workordersQ.reload();
    void negotiationsQ.reload();
  };
  const setOrder = orderQ.setData;

  const onChanged = (o?: OrderView) => {
    if (o) setOrder(o);
    loadRelated();
    refreshCounts();
  };

  const tz = settings.timeZone;
  const time = (ms: number | null) => (ms == null ? '—' : formatFull(ms, tz));

  return (
    <aside className="drawer" data-testid="order-detail" data-tid={tid} aria-label={t('detail.title')}>
      <header className="drawer-head">
        <div>
          <div className="drawer-kicker">{t('detail.title')}</div>
          <div className="drawer-title mono">{tid}</div>
        </div>
        {order?.locked && <LockPill />}
        <button className="btn icon" onClick={onClose} title={t('detail.close')} aria-label={t('detail.close')} data-testid="detail-close">
          ✕
        </button>
      </header>
      {error && <div className="banner error">{error}</div>}
      {!order && !error && <div className="drawer-body muted">{t('app.loading')}</div>}
      {order && (
        <div className="drawer-body">
          <section className={`deadline-box ${order.locked ? 'is-locked' : ''}`}>
            <Countdown
              deadline={order.shipDeadline}
              now={now}
              dueSoonHours={settings.dueSoonHours}
              timeZone={tz}
              full={time(order.shipDeadline)}
            />
            <span className="deadline-source">
              <span className="muted small" data-testid="deadline-source">
                {t('detail.deadlineSource')}: {t(`detail.source.${order.shipDeadlineSource}`)}
              </span>
              {order.noAutoCompensation && (
                <span className="tag tag-warn" data-testid="no-auto-comp">
                  {t('detail.noAutoCompensation')}
                </span>
              )}
            </span>
          </section>
          <dl className="facts">
            <dt>{t('detail.platform')}</dt>
            <dd>{t(`platform.${order.platform}`)}</dd>
            <dt>{t('detail.shop')}</dt>
            <dd>{order.shop || '—'}</dd>
            <dt>{t('detail.buyerNick')}</dt>
            <dd>{order.buyerNick || '—'}</dd>
            <dt>{t('detail.type')}</dt>
            <dd>
              <span className={`type t-${order.orderType}`}>{t(`orderType.${order.orderType}`)}</span>
            </dd>
            <dt>{t('detail.status')}</dt>
            <dd>{t(`status.${order.status}`)}</dd>
            <dt>{t('detail.paid')}</dt>
            <dd className="mono strong">¥{formatFen(order.paidAmount)}</dd>
            <dt>{t('detail.createdAt')}</dt>
            <dd className="mono">{time(order.createdAt)}</dd>
            <dt>{t('detail.paidAt')}</dt>
            <dd className="mono">{time(order.paidAt)}</dd>
            <dt>{t('detail.deadline')}</dt>
            <dd className="mono">{time(order.shipDeadline)}</dd>
            <dt>{t('detail.flag')}</dt>
            <dd className="flag-cell">
              <FlagDot flag={order.sellerFlag} /> {t(`flag.${order.sellerFlag}`)}
            </dd>
            <dt>{t('detail.memo')}</dt>
            <dd>{order.sellerMemo || <span className="muted">{t('detail.noMemo')}</span>}</dd>
            <dt>{t('detail.updatedAt')}</dt>
            <dd className="mono">{time(order.updatedAt)}</dd>
          </dl>
          <div className="section-head">
            <h3>{t('detail.contact')}</h3>
            <button className="btn small reveal-btn" onClick={() => setRevealing(true)} data-testid="reveal-open">
              {t('detail.reveal.button')}
            </button>
          </div>
          <div className="contact-box">
            <ContactLine contact={order.contact} timeZone={tz} block />
          </div>
          <h3>{t('detail.lines', { count: order.lines.length })}</h3>
          <table className="lines-table" data-testid="detail-lines">
            <thead>
              <tr>
                <th>{t('detail.line.sku')}</th>
                <th>{t('detail.line.title')}</th>
                <th>{t('detail.line.bin')}</th>
                <th>{t('detail.line.barcode')}</th>
                <th className="r">{t('detail.line.qty')}</th>
                <th>{t('detail.line.state')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {order.lines.map((l) => (
                <tr key={l.oid} data-testid="detail-line" data-oid={l.oid} className={l.locked ? 'locked' : ''}>
                  <td className="mono">{l.sku || '—'}</td>
                  <td className="title-cell">
                    <div>{l.title}</div>
                    {l.trackingNo && (
                      <div className="muted small mono">
                        {t('detail.line.tracking')}: {l.carrier} {l.trackingNo}
                      </div>
                    )}
                  </td>
                  <td className="mono bin" data-testid="line-bin">
                    {l.bin ?? '—'}
                  </td>
                  <td className="mono">{l.barcode ?? '—'}</td>
                  <td className="r mono strong">{l.qty}</td>
                  <td>
                    <span className={`state s-${l.state}`}>{t(`lineState.${l.state}`)}</span>
                  </td>
                  <td>{l.locked && <LockPill />}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <section className="detail-section" data-testid="detail-interceptions">
            <div className="section-head">
              <h3>{t('detail.icp.title', { count: requests.length })}</h3>
              <button className="btn small danger" onClick={() => setCreating(true)} data-testid="detail-intercept">
                {t('detail.icp.create')}
              </button>
            </div>
            {requests.length === 0 && <div className="muted small">{t('detail.icp.none')}</div>}
            {requests.map((r) => (
              <div key={r.requestId} className="icp-card" data-testid="detail-icp" data-request-id={r.requestId} data-status={r.status}>
                <div className="icp-card-head">
                  <StatusPill status={r.status} />
                  {r.result && <span className={`result r-${r.result}`}>{t(`icp.result.${r.result}`)}</span>}
                  <span className="mono small">{r.requestId}</span>
                  <span className="muted small">
                    {t(`icp.source.${r.source}`)} · {formatFull(r.receivedAt, tz)}
                  </span>
                </div>
                <div className="icp-card-body">
                  <RequestLines r={r} />
                  {r.reason && <span>{r.reason}</span>}
                  {r.message && <span className="muted small">{r.message}</span>}
                </div>
                <ActionButtons r={r} small onDone={() => onChanged()} />
              </div>
            ))}
          </section>

          <ShipForm order={order} onDone={onChanged} />
          <Workorders items={workorders} tz={tz} now={now} onDone={onChanged} />
          <Negotiations order={order} items={negotiations} tz={tz} onDone={onChanged} />
        </div>
      )}
      {revealing && <RevealDialog key={tid} tid={tid} onClose={() => setRevealing(false)} />}
      {creating && <CreateInterceptionDialog tid={tid} onClose={() => setCreating(false)} onCreated={() => onChanged()} />}
    </aside>
  );
}

/** 标记发货: carrier + tracking number, or 无需物流. Refusals (locked, number used, partly shipped) show as sent. */
function ShipForm({ order, onDone }: { order: OrderView; onDone: (o?: OrderView) => void }) {
  const { t } = useTranslation();
  const [carrier, setCarrier] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [noLogistics, setNoLogistics] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const open = order.status === 'paid' && order.lines.some((l) => l.state === 'open');
  if (!open) return null;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    if (!noLogistics && (!carrier.trim() || !trackingNo.trim())) return setError(t('detail.ship.required'));
    setBusy(true);
    send('orders.markShipped', { tid: order.tid, carrier: carrier.trim(), trackingNo: trackingNo.trim(), noLogistics })
      .then((o) => {
        setDone(true);
        setTrackingNo('');
        onDone(o);
      })
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="detail-section" data-testid="ship-form">
      <h3>{t('detail.ship.title')}</h3>
      <form className="inline-form" onSubmit={submit}>
        <input
          list="carriers"
          placeholder={t('detail.ship.carrier')}
          value={carrier}
          maxLength={40}
          disabled={noLogistics}
          onChange={(e) => setCarrier(e.target.value)}
          data-testid="ship-carrier"
        />
        <datalist id="carriers">
          {CARRIERS.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <input
          className="mono"
          placeholder={t('detail.ship.trackingNo')}
          value={trackingNo}
          maxLength={40}
          disabled={noLogistics}
          onChange={(e) => setTrackingNo(e.target.value)}
          data-testid="ship-tracking"
        />
        <label className="check">
          <input type="checkbox" checked={noLogistics} onChange={(e) => setNoLogistics(e.target.checked)} data-testid="ship-nologistics" />{' '}
          {t('detail.ship.noLogistics')}
        </label>
        <button type="submit" className="btn primary" disabled={busy} data-testid="ship-submit">
          {t('detail.ship.submit')}
        </button>
      </form>
      {error && (
        <div className="banner error inline" data-testid="ship-error">
          {error}
        </div>
      )}
      {done && <div className="ok-text small">✓ {t('detail.ship.done')}</div>}
    </section>
  );
}

const CARRIERS = ['中通快递', '圆通速递', '申通快递', '韵达快递', '顺丰速运', '极兔速递', 'EMS', '京东物流'];

function Workorders({ items, tz, now, onDone }: { items: WorkorderView[]; tz: string; now: number; onDone: () => void }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <section className="detail-section" data-testid="detail-workorders">
      <h3>{t('detail.wo.title', { count: items.length })}</h3>
      {items.map((w) => (
        <div key={w.workOrderId} className={`wo-card wo-${w.status}`} data-testid="detail-wo" data-id={w.workOrderId}>
          <div className="icp-card-head">
            <b>{t(`detail.wo.kind.${w.kind}`)}</b>
            <span className={`state wo-status-${w.status}`}>{t(`detail.wo.status.${w.status}`)}</span>
            <span className="mono small">{w.workOrderId}</span>
            {w.status === 'open' && (
              <span className={`small strong ${w.dueAt <= now ? 'error-text' : 'warn-text'}`}>
                {w.dueAt <= now ? t('detail.wo.overdue') : t('detail.wo.dueIn', { at: formatFull(w.dueAt, tz) })}
              </span>
            )}
          </div>
          <div className="muted small">
            {t('detail.wo.created', { at: formatFull(w.createdAt, tz) })}
            {w.closedAt != null &&
              ` · ${t('detail.wo.closed', { at: formatFull(w.closedAt, tz), action: w.closeAction ? t(`detail.wo.action.${w.closeAction}`, { defaultValue: w.closeAction }) : '' })}`}
          </div>
          {w.note && <div className="small">{w.note}</div>}
          {w.status === 'open' && <WorkorderReply id={w.workOrderId} onDone={onDone} />}
        </div>
      ))}
    </section>
  );
}

function WorkorderReply({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [carrier, setCarrier] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setError(t('detail.wo.textRequired'));
    setBusy(true);
    setError(null);
    send('workorders.reply', {
      workOrderId: id,
      text: text.trim(),
      ...(trackingNo.trim() ? { trackingNo: trackingNo.trim() } : {}),
      ...(carrier.trim() ? { carrier: carrier.trim() } : {}),
    })
      .then(onDone)
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="wo-reply" onSubmit={submit}>
      <input
        placeholder={t('detail.wo.text')}
        value={text}
        maxLength={500}
        onChange={(e) => setText(e.target.value)}
        data-testid="wo-text"
      />
      <input
        className="mono"
        placeholder={t('detail.wo.trackingNo')}
        value={trackingNo}
        maxLength={40}
        onChange={(e) => setTrackingNo(e.target.value)}
        data-testid="wo-tracking"
      />
      <input
        placeholder={t('detail.ship.carrier')}
        list="carriers"
        value={carrier}
        maxLength={40}
        onChange={(e) => setCarrier(e.target.value)}
      />
      <button className="btn primary small" type="submit" disabled={busy} data-testid="wo-submit">
        {t('detail.wo.reply')}
      </button>
      {error && (
        <div className="field-error" data-testid="wo-error">
          {error}
        </div>
      )}
    </form>
  );
}

/** 协商发货: the cards sent so far and a new proposal; a refusal names the failed condition. */
function Negotiations({ order, items, tz, onDone }: { order: OrderView; items: NegotiationView[]; tz: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(() => toLocalInput((order.shipDeadline ?? Date.now()) + 24 * 3_600_000, tz));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const propose = (e: React.FormEvent) => {
    e.preventDefault();
    const ms = fromLocalInput(value, tz);
    if (ms == null) return setError(t('detail.neg.badTime'));
    setBusy(true);
    setError(null);
    send('negotiations.propose', { tid: order.tid, proposedDeadline: ms })
      .then(onDone)
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="detail-section" data-testid="detail-negotiations">
      <h3>{t('detail.neg.title', { count: items.length })}</h3>
      {order.noAutoCompensation && <div className="tag tag-warn block-tag">{t('detail.noAutoCompensation')}</div>}
      {items.length > 0 && (
        <table className="lines-table">
          <thead>
            <tr>
              <th>{t('detail.neg.proposed')}</th>
              <th>{t('detail.neg.sent')}</th>
              <th>{t('detail.neg.validUntil')}</th>
              <th>{t('detail.neg.status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((n) => (
              <tr key={n.negotiationId} data-testid="negotiation">
                <td className="mono">{formatFull(n.proposedDeadline, tz)}</td>
                <td className="mono">{formatFull(n.sentAt, tz)}</td>
                <td className="mono">{formatFull(n.validUntil, tz)}</td>
                <td>
                  <span className={`state neg-${n.status}`}>{t(`detail.neg.st.${n.status}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={propose}>
        <label className="inline-field">
          <span>{t('detail.neg.newTime')}</span>
          <input type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} data-testid="neg-time" />
        </label>
        <button className="btn" type="submit" disabled={busy} data-testid="neg-propose">
          {t('detail.neg.propose')}
        </button>
      </form>
      {error && (
        <div className="banner error inline" data-testid="neg-error">
          {error}
        </div>
      )}
    </section>
  );
}

type Revealed = { name: string; phone: string | null; secretNo: string | null; address: string };

/**
 * 主管查看: the one place a real contact appears, for one order, after the supervisor PIN (audited on the
 * station). It lives in this dialog's state only — never in a title, tooltip or log — and goes when it closes.
 */
function RevealDialog({ tid, onClose }: { tid: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { settings } = useApp();
  const [supervisor, setSupervisor] = useState('');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<(Revealed & { who: string; at: number }) | null>(null);

  // Drop the revealed values before the dialog goes away, whatever closes it.
  const close = useCallback(() => {
    setShown(null);
    setPin('');
    onClose();
  }, [onClose]);
  useEffect(() => () => setShown(null), []);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!supervisor.trim() || !pin || !reason.trim()) return setError(t('detail.reveal.required'));
    setBusy(true);
    setError(null);
    send('orders.reveal', { tid, supervisor: supervisor.trim(), pin, reason: reason.trim() })
      .then((r) =>
        setShown({ name: r.name, phone: r.phone, secretNo: r.secretNo, address: r.address, who: supervisor.trim(), at: Date.now() }),
      )
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => {
        setPin('');
        setBusy(false);
      });
  };

  return (
    <Modal title={t('detail.reveal.title')} onClose={close} testid="reveal-dialog">
      <div className="modal-body">
        <div className="muted small mono">{tid}</div>
        {shown ? (
          <>
            <dl className="facts reveal-facts" data-testid="reveal-result">
              <dt>{t('detail.reveal.name')}</dt>
              <dd className="mono">{shown.name}</dd>
              <dt>{t('detail.reveal.phone')}</dt>
              <dd className="mono strong" data-testid="reveal-phone">
                {shown.phone ?? t('detail.reveal.none')}
              </dd>
              {shown.secretNo && (
                <>
                  <dt>{t('detail.reveal.secretNo')}</dt>
                  <dd className="mono">{shown.secretNo}</dd>
                </>
              )}
              <dt>{t('detail.reveal.address')}</dt>
              <dd className="mono">{shown.address}</dd>
            </dl>
            <div className="audit-note" data-testid="reveal-audited">
              ✓ {t('detail.reveal.audited', { who: shown.who, at: formatFull(shown.at, settings.timeZone) })}
            </div>
            <div className="modal-actions">
              <button type="button" className="btn primary" onClick={close} data-testid="reveal-close">
                {t('detail.reveal.close')}
              </button>
            </div>
          </>
        ) : (
          <form onSubmit={submit} noValidate autoComplete="off">
            <p className="muted small">{t('detail.reveal.intro')}</p>
            {!settings.supervisorPinSet && (
              <div className="banner error inline" data-testid="reveal-no-pin">
                {t('detail.reveal.noPin')}
              </div>
            )}
            <label className="field">
              <span>{t('detail.reveal.supervisor')}</span>
              <input
                autoFocus
                value={supervisor}
                maxLength={40}
                onChange={(e) => setSupervisor(e.target.value)}
                data-testid="reveal-supervisor"
              />
            </label>
            <label className="field">
              <span>{t('detail.reveal.pin')}</span>
              <input
                type="password"
                inputMode="numeric"
                autoComplete="off"
                value={pin}
                maxLength={32}
                onChange={(e) => setPin(e.target.value)}
                data-testid="reveal-pin"
              />
            </label>
            <label className="field">
              <span>{t('detail.reveal.reason')}</span>
              <input
                value={reason}
                maxLength={200}
                placeholder={t('detail.reveal.reasonPlaceholder')}
                onChange={(e) => setReason(e.target.value)}
                data-testid="reveal-reason"
              />
            </label>
            {error && (
              <div className="field-error" data-testid="reveal-error">
                {error}
              </div>
            )}
            <div className="modal-actions">
              <button type="button" className="btn" onClick={close}>
                {t('icp.cancel')}
              </button>
              <button type="submit" className="btn danger" disabled={busy} data-testid="reveal-submit">
                {busy ? t('detail.reveal.busy') : t('detail.reveal.submit')}
              </button>
            </div>
          </form>
        )}
      </div>
    </Modal>
  );
}
