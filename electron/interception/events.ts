// The interception event types (spec/platform-events.md), applied for intake's router.
import type { Envelope } from '../../shared/events.js';
import type { EventApplier } from '../app/facts.js';
import { receiveRequest, withdraw } from './service.js';

export const applyRequested: EventApplier<Envelope<'interception.requested'>> = (ctx, env) => {
  const p = env.payload;
  const fresh = receiveRequest(
    ctx,
    {
      requestId: p.requestId,
      tid: p.tid,
      oids: p.oids ?? null,
      source: p.source,
      // rules.md §1: platform, buyer-card and customer-service requests need no reason.
      reason: p.reason ?? '',
      platform: env.platform,
      requestedAt: Date.parse(env.occurredAt),
      origin: 'event',
    },
    p.source,
  );
  return fresh ? ['applied', null] : ['stale', `request ${p.requestId} was already received`];
};

export const applyWithdrawn: EventApplier<Envelope<'interception.withdrawn'>> = (ctx, env) => {
  const p = env.payload;
  withdraw(ctx, { requestId: p.requestId, by: p.by, reason: p.reason ?? '' });
  return ['applied', null];
};
