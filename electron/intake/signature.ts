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

type HeaderCheck = { ok: false; reason: string } | { ok: true; ts: string; given: string };

function checkHeaders(headers: { timestamp?: string | null; signature?: string | null }, nowMs: number): HeaderCheck {
  const ts = headers.timestamp?.trim();
  if (!ts || !/^\d{1,12}$/.test(ts)) return { ok: false, reason: 'missing or malformed X-Erp-Timestamp' };
  if (Math.abs(nowMs / 1000 - Number(ts)) > SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: `X-Erp-Timestamp is more than ${SIGNATURE_WINDOW_SECONDS} s from the station clock` };
  }
  const given = headers.signature?.trim() ?? '';
  if (!/^sha256=[0-9a-f]{64}$/i.test(given)) return { ok: false, reason: 'missing or malformed X-Erp-Signature' };
  return { ok: true, ts, given };
}

function matches(expectedSignature: string, given: string): SignatureCheck {
  const expected = Buffer.from(expectedSignature);
  const actual = Buffer.from(given.toLowerCase());
  if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) {
    return { ok: false, reason: 'signature does not match' };
  }
  return { ok: true };
}

export function verifySignature(
  secret: string,
  headers: { timestamp?: string | null; signature?: string | null },
  rawBody: Buffer,
  nowMs: number,
): SignatureCheck {
  const h = checkHeaders(headers, nowMs);
  return h.ok ? matches(sign(secret, h.ts, rawBody), h.given) : h;
}

/** verifySignature over a body read in pieces (a staged upload), never held whole. */
export async function verifySignatureOf(
  secret: string,
  headers: { timestamp?: string | null; signature?: string | null },
  body: AsyncIterable<Uint8Array>,
  nowMs: number,
): Promise<SignatureCheck> {
  const h = checkHeaders(headers, nowMs);
  if (!h.ok) return h;
  const mac = crypto.createHmac('sha256', secret);
  mac.update(`${h.ts}.`);
  for await (const piece of body) mac.update(piece);
  return matches(`sha256=${mac.digest('hex')}`, h.given);
}
