import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactView, SellerFlag } from '../../shared/domain.js';
import { deadlineState, formatCountdown } from '../../shared/rules/deadlines.js';
import { formatShort } from '../../shared/rules/time.js';
import type { Locale } from '../i18n.js';

export function FlagDot({ flag }: { flag: SellerFlag }) {
  const { t } = useTranslation();
  return <span className={`flag-dot flag-${flag}`} role="img" aria-label={t(`flag.${flag}`)} title={t(`flag.${flag}`)} />;
}

export function LockPill() {
  const { t } = useTranslation();
  return <span className="lock-pill" data-testid="lock-pill">{t('lock.pill')}</span>;
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

export function Countdown({ deadline, now, dueSoonHours, timeZone, full }: {
  deadline: number | null; now: number; dueSoonHours: number; timeZone: string; full?: string;
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
