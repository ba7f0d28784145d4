// The interception queue's methods of the typed contract.
import crypto from 'node:crypto';
import type { HandlersOf, InterceptionOutputs } from '../../shared/api/contract.js';
import type { Platform } from '../../shared/domain.js';
import type { CoreDeps } from '../app/context.js';
import { ApiError } from '../app/errors.js';
import { sql } from '../db/sql.js';
import { interceptionReady } from '../../shared/settings.js';
import { getInterception, listInterceptions } from './query.js';
import * as service from './service.js';

export function interceptionHandlers(d: CoreDeps): HandlersOf<InterceptionOutputs> {
  const mustGet = (requestId: string) => {
    const v = getInterception(d.db, requestId);
    if (!v) throw new ApiError(404, 'not_found', `interception ${requestId} not found`, 'requestId');
    return v;
  };
  return {
    'interceptions.list': (f) => ({ items: listInterceptions(d.db, f) }),
    'interceptions.catchUpPreview': () => ({
      ready: interceptionReady(d.settings()),
      items: service.pendingNotices({ db: d.db, settings: d.settings() }),
    }),
    'interceptions.catchUp': ({ requestIds, by }) => ({ sent: d.write((ctx) => service.catchUpNotices(ctx, requestIds, d.actor(by))) }),
    'interceptions.get': ({ requestId }) => mustGet(requestId),
    'interceptions.create': ({ tid, oids, reason, by }) => {
      const order = d.db.get<{ platform: Platform }>(sql`SELECT platform FROM orders WHERE tid = ${tid}`);
      if (!order) throw new ApiError(404, 'not_found', `order ${tid} not found`, 'tid');
      const requestId = `manual-${crypto.randomUUID()}`;
      d.write((ctx) =>
        service.receiveRequest(
          ctx,
          { requestId, tid, oids: oids ?? null, source: 'manual', reason, platform: order.platform, requestedAt: ctx.now, origin: 'app' },
          d.actor(by),
        ),
      );
      return mustGet(requestId);
    },
    'interceptions.release': ({ requestId, reason, by }) => {
      d.write((ctx) => service.release(ctx, requestId, d.actor(by), reason));
      return mustGet(requestId);
    },
    'interceptions.refund': ({ requestId, reason, by }) => {
      d.write((ctx) => service.refund(ctx, requestId, d.actor(by), reason));
      return mustGet(requestId);
    },
    'interceptions.retry': ({ requestId, reason, by }) => {
      d.write((ctx) => service.retry(ctx, requestId, d.actor(by), reason));
      return mustGet(requestId);
    },
  };
}
