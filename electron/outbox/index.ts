// The outbox: what the app emits, read over HTTP or delivered by the worker.
export { OutboxDeliverer } from './deliver.js';
export { outboxHandlers } from './handlers.js';
export { emit, readOutbox, type OutboxEnvelope, type OutboxType } from './outbox.js';
