// The queue's result column: a request whose parcel still sits in a printed batch is 已锁单·待撤出 (with the
// batch and slip number); only once it is pulled out does 拦截成功 show.
import { useTranslation } from 'react-i18next';
import type { InterceptionView } from '../../shared/api/contract.js';
import { useApp } from '../context.js';
import { SeqBadge } from './SeqBadge.js';

export function ResultCell({ r }: { r: InterceptionView }) {
  const { t } = useTranslation();
  const { openBatch } = useApp();
  if (r.toWithdraw.length) {
    const w = r.toWithdraw[0]!;
    return (
      <span className="result r-pull" data-testid="icp-pull" data-batch={w.batchNo}>
        {w.seq != null && <SeqBadge seq={w.seq} />}
        <b>{t('pull.pending')}</b>{' '}
        <button
          className="btn link mono"
          onClick={(e) => {
            e.stopPropagation();
            openBatch(w.batchNo);
          }}
        >
          {t('pull.where', { batch: w.batchNo, seq: w.seq ?? '—' })}
        </button>
      </span>
    );
  }
  if (!r.result) return <span className="muted">—</span>;
  return <span className={`result r-${r.result}`}>{t(`icp.result.${r.result}`)}</span>;
}
