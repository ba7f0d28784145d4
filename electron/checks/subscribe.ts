// Work orders react to order facts (same transaction). rules.md §4: an urge-ship work order "is completed
// by pickup, by a refund, or by the platform's own close, never by a reply alone"; its clock is 24 h after
// shipping. An exception scan is not a pickup: it closes nothing (the pickup check raises fake_shipping_risk).
import type { FactBus } from '../app/facts.js';
import { closeWorkordersOfOrder, refreshUrgeShipDue } from './workorders.js';

export function subscribeChecks(facts: FactBus): void {
  facts.on('parcel.uploaded', (ctx, f) => refreshUrgeShipDue(ctx, f.tid));
  facts.on('parcel.picked_up', (ctx, f) => {
    for (const tid of f.pickedUpOrders) closeWorkordersOfOrder(ctx, tid, 'picked_up', f.at);
  });
  facts.on('lines.refunded', (ctx, f) => closeWorkordersOfOrder(ctx, f.tid, 'refunded', f.at));
  facts.on('order.closed', (ctx, f) => closeWorkordersOfOrder(ctx, f.tid, 'closed', f.at));
  facts.on('order.changed', (ctx, f) => refreshUrgeShipDue(ctx, f.tid));
}
