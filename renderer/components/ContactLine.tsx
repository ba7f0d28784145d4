import { useTranslation } from 'react-i18next';
import type { ContactView } from '../../shared/domain.js';
import { formatShort } from '../../shared/rules/time.js';

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
