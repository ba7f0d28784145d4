// Intake: signed events and file imports become order facts (through electron/orders/) and events for the
// capabilities registered on the router. Intake knows no capability but orders.
export { EventRejectedError, EventRouter, type IngestResult } from './events.js';
export { intakeHandlers } from './handlers.js';
export { ImportError, importFiles, parseImportFiles, writeImport, exportOrderRecord, type ImportFile, type ParsedFile } from './imports.js';
export { applyRefund, applyScanned, applyShipped, applySucceeded, applyUpserted, orderRecordFromEvent } from './order-events.js';
export { sign, verifySignature, verifySignatureOf } from './signature.js';
export { subscribeIntake } from './subscribe.js';
export { findMapping } from './mappings.js';
export { bytesOf, importStreaming, readHead, readWhole, type SourceFile } from './stream.js';
export type { ImportContext } from './imports.js';
export type { SavedMapping } from './parse.js';
