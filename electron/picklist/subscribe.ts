// Pick lists react to interception's lock facts and to closed orders: a line locked, or an order closed, after its batch was printed makes the batch
// stale (需撤出); a release, withdrawal or refund clears it.
import type { FactBus } from '../app/facts.js';
import { clearStaleAlert, onLinesLocked, onLinesReidentified, onOrderClosed } from './batches.js';

export function subscribePicklist(facts: FactBus): void {
  facts.on('lines.locked', (ctx, f) => onLinesLocked(ctx, f.oids));
  facts.on('lines.unlocked', (ctx, f) => clearStaleAlert(ctx, f.tid));
  // A closed order (交易关闭) on a printed batch must come out too.
  facts.on('order.closed', (ctx, f) => onOrderClosed(ctx, f.tid));
  // Numbered export lines took their real sub-order ids: a batch holds the same goods under the new id.
  facts.on('lines.reidentified', (ctx, f) => onLinesReidentified(ctx, f.renamed));
}
