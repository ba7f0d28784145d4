import { useTranslation } from 'react-i18next';

export function LockPill() {
  const { t } = useTranslation();
  return (
    <span className="lock-pill" data-testid="lock-pill">
      {t('lock.pill')}
    </span>
  );
}
