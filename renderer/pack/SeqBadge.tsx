// The big number on a batch slip (篮号 / 序号): the same badge on the 需撤出 list, the queue and the pack screen.
import { useTranslation } from 'react-i18next';

export function SeqBadge({ seq }: { seq: number }) {
  const { t } = useTranslation();
  return (
    <span className="seq-badge" data-testid="seq-badge" title={t('pack.seq')}>
      {seq}
    </span>
  );
}
