// Work-order and negotiation events (spec/platform-events.md), applied for intake's router.
import type { Envelope } from '../../shared/events.js';
import type { EventApplier } from '../app/facts.js';
import { closeWorkorder, negotiationAnswered, workorderCreated } from './workorders.js';

export const applyWorkorderCreated: EventApplier<Envelope<'workorder.created'>> = (ctx, env) => {
  const p = env.payload;
  const fresh = workorderCreated(ctx, {
    workOrderId: p.workOrderId,
    tid: p.tid,
    kind: p.kind,
    createdAt: Date.parse(p.createdAt),
    dueAt: p.dueAt ? Date.parse(p.dueAt) : null,
  });
  return fresh ? ['applied', null] : ['stale', `work order ${p.workOrderId} already known`];
};

/** The platform's own close of a work order (any action) completes it. */
export const applyWorkorderClosed: EventApplier<Envelope<'workorder.closed'>> = (ctx, env) => {
  const p = env.payload;
  const r = closeWorkorder(ctx, p.workOrderId, p.action, Date.parse(p.closedAt));
  if (r === 'unknown') return ['pending', 'work order not known yet'];
  return r === 'closed' ? ['applied', null] : ['stale', 'work order already closed'];
};

export const applyNegotiationAnswered: EventApplier<Envelope<'negotiation.answered'>> = (ctx, env) => {
  const p = env.payload;
  const r = negotiationAnswered(ctx, {
    negotiationId: p.negotiationId,
    tid: p.tid,
    answer: p.answer,
    answeredAt: Date.parse(p.answeredAt),
  });
  if (r === 'unknown') return ['rejected', `negotiation ${p.negotiationId} was not sent from this station`];
  if (r === 'already_agreed') return ['rejected', 'the buyer already agreed to another card: this one is void'];
  return r === 'applied' ? ['applied', null] : ['rejected', 'the card was no longer valid when answered'];
};
