import { useEffect, useState } from 'react';
import type { ChangeEvent } from '../../shared/api/contract.js';
import { subscribe } from '../api/client.js';
import { useTranslation } from 'react-i18next';
import type { ContactView, SellerFlag } from '../../shared/domain.js';
import { deadlineState, formatCountdown } from '../../shared/rules/deadlines.js';
import type { InterceptionStatus } from '../../shared/rules/interception.js';
import { formatShort, parseLocalDateTime, wallClock, zoneOffset } from '../../shared/rules/time.js';
import type { Locale } from '../i18n.js';

export function FlagDot({ flag }: { flag: SellerFlag }) {
  const { t } = useTranslation();
  return <span className={`flag-dot flag-${flag}`} role="img" aria-label={t(`flag.${flag}`)} title={t(`flag.${flag}`)} />;
}

export function LockPill() {
  const { t } = useTranslation();
  return (
    <span className="lock-pill" data-testid="lock-pill">
      {t('lock.pill')}
    </span>
  );
}

/** Calls `reload` (debounced) whenever a change event of one of these kinds is pushed. */
export function useReloadOn(kinds: ReadonlyArray<ChangeEvent['kind']>, reload: () => void, delayMs = 150): void {
  const key = kinds.join(',');
  useEffect(() => {
    const wanted = key.split(',');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = subscribe((e) => {
      if (!wanted.includes(e.kind)) return;
      clearTimeout(timer);
      timer = setTimeout(reload, delayMs);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [key, reload, delayMs]);
}

/** The current time, refreshed every `everyMs` (countdowns re-render every 30 s). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

export function Countdown({
  deadline,
  now,
  dueSoonHours,
  timeZone,
  full,
}: {
  deadline: number | null;
  now: number;
  dueSoonHours: number;
  timeZone: string;
  full?: string;
}) {
  const { t, i18n } = useTranslation();
  const state = deadlineState(deadline, now, dueSoonHours);
  if (deadline == null) return <span className="countdown none">{t('deadline.none')}</span>;
  return (
    <span className={`countdown ${state}`}>
      <span className="countdown-left">{formatCountdown(deadline, now, i18n.language as Locale)}</span>
      <span className="countdown-at mono">{full ?? formatShort(deadline, timeZone)}</span>
    </span>
  );
}

/** The masked contact line: name · phone (or secret number + extension, expiry) · address. Values arrive masked. */
export function ContactLine({ contact, timeZone, block }: { contact: ContactView; timeZone: string; block?: boolean }) {
  const { t } = useTranslation();
  const c = contact;
  let phone: React.ReactNode;
  if (c.secretNo) {
    phone = (
      <span className={`contact-phone${c.secretExpired ? ' expired' : ''}`}>
        <span className="mono">{c.extension ? t('contact.ext', { no: c.secretNo, ext: c.extension }) : c.secretNo}</span>
        {c.secretExpired ? (
          <span className="tag tag-expired">{t('contact.expired')}</span>
        ) : c.secretExpiresAt != null ? (
          <span className="tag tag-muted">{t('contact.expires', { at: formatShort(c.secretExpiresAt, timeZone) })}</span>
        ) : null}
      </span>
    );
  } else if (c.phone) {
    phone = <span className="contact-phone mono">{c.phone}</span>;
  } else {
    phone = <span className="contact-phone muted">{t('contact.noPhone')}</span>;
  }
  return (
    <span className={`contact-line${block ? ' block' : ''}`} data-testid="contact-line">
      <span className="contact-top">
        <span className="contact-name mono">{c.name}</span>
        <span className="sep">·</span>
        {phone}
      </span>
      {!block && <span className="sep">·</span>}
      <span className="contact-address mono">{c.address}</span>
    </span>
  );
}

/** Time since an instant: "3分钟", "2小时05分", "3天4小时" (en: "3 min", "2 h 05 min", "3 d 4 h"). */
export function formatAge(since: number, now: number, locale: Locale): string {
  const mins = Math.max(0, Math.floor((now - since) / 60_000));
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  if (locale === 'en') {
    if (d) return `${d} d ${h} h`;
    if (h) return `${h} h ${String(m).padStart(2, '0')} min`;
    return `${m} min`;
  }
  if (d) return `${d}天${h}小时`;
  if (h) return `${h}小时${String(m).padStart(2, '0')}分`;
  return `${m}分钟`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** An instant as a `datetime-local` value (YYYY-MM-DDTHH:mm) on the station's wall clock. */
export function toLocalInput(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${w.year}-${pad2(w.month)}-${pad2(w.day)}T${pad2(w.hour)}:${pad2(w.minute)}`;
}

/** An instant as ISO 8601 with the station zone's offset, e.g. 2026-11-11T00:00:00+08:00. */
export function toZonedIso(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  const off = Math.round(zoneOffset(ms, timeZone) / 60_000);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${w.year}-${pad2(w.month)}-${pad2(w.day)}T${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

/** A `datetime-local` value read on the station's wall clock, or null. */
export function fromLocalInput(value: string, timeZone: string): number | null {
  return parseLocalDateTime(value, timeZone);
}

/** Status pill of an interception request. */
export function StatusPill({ status }: { status: InterceptionStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status-pill st-${status}`} data-testid="status-pill" data-status={status}>
      {t(`icp.status.${status}`)}
    </span>
  );
}

/** A small modal dialog; Esc or the backdrop closes it. */
export function Modal({
  title,
  onClose,
  children,
  testid,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: React.ReactNode;
  testid?: string;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`modal${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} data-testid={testid}>
        <header className="modal-head">
          <h2>{title}</h2>
          <button type="button" className="btn icon" onClick={onClose} aria-label={t('detail.close')}>
            ✕
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}

/** Asks for a reason (required), then runs the action; shows the server's refusal. */
export function ReasonDialog({
  title,
  confirmLabel,
  danger,
  onClose,
  onConfirm,
}: {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  onClose: () => void;
  onConfirm: (reason: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError(t('icp.reasonRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    onConfirm(reason.trim()).then(onClose, (err: Error) => {
      setError(err.message);
      setBusy(false);
    });
  };
  return (
    <Modal title={title} onClose={onClose} testid="reason-dialog">
      <form onSubmit={submit} className="modal-body">
        <label className="field">
          <span>{t('icp.reason')}</span>
          <textarea
            autoFocus
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="reason-input"
          />
        </label>
        {error && (
          <div className="field-error" data-testid="dialog-error">
            {error}
          </div>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('icp.cancel')}
          </button>
          <button type="submit" className={`btn ${danger ? 'danger' : 'primary'}`} disabled={busy} data-testid="reason-confirm">
            {confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
