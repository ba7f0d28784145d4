// `.jsonl` event files carry platform events, so an import needs the same HMAC as POST /api/events:
// X-Erp-Signature = sha256=HMAC-SHA256(event secret, `${timestamp}.${file bytes}`), 300 s window.
// Over multipart the signature travels as a form field named `signature:<filename>` and the timestamp
// as `timestamp:<filename>` or one `timestamp` field for the request (see README). Unsigned → 422.
import type { ImportFileError } from '../../shared/api/contract.js';
import { ApiError } from '../app/errors.js';

export interface MaybeSignedFile {
  name: string;
  data: Uint8Array;
  signature?: string;
  timestamp?: string;
}

/** The same test the importer uses to treat a file as events: a .json/.jsonl name or a body starting with `{`. */
export function isEventFile(f: { name: string; data: Uint8Array }): boolean {
  if (/\.jsonl?$/i.test(f.name)) return true;
  const d = f.data;
  let i = d[0] === 0xef && d[1] === 0xbb && d[2] === 0xbf ? 3 : 0;
  while (i < d.length && (d[i] === 0x20 || d[i] === 0x09 || d[i] === 0x0a || d[i] === 0x0d)) i++;
  return d[i] === 0x7b; // '{'
}

/**
 * Refuses the whole import (422, naming each file) if any event file is unsigned or badly signed. `files` are
 * the request's event files (isEventFile); `verify` checks a signed one over its bytes.
 */
export async function requireSignedEventFiles<F extends { name: string; signature?: string; timestamp?: string }>(
  files: F[],
  verify: (f: F) => Promise<{ ok: true } | { ok: false; reason: string }>,
): Promise<void> {
  const errors: ImportFileError[] = [];
  for (const f of files) {
    if (!f.signature) {
      errors.push({
        file: f.name,
        row: null,
        field: 'signature',
        message: '事件文件必须签名 (signature:<文件名> 与 timestamp 字段) — an event file needs an X-Erp-Signature',
      });
      continue;
    }
    const check = await verify(f);
    if (!check.ok) errors.push({ file: f.name, row: null, field: 'signature', message: `签名无效 bad signature: ${check.reason}` });
  }
  if (errors.length)
    throw new ApiError(422, 'unsigned_event_file', errors.map((e) => `${e.file}: ${e.message}`).join('\n'), 'signature', errors);
}
