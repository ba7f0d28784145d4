// Checks, work orders and negotiations in the typed contract.
import crypto from 'node:crypto';
import type { ChecksOutputs, HandlersOf } from '../../shared/api/contract.js';
import type { CoreDeps } from '../app/context.js';
import type { CheckScheduler } from './scheduler.js';
import { listNegotiations, listWorkorders, propose, replyWorkorder } from './workorders.js';

export function checksHandlers(d: CoreDeps, scheduler: CheckScheduler): HandlersOf<ChecksOutputs> {
  return {
    'checks.run': () => {
      const results = scheduler.runAll();
      return {
        results: results.map((r) => ({ job: r.job, candidates: r.candidates, raised: r.raised.length, resolved: r.resolved })),
        runs: scheduler.runs(),
      };
    },
    'checks.status': () => ({ runs: scheduler.runs() }),
    'workorders.list': ({ tid, open }) => ({ items: listWorkorders(d.db, { tid, open }) }),
    'workorders.reply': ({ by, ...r }) => {
      d.write((ctx) => replyWorkorder(ctx, r, d.actor(by)));
      return listWorkorders(d.db, { id: r.workOrderId })[0]!;
    },
    'negotiations.list': ({ tid }) => ({ items: listNegotiations({ db: d.db }, tid) }),
    'negotiations.propose': ({ tid, proposedDeadline, by }) =>
      d.write((ctx) => propose(ctx, { tid, proposedDeadline }, d.actor(by), `neg-${crypto.randomUUID()}`)),
  };
}
