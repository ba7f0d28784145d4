import { useTranslation } from 'react-i18next';
import { deadlineState, formatCountdown } from '../../shared/rules/deadlines.js';
import { formatShort } from '../../shared/rules/time.js';
import type { Locale } from '../i18n.js';

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
