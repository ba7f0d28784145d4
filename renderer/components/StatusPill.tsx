import { useTranslation } from 'react-i18next';
import type { InterceptionStatus } from '../../shared/rules/interception.js';

/** Status pill of an interception request. */
export function StatusPill({ status }: { status: InterceptionStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status-pill st-${status}`} data-testid="status-pill" data-status={status}>
      {t(`icp.status.${status}`)}
    </span>
  );
}
