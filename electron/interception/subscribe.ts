// What interception does when orders announce a fact (same transaction as the fact).
import type { FactBus } from '../app/facts.js';
import { sql } from '../db/sql.js';
import {
  extendWholeOrderLocks,
  onLinesReidentified,
  onLinesRefunded,
  onLockedLinesLeft,
  onOrderClosed,
  receiveRequest,
  settleWaiting,
} from './service.js';

export function subscribeInterception(facts: FactBus): void {
  // rules.md §1: "every way an order can arrive (events, any export, any platform) settles waiting requests".
  facts.on('order.arrived', (ctx, f) => settleWaiting(ctx, f.tid));
  // …and an order whose lines came later (an item export after its order export).
  facts.on('order.changed', (ctx, f) => {
    settleWaiting(ctx, f.tid);
    // A whole-order lock covers the lines the new view brought (real sub-order ids after an export's).
    extendWholeOrderLocks(ctx, f.tid);
  });
  facts.on('parcel.uploaded', (ctx, f) => onLockedLinesLeft(ctx, f.tid, f.oids, `${f.carrier} ${f.trackingNo}`));
  facts.on('parcel.picked_up', (ctx, f) => {
    for (const tid of f.tids) {
      const oids = ctx.db.all<{ oid: string }>(
        sql`SELECT oid FROM order_lines WHERE tid = ${tid} AND locked = 1 AND shipped_at IS NOT NULL`,
      );
      onLockedLinesLeft(
        ctx,
        tid,
        oids.map((o) => o.oid).filter((o) => f.oids.includes(o)),
        `${f.carrier} ${f.trackingNo} 已揽收`,
      );
    }
  });
  facts.on('lines.refunded', (ctx, f) => onLinesRefunded(ctx, f.oids, f.actor, f.note));
  facts.on('lines.reidentified', (ctx, f) => onLinesReidentified(ctx, f.tid, f.renamed));
  facts.on('order.closed', (ctx, f) => onOrderClosed(ctx, f.tid));
  // JD 锁定: the platform holds the order — a platform interception request for the whole order.
  facts.on('order.platform_hold', (ctx, f) => {
    receiveRequest(
      ctx,
      {
        requestId: `platform-hold:${f.tid}`,
        tid: f.tid,
        oids: null,
        source: 'platform',
        reason: `平台锁定订单(${f.source})`,
        platform: f.platform,
        requestedAt: f.at,
        origin: 'event',
      },
      'platform',
    );
  });
}
