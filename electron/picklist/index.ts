// Pick-list batches: handlers, print views, the fact subscriptions that mark printed batches 需撤出.
export { createBatch, getBatch, listBatches, markPrinted, printedBatchOf, slotOf, withdrawLine } from './batches.js';
export { picklistHandlers, type DesktopPrinting } from './handlers.js';
export { pickListCsv, renderPrintView, slipsCsv } from './print.js';
export { subscribePicklist } from './subscribe.js';
