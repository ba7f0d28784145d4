// Signed event requests: X-Erp-Signature: sha256=HMAC-SHA256(secret, `${timestamp}.${rawBody}`).
import crypto from 'node:crypto';

export const SIGNATURE_WINDOW_SECONDS = 300;

export function sign(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  const h = crypto.createHmac('sha256', secret);
  h.update(`${timestamp}.`);
  h.update(rawBody);
  return `sha256=${h.digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifySignature(
  secret: string,
  headers: { timestamp?: string | null; signature?: string | null },
  rawBody: Buffer,
  nowMs: number,
): SignatureCheck {
  const ts = headers.timestamp?.trim();
  if (!ts || !/^\d{1,12}$/.test(ts)) return { ok: false, reason: 'missing or malformed X-Erp-Timestamp' };
  if (Math.abs(nowMs / 1000 - Number(ts)) > SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: `X-Erp-Timestamp is more than ${SIGNATURE_WINDOW_SECONDS} s from the station clock` };
  }
  const given = headers.signature?.trim() ?? '';
  if (!/^sha256=[0-9a-f]{64}$/i.test(given)) return { ok: false, reason: 'missing or malformed X-Erp-Signature' };
  const expected = Buffer.from(sign(secret, ts, rawBody));
  const actual = Buffer.from(given.toLowerCase());
  if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) {
    return { ok: false, reason: 'signature does not match' };
  }
  return { ok: true };
}
