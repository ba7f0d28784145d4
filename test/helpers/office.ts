// The office screens' e2e data: N generated orders sent through the station's real signed-event path
// (POST /api/events, 1,000 per request), a few interceptions, a batch, and one partly shipped order
// with a tracking number.
import assert from 'node:assert/strict';
import { generateOrders, toEvents, withOfficeExtras, type GeneratedOrder } from '../../bench/generate.js';
import type { Station } from './station.js';

export interface Seeded {
  orders: Array<GeneratedOrder & { memo: string }>;
  lockedTids: string[];
  batchNo: string;
  tracking: { tid: string; trackingNo: string };
}

export async function rpc<T>(station: Station, method: string, input: unknown): Promise<T> {
  const res = await station.fetch(`${station.url}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${method}: ${text}`);
  return JSON.parse(text) as T;
}

export async function seedOffice(station: Station, n: number, now = Date.now()): Promise<Seeded> {
  const orders = withOfficeExtras(generateOrders(n, 12, now), 12);
  const events = toEvents(orders);
  for (let i = 0; i < events.length; i += 1000) {
    const res = await station.postEvents(events.slice(i, i + 1000));
    assert.ok(res.status === 200 || res.status === 202, await res.text());
  }
  // Interceptions on a handful of orders (manual requests lock at once).
  const lockedTids = orders.filter((_, i) => i % 997 === 5).map((o) => o.tid);
  for (const tid of lockedTids) await rpc(station, 'interceptions.create', { tid, reason: '买家要求拦截' });
  // A batch of 50 orders.
  const b = await rpc<{ batch: { batchNo: string } }>(station, 'batches.create', { filters: {}, maxOrders: 50 });
  // One line of a multi-line order shipped with a tracking number: the order stays pending.
  const multi = orders.find((o, i) => i > 100 && o.lines.length >= 2)!;
  const trackingNo = 'YT3141592653';
  await rpc(station, 'orders.markShipped', { tid: multi.tid, oids: [multi.lines[0]!.oid], carrier: '圆通', trackingNo });
  return { orders, lockedTids, batchNo: b.batch.batchNo, tracking: { tid: multi.tid, trackingNo } };
}
