// The write path's wiring, shared by the composition root (main thread) and the import worker (its own
// connection): which capability reacts to which fact the order writer announces, and which applies which
// event type. One function, so an import written in the worker settles interceptions, checks and pick
// lists exactly as a write in the main thread does.
import { applyNegotiationAnswered, applyWorkorderClosed, applyWorkorderCreated, subscribeChecks } from '../checks/index.js';
import { sql } from '../db/sql.js';
import {
  applyRefund,
  applyScanned,
  applyShipped,
  applySucceeded,
  applyUpserted,
  subscribeIntake,
  type EventRouter,
} from '../intake/index.js';
import { applyRequested, applyWithdrawn, subscribeInterception } from '../interception/index.js';
import { subscribePack } from '../pack/index.js';
import { subscribePicklist } from '../picklist/index.js';
import type { FactBus } from './facts.js';

export function wireWritePath(facts: FactBus, router: EventRouter): void {
  // Facts: who reacts to what (intake first, so waiting shipments and refunds are applied before a waiting
  // interception is decided on the order's arrival).
  subscribeIntake(facts, router);
  subscribeInterception(facts);
  subscribeChecks(facts);
  subscribePicklist(facts);
  subscribePack(facts);

  // Events: which capability applies which type.
  router.on('order.upserted', applyUpserted);
  router.on('order.shipped', applyShipped);
  router.on('logistics.scanned', applyScanned);
  router.on('trade.succeeded', applySucceeded);
  router.on('refund.completed', applyRefund);
  router.on('interception.requested', applyRequested);
  router.on('interception.withdrawn', applyWithdrawn);
  router.on('workorder.created', applyWorkorderCreated, {
    unblocks: (env) => sql`type = 'workorder.closed' AND json_extract(envelope, '$.payload.workOrderId') = ${env.payload.workOrderId}`,
  });
  router.on('workorder.closed', applyWorkorderClosed);
  router.on('negotiation.answered', applyNegotiationAnswered);
}
