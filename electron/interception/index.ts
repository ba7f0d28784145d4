// The interception capability's public face: its handlers, its fact subscriptions, its event appliers,
// and the wait job the scheduler runs.
export { applyRequested, applyWithdrawn } from './events.js';
export { interceptionHandlers } from './handlers.js';
export { openInterceptionCount } from './query.js';
export { expireWaiting } from './service.js';
export { subscribeInterception } from './subscribe.js';
