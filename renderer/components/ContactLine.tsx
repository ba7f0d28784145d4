import { useTranslation } from 'react-i18next';
import type { ContactView } from '../../shared/domain.js';
import { formatShort } from '../../shared/rules/time.js';

/**
 * The masked contact line: name · phone (or secret number + extension, expiry) · address. Values arrive masked.
 * `block` puts the address on a second line. `compact` (a narrow table cell) also moves a privacy number's
 * extension and expiry to the start of that second line, so the number and its extension are never cut.
 */
export function ContactLine({
  contact,
  timeZone,
  block,
  compact,
}: {
  contact: ContactView;
  timeZone: string;
  block?: boolean;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const c = contact;
  let phone: React.ReactNode;
  let second: React.ReactNode = null;
  if (c.secretNo) {
    const tag = c.secretExpired ? (
      <span className="tag tag-expired">{t('contact.expired')}</span>
    ) : c.secretExpiresAt != null ? (
      <span className="tag tag-muted">{t('contact.expires', { at: formatShort(c.secretExpiresAt, timeZone) })}</span>
    ) : null;
    if (compact) {
      phone = (
        <span className={`contact-phone${c.secretExpired ? ' expired' : ''}`}>
          <span className="mono">{c.secretNo}</span>
        </span>
      );
      second = (
        <>
          {c.extension && <span className="contact-ext mono">{t('contact.extOnly', { ext: c.extension })}</span>}
          {tag}
        </>
      );
    } else {
      phone = (
        <span className={`contact-phone${c.secretExpired ? ' expired' : ''}`}>
          <span className="mono">{c.extension ? t('contact.ext', { no: c.secretNo, ext: c.extension }) : c.secretNo}</span>
          {tag}
        </span>
      );
    }
  } else if (c.phone) {
    phone = <span className="contact-phone mono">{c.phone}</span>;
  } else {
    phone = <span className="contact-phone muted">{t('contact.noPhone')}</span>;
  }
  const address = <span className="contact-address mono">{c.address}</span>;
  return (
    <span className={`contact-line${block || compact ? ' block' : ''}${compact ? ' compact' : ''}`} data-testid="contact-line">
      <span className="contact-top">
        <span className="contact-name mono">{c.name}</span>
        <span className="sep">·</span>
        {phone}
      </span>
      {!block && !compact && <span className="sep">·</span>}
      {second ? (
        <span className="contact-second">
          {second}
          {address}
        </span>
      ) : (
        address
      )}
    </span>
  );
}
