// AES-256-GCM sealing of strings and JSON with a versioned prefix, for values kept at rest
// (buyer_private, the event log). Format: `sl1:` + base64url(iv[12] | tag[16] | ciphertext).
// The version names the algorithm and key slot, so a later key rotation can add `sl2:`.
import crypto from 'node:crypto';

export const SEAL_PREFIX = 'sl1:';
const IV = 12;
const TAG = 16;

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

function checkKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== 32) throw new SealError('the data key must be 32 bytes');
}

// IVs are 12 bytes from the CSPRNG, as before, drawn from a block of 256 at a time: one randomBytes call per
// 256 seals instead of one per seal (a call cost more than the seal itself). Each IV is used once.
const IV_BLOCK = IV * 256;
let ivs = Buffer.alloc(0);
let ivAt = 0;
function nextIv(): Buffer {
  if (ivAt + IV > ivs.length) {
    ivs = crypto.randomBytes(IV_BLOCK);
    ivAt = 0;
  }
  ivAt += IV;
  return ivs.subarray(ivAt - IV, ivAt);
}

/** Seals a string. `aad` (e.g. the table and row id) binds the value to where it is stored. */
export function seal(key: Buffer, plain: string, aad?: string): string {
  checkKey(key);
  const iv = nextIv();
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  if (aad) c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return SEAL_PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
}

export function isSealed(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith(SEAL_PREFIX);
}

/** Opens a sealed string; throws SealError for a wrong key, a wrong aad or any tampering. */
export function open(key: Buffer, sealed: string, aad?: string): string {
  checkKey(key);
  if (!isSealed(sealed)) throw new SealError('not a sealed value (unknown prefix)');
  const raw = Buffer.from(sealed.slice(SEAL_PREFIX.length), 'base64url');
  if (raw.length < IV + TAG) throw new SealError('sealed value is truncated');
  const d = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV));
  d.setAuthTag(raw.subarray(IV, IV + TAG));
  if (aad) d.setAAD(Buffer.from(aad, 'utf8'));
  try {
    return Buffer.concat([d.update(raw.subarray(IV + TAG)), d.final()]).toString('utf8');
  } catch {
    throw new SealError('sealed value does not open with this key (wrong key or tampered)');
  }
}

export const sealJson = (key: Buffer, value: unknown, aad?: string): string => seal(key, JSON.stringify(value), aad);
export const openJson = <T = unknown>(key: Buffer, sealed: string, aad?: string): T => JSON.parse(open(key, sealed, aad)) as T;

/** Opens a sealed value, or returns a plain (legacy, not yet sealed) value as it is. */
export function openIfSealed(key: Buffer, v: string, aad?: string): string {
  return isSealed(v) ? open(key, v, aad) : v;
}
