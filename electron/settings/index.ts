// Station settings: electron-store (Electron) or conf (Node), validated by the one zod schema.
export * from './store.js';
export { settingsHandlers } from './handlers.js';
