import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterceptionView } from '../../../shared/api/contract.js';
import { TRANSITIONS } from '../../../shared/rules/interception.js';
import { send } from '../../api/client.js';
import { ReasonDialog } from '../../components/ReasonDialog.js';

/** Which actions the state machine allows; a failed request can be released/refunded only while it holds locks. */
export type IcpAction = 'release' | 'refund' | 'retry';

export function allowedActions(r: InterceptionView): IcpAction[] {
  const out: IcpAction[] = [];
  const tr = TRANSITIONS[r.status];
  const holds = r.status !== 'failed' || r.lockedOids.length > 0;
  if (tr.release && holds) out.push('release');
  if (tr.refund && holds) out.push('refund');
  if (tr.retry) out.push('retry');
  return out;
}

/** The lines a request targets: whole order or its oids; the locked ones in red. */
export function RequestLines({ r }: { r: InterceptionView }) {
  const { t } = useTranslation();
  const locked = new Set(r.lockedOids);
  if (!r.oids) {
    return (
      <span className="icp-lines">
        <span className="line-chip whole">{t('icp.wholeOrder')}</span>
        {r.lockedOids.length > 0 && (
          <span className="line-chip locked" title={r.lockedOids.join(', ')}>
            {t('icp.lockedN', { count: r.lockedOids.length })}
          </span>
        )}
      </span>
    );
  }
  return (
    <span className="icp-lines">
      {r.oids.map((oid) => (
        <span
          key={oid}
          className={`line-chip mono${locked.has(oid) ? ' locked' : ''}`}
          data-testid="icp-oid"
          data-locked={locked.has(oid) ? 'true' : 'false'}
        >
          {oid}
        </span>
      ))}
    </span>
  );
}

/** The four actions, each with a reason dialog; used by the queue and the order drawer. */
export function ActionButtons({ r, onDone, small }: { r: InterceptionView; onDone?: (v: InterceptionView) => void; small?: boolean }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState<IcpAction | null>(null);
  const allowed = allowedActions(r);
  const methods = { release: 'interceptions.release', refund: 'interceptions.refund', retry: 'interceptions.retry' } as const;
  return (
    <>
      <div className="icp-actions">
        {(['release', 'refund', 'retry'] as const).map((a) => (
          <button
            key={a}
            type="button"
            className={`btn${small ? ' small' : ''}`}
            disabled={!allowed.includes(a)}
            title={allowed.includes(a) ? undefined : t('icp.notAllowed', { status: t(`icp.status.${r.status}`) })}
            onClick={() => setAsking(a)}
            data-testid={`icp-${a}`}
          >
            {t(`icp.action.${a}`)}
          </button>
        ))}
      </div>
      {asking && (
        <ReasonDialog
          title={`${t(`icp.action.${asking}`)} · ${r.requestId}`}
          confirmLabel={t(`icp.action.${asking}`)}
          onClose={() => setAsking(null)}
          onConfirm={(reason) => send(methods[asking], { requestId: r.requestId, reason }).then((v) => onDone?.(v))}
        />
      )}
    </>
  );
}
