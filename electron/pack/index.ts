// The pack station: scans and block acknowledgements.
export { packHandlers } from './handlers.js';
export { scan } from './scan.js';
export { subscribePack } from './subscribe.js';
