// Request bodies that can't crash the station: every stream error and every limit becomes an ApiError
// (400/413/422), and a refused body is read to its end (discarded) before the answer, so the client gets
// the status instead of a connection reset. Only a client that keeps sending far past the limit is cut off.
import Busboy from 'busboy';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { StagedUpload } from '../../shared/api/contract.js';
import { ApiError } from '../app/errors.js';

export const MAX_JSON_BYTES = 16 * 1024 * 1024;
export const MAX_JSON_DEPTH = 64;
export const MAX_FILES = 20;
const MAX_FIELDS = 100;
const MAX_FIELD_BYTES = 64 * 1024;

/** An ApiError after which the connection must close (the rest of the body was not read). */
export class BodyError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly closeConnection = false,
  ) {
    super(status, code, message);
  }
}

/**
 * Reads and discards the rest of a body, then settles. Gives up (and asks for the connection to close)
 * after `maxDrain` more bytes or `timeoutMs`.
 */
function drainThen(req: http.IncomingMessage, err: BodyError, maxDrain: number, timeoutMs = 30_000): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (req.readableEnded || req.destroyed) return reject(err);
    let drained = 0;
    let done = false;
    const finish = (e: BodyError) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData);
      reject(e);
    };
    const cut = () => finish(new BodyError(err.status, err.code, err.message, true));
    const onData = (c: Buffer) => {
      drained += c.length;
      if (drained > maxDrain) cut();
    };
    const timer = setTimeout(cut, timeoutMs);
    timer.unref();
    req.on('data', onData);
    req.once('end', () => finish(err));
    req.once('error', () => finish(new BodyError(400, 'bad_body', 'request body could not be read', true)));
    req.once('close', () => finish(err));
    req.resume();
  });
}

/** The whole body up to `limit` bytes; over it, 413 after reading the rest (up to another `limit`). */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      fn();
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        settle(() => {
          chunks.length = 0;
          drainThen(req, new BodyError(413, 'too_large', `request body over ${limit} bytes`), limit).catch(reject);
        });
      } else chunks.push(c);
    };
    req.on('data', onData);
    req.once('end', () => settle(() => resolve(Buffer.concat(chunks))));
    req.once('error', () => settle(() => reject(new BodyError(400, 'bad_body', 'request body could not be read', true))));
    req.once('aborted', () => settle(() => reject(new BodyError(400, 'bad_body', 'request aborted', true))));
  });
}

/** Strict UTF-8 (a signed body or JSON with invalid bytes is refused, not silently repaired). */
export function utf8(raw: Buffer, what = 'body'): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(raw);
  } catch {
    throw new ApiError(400, 'invalid_encoding', `${what} is not valid UTF-8`);
  }
}

/** Deepest nesting of arrays/objects in JSON text (strings skipped), without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** JSON.parse with UTF-8 and nesting limits: 400 for anything that is not a reasonable JSON document. */
export function parseJson(raw: Buffer, what = 'body'): unknown {
  if (raw.length === 0) return {};
  const text = utf8(raw, what);
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new ApiError(400, 'invalid_json', `${what} is nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, 'invalid_json', `${what} is not JSON: ${(e as Error).message.slice(0, 200)}`);
  }
}

export async function readJson(req: http.IncomingMessage, limit = MAX_JSON_BYTES): Promise<unknown> {
  return parseJson(await readBody(req, limit));
}

export interface UploadedFile {
  name: string;
  /** The bytes, streamed to a private temp file (never held whole in memory). */
  data: StagedUpload;
  signature?: string;
  timestamp?: string;
}

export interface StagedUploads {
  files: UploadedFile[];
  /** Deletes the temp files and their folder (call once the import settled, whatever the outcome). */
  cleanup(): Promise<void>;
}

/** Removes what a crashed station left in the upload folder (called at start). */
export function sweepUploads(stageDir: string): void {
  fs.rmSync(stageDir, { recursive: true, force: true });
}

/**
 * multipart/form-data: at most `maxFiles` files and `maxBytes` in all. Each file streams to its own temp
 * file in a fresh private folder under `stageDir` (folder 0700, files 0600, named by position, never by the
 * client's file name); a refused, truncated or aborted upload deletes them before it settles. Form fields
 * `timestamp`, `timestamp:<filename>` and `signature:<filename>` carry the signature of .jsonl event files.
 */
export function readMultipart(
  req: http.IncomingMessage,
  o: { maxBytes: number; maxFiles?: number; fields?: Map<string, string>; stageDir: string },
): Promise<StagedUploads> {
  const maxFiles = o.maxFiles ?? MAX_FILES;
  return new Promise((resolve, reject) => {
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { fileSize: o.maxBytes + 1, files: maxFiles, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: maxFiles + MAX_FIELDS },
      });
    } catch (e) {
      // Nothing was read yet: read (discard) the body so the client sees the 400.
      drainThen(req, new BodyError(400, 'invalid_input', `expected multipart/form-data: ${(e as Error).message}`), o.maxBytes).catch(
        reject,
      );
      return;
    }
    let dir: string | null = null;
    const files: Array<{ name: string; path: string; size: number; out: fs.WriteStream; done: boolean }> = [];
    const cleanup = async () => {
      for (const f of files) f.out.destroy();
      if (dir) await fs.promises.rm(dir, { recursive: true, force: true });
    };
    const fields = o.fields ?? new Map<string, string>();
    let total = 0;
    let failed = false;
    let closed = false;

    const fail = (err: BodyError) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      bb.removeAllListeners();
      bb.on('error', () => undefined); // late parser errors after we gave up
      drainThen(req, err, o.maxBytes).catch((e: unknown) => {
        // Synchronously, so the files are gone before the answer (and a half-closed client still gets it).
        for (const f of files) f.out.destroy();
        try {
          if (dir) fs.rmSync(dir, { recursive: true, force: true });
        } catch (rmErr) {
          console.error('[shiplock] could not delete a refused upload', rmErr);
        }
        reject(e);
      });
    };
    const maybeDone = () => {
      if (failed || !closed || files.some((f) => !f.done)) return;
      const out = files.map((f) => {
        const file: UploadedFile = { name: f.name, data: new StagedUpload(f.path, f.size) };
        const sig = fields.get(`signature:${f.name}`);
        const ts = fields.get(`timestamp:${f.name}`) ?? fields.get('timestamp') ?? (req.headers['x-erp-timestamp'] as string | undefined);
        if (sig) file.signature = sig;
        if (ts) file.timestamp = ts;
        return file;
      });
      resolve({ files: out, cleanup });
    };

    bb.on('file', (_field, stream, info) => {
      if (failed) return stream.resume();
      try {
        if (!dir) {
          fs.mkdirSync(o.stageDir, { recursive: true, mode: 0o700 });
          dir = fs.mkdtempSync(path.join(o.stageDir, 'upload-')); // 0700
        }
      } catch (e) {
        stream.resume();
        return fail(new BodyError(500, 'internal', `upload folder: ${(e as Error).message}`));
      }
      const file = path.join(dir, String(files.length));
      const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
      const entry = { name: info.filename || 'upload', path: file, size: 0, out, done: false };
      files.push(entry);
      stream.on('data', (c: Buffer) => {
        if (failed) return;
        total += c.length;
        entry.size += c.length;
        if (total > o.maxBytes) fail(new BodyError(413, 'too_large', `upload over ${o.maxBytes} bytes (${entry.name})`));
      });
      stream.on('limit', () => fail(new BodyError(413, 'too_large', `upload over ${o.maxBytes} bytes (${entry.name})`)));
      // The file's bytes go to disk with backpressure: busboy pauses the request while the disk catches up.
      pipeline(stream, out, (e) => {
        if (failed) return;
        if (e) return fail(new BodyError(400, 'invalid_input', `multipart: ${entry.name}: ${e.message}`));
        entry.done = true;
        maybeDone();
      });
    });
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated)
        return fail(new BodyError(400, 'invalid_input', `multipart: field ${name.slice(0, 80)} too long`));
      fields.set(name, value);
    });
    bb.on('filesLimit', () => fail(new BodyError(400, 'too_many_files', `at most ${maxFiles} files per import`)));
    bb.on('fieldsLimit', () => fail(new BodyError(400, 'invalid_input', `multipart: more than ${MAX_FIELDS} fields`)));
    bb.on('partsLimit', () => fail(new BodyError(400, 'invalid_input', 'multipart: too many parts')));
    bb.on('error', (e: Error) => fail(new BodyError(400, 'invalid_input', `multipart: ${e.message}`)));
    bb.on('close', () => {
      closed = true;
      maybeDone();
    });
    req.on('error', () => fail(new BodyError(400, 'bad_body', 'request body could not be read', true)));
    req.on('aborted', () => fail(new BodyError(400, 'bad_body', 'request aborted', true)));
    req.pipe(bb);
  });
}
