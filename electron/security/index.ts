// The security capability's public surface (other capabilities import only this file).
export { DIR_MODE, FILE_MODE, modeOf, secureDataDir, secureFile } from './files.js';
export { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME, type DataDirLock } from './instance-lock.js';
export { isSealed, open, openIfSealed, openJson, seal, SealError, sealJson, SEAL_PREFIX } from './seal.js';
export { DataKeyError, keyFileFor, loadDataKey, parseDataKey, type LoadedKey, type SafeStorageLike } from './keys.js';
export { MAX_PIN_FAILURES, PIN_LOCKOUT_MS, PIN_PATTERN, PinGuard, type PinVia } from './pin.js';
export { SecretDesk, SECRET_NAMES, type RevealedSecrets, type SecretName, type SecretsVia } from './secrets.js';
export { isEventFile, requireSignedEventFiles, type MaybeSignedFile } from './signed-files.js';
