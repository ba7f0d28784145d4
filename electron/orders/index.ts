// The orders capability's public face. electron/orders/ is the one writer of order facts (write.ts);
// every other capability reads orders through query.ts and asks for writes through these functions.
export {
  ENCRYPTED,
  correctTracking,
  markShipped,
  normalizeTrackingNo,
  recomputeDerivedDeadlines,
  sealLegacyBuyerRows,
  recordPlatformHold,
  recordRefund,
  recordScan,
  recordShipment,
  recordTradeSucceeded,
  setLines,
  setLocked,
  setNegotiatedDeadline,
  upsertOrder,
  upsertSku,
  writeMemo,
  type MarkShipped,
  type OrderLineRecord,
  type OrderRecord,
  type ScanState,
  type Shipment,
  type SkuRecord,
  type WriteOutcome,
} from './write.js';
export { BadCursorError, getOrder, getOrders, listOrders, type ViewContext } from './query.js';
export { reveal, type Revealed } from './reveal.js';
export { ordersHandlers } from './handlers.js';
export { drainAll, drainSearchQueue, startSearchIndexer } from './search.js';
