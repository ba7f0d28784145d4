// Checks: the scheduled jobs, urge work orders and negotiated shipping.
export { applyNegotiationAnswered, applyWorkorderClosed, applyWorkorderCreated } from './events.js';
export { checksHandlers } from './handlers.js';
export { JOBS, type JobFn, type JobResult } from './jobs.js';
export { CheckScheduler } from './scheduler.js';
export { subscribeChecks } from './subscribe.js';
