// Intake replays the events that waited for something the orders writer just announced.
import { sql } from '../db/sql.js';
import type { FactBus } from '../app/facts.js';
import type { EventRouter } from './events.js';

export function subscribeIntake(facts: FactBus, router: EventRouter): void {
  // rules.md §1: every way an order can arrive settles what waited for it (shipments, refunds, trade success…).
  facts.on('order.arrived', (ctx, f) => router.replayPendingForOrder(ctx, f.tid));
  // Courier scans that came before their tracking number was uploaded.
  facts.on('parcel.uploaded', (ctx, f) => router.replayPending(ctx, sql`tracking_no = ${f.trackingNo}`));
}
