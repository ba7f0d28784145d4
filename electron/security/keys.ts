// The data key (32 bytes) that seals buyer contacts and the event log at rest. Where it lives, first hit wins:
//   1. SHIPLOCK_DATA_KEY: base64 or hex of 32 bytes (servers, tests, key managers);
//   2. Electron: a key sealed with the OS keychain (safeStorage), the encrypted blob in the key folder;
//   3. station mode: a 0600 key file in a 0700 folder OUTSIDE the data folder, so a copied data folder
//      (backup, USB stick) does not carry its own key: ~/.config/ShipLock-keys/<sha256(data dir)>.key,
//      the folder overridable with SHIPLOCK_KEY_DIR.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIR_MODE, FILE_MODE } from './files.js';

export const KEY_BYTES = 32;

/** The part of Electron's safeStorage we use (injected, so this file never imports electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(blob: Buffer): string;
}

export class DataKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataKeyError';
  }
}

/** Parses SHIPLOCK_DATA_KEY: 64 hex digits or base64 / base64url of exactly 32 bytes. */
export function parseDataKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : /^[A-Za-z0-9+/_-]+=*$/.test(t) ? Buffer.from(t, 'base64') : null;
  if (!key || key.length !== KEY_BYTES) throw new DataKeyError('SHIPLOCK_DATA_KEY must be 32 bytes as 64 hex digits or base64');
  return key;
}

export function defaultKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHIPLOCK_KEY_DIR) return path.resolve(env.SHIPLOCK_KEY_DIR);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'ShipLock-keys');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'ShipLock-keys');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'ShipLock-keys');
}

/** The key file for a data folder: named by a hash of the folder's absolute path. */
export function keyFileFor(dataDir: string, env: NodeJS.ProcessEnv = process.env, ext = '.key'): string {
  const id = crypto.createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 32);
  return path.join(defaultKeyDir(env), `${id}${ext}`);
}

function ensureKeyDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  if (process.platform !== 'win32') fs.chmodSync(dir, DIR_MODE);
}

/** Writes a new file exclusively (0600); if another process won the race, returns null. */
function writeExclusive(file: string, data: Buffer | string): boolean {
  try {
    const fd = fs.openSync(file, 'wx', FILE_MODE);
    try {
      fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

export interface LoadKeyOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** Electron's safeStorage; when available the key is kept encrypted by the OS keychain. */
  safeStorage?: SafeStorageLike | null;
}

export interface LoadedKey {
  key: Buffer;
  source: 'env' | 'safeStorage' | 'file';
  /** The file holding the key (or its encrypted blob); null for env. */
  file: string | null;
}

export function loadDataKey(o: LoadKeyOptions): LoadedKey {
  const env = o.env ?? process.env;
  if (env.SHIPLOCK_DATA_KEY) return { key: parseDataKey(env.SHIPLOCK_DATA_KEY), source: 'env', file: null };
  if (o.safeStorage?.isEncryptionAvailable()) {
    const file = keyFileFor(o.dataDir, env, '.safe');
    ensureKeyDir(path.dirname(file));
    if (!fs.existsSync(file)) {
      const fresh = crypto.randomBytes(KEY_BYTES);
      writeExclusive(file, o.safeStorage.encryptString(fresh.toString('base64')));
    }
    const key = parseDataKey(o.safeStorage.decryptString(fs.readFileSync(file)));
    return { key, source: 'safeStorage', file };
  }
  const file = keyFileFor(o.dataDir, env);
  ensureKeyDir(path.dirname(file));
  if (!fs.existsSync(file)) writeExclusive(file, crypto.randomBytes(KEY_BYTES).toString('base64') + '\n');
  if (process.platform !== 'win32') {
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) fs.chmodSync(file, FILE_MODE);
  }
  return { key: parseDataKey(fs.readFileSync(file, 'utf8')), source: 'file', file };
}
