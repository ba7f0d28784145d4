import { useTranslation } from 'react-i18next';
import type { SellerFlag } from '../../shared/domain.js';

export function FlagDot({ flag }: { flag: SellerFlag }) {
  const { t } = useTranslation();
  return <span className={`flag-dot flag-${flag}`} role="img" aria-label={t(`flag.${flag}`)} title={t(`flag.${flag}`)} />;
}
