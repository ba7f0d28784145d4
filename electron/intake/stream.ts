// The streaming import (run in the import worker, inside its one transaction): order exports and Taobao item
// exports in CSV are read, decoded, split into records, mapped and written chunk by chunk, so a 200 MB /
// 1,000,000-row export never sits in memory as text or rows; signed event files go line by line the same way.
// Every other file (the SKU master, .xlsx — capped at 100,000 rows —, unrecognised headers) takes the
// whole-file path of parse.ts as before.
//
// Same result as parsing everything first and writing after (`importFiles`), by construction:
// - chunks end at record boundaries, and each is parsed by decode.ts's fast path exactly as the whole text
//   would be (same line-end style, checked); anything the fast path would hand to csv-parse, an order
//   whose rows (or items) reach into another chunk, or a sub-order id seen in an earlier chunk sends the file back to
//   the whole-file path (its partial writes rolled back to a savepoint);
// - rows keep their file row numbers (`rowsFrom`), errors are kept per file and reported in request order;
// - files are written in the same order (SKU master, orders, items, events); writing stops at the first
//   parse error anywhere (the file is still read to report all of them), parse errors win over write
//   errors, and any error throws, so the caller's transaction rolls back: nothing is stored.
import crypto from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import iconv from 'iconv-lite';
import type { ImportFileError, ImportFileSummary, ImportRejection, ImportResult } from '../../shared/api/contract.js';
import type { UnknownHeaderView } from '../../shared/api/mappings.js';
import type { Platform } from '../../shared/domain.js';
import { rowsFrom, type MappedOrders } from '../../shared/intake/common.js';
import { mapDouyinRows } from '../../shared/intake/douyin.js';
import { mapJdRows } from '../../shared/intake/jd.js';
import { mapWithMapping } from '../../shared/intake/mapped.js';
import { mapPddRows } from '../../shared/intake/pdd.js';
import { recognizeExport } from '../../shared/intake/recognize.js';
import { columnIndex, mapItemRows, mapOrderRows } from '../../shared/intake/taobao.js';
import { parseCsvFast } from './decode.js';
import {
  importItems,
  importResult,
  ingestEvents,
  ImportError,
  newSummary,
  recordImport,
  writeExportOrder,
  writeParsedFile,
  writeRank,
  type ImportContext,
  type ParsedFile,
} from './imports.js';
import {
  headerSignature,
  MAX_ERRORS,
  parseEventLines,
  parseImportFile,
  UnknownHeaderError,
  type OrderFileKind,
  type ParseOptions,
} from './parse.js';
import { isEventFile } from '../security/index.js';
import { looksLikeXls, looksLikeXlsx } from './xlsx.js';

/** A file of the request: bytes in memory (Electron IPC) or a staged temp file (HTTP uploads). */
export interface SourceFile {
  name: string;
  data?: Uint8Array;
  path?: string;
  signature?: string;
  timestamp?: string;
}

const READ_BYTES = 1 << 20;
/** Text per chunk (characters) before it is cut at its last record boundary. */
const CHUNK_CHARS = 2 << 20;

export async function* bytesOf(f: SourceFile): AsyncGenerator<Uint8Array> {
  if (f.data) {
    for (let i = 0; i < f.data.length; i += READ_BYTES) yield f.data.subarray(i, i + READ_BYTES);
    return;
  }
  for await (const c of fs.createReadStream(f.path!, { highWaterMark: READ_BYTES })) yield c as Buffer;
}

export async function readWhole(f: SourceFile): Promise<Uint8Array> {
  return f.data ?? new Uint8Array(await fs.promises.readFile(f.path!));
}

export async function readHead(f: SourceFile, n: number): Promise<Uint8Array> {
  if (f.data) return f.data.subarray(0, n);
  const fh = await fs.promises.open(f.path!, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

type Encoding = { bom: boolean; gbk: boolean };

/**
 * Whether bytes that arrive in pieces are valid UTF-8, the question `new TextDecoder('utf-8', { fatal: true })`
 * answers, without decoding: node:buffer's isUtf8 (simdutf) on each piece up to its last whole character,
 * the cut-off bytes carried into the next piece. Several times faster than decoding text only to drop it.
 */
export class Utf8Check {
  private carry: Uint8Array | null = null;
  private valid = true;

  write(piece: Uint8Array): void {
    if (!this.valid) return;
    let c = piece;
    if (this.carry) {
      c = new Uint8Array(this.carry.length + piece.length);
      c.set(this.carry);
      c.set(piece, this.carry.length);
      this.carry = null;
    }
    // Where the last character starts, if the piece ends inside it (at most 3 bytes of a 4-byte sequence).
    let cut = c.length;
    for (let i = c.length - 1; i >= 0 && i >= c.length - 3; i--) {
      const b = c[i]!;
      if ((b & 0xc0) === 0x80) continue;
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (c.length - i < need) cut = i;
      break;
    }
    if (!isUtf8(c.subarray(0, cut))) this.valid = false;
    else if (cut < c.length) this.carry = c.slice(cut);
  }

  /** True when everything written is valid UTF-8 (a character cut off at the end is not). */
  end(): boolean {
    return this.valid && this.carry == null;
  }
}

/** One pass: the file's sha256 and how decode.ts would decode it (BOM → UTF-8; valid UTF-8; else GB18030). */
async function scan(f: SourceFile): Promise<{ sha: string; size: number; enc: Encoding }> {
  const hash = crypto.createHash('sha256');
  const utf8 = new Utf8Check();
  let size = 0;
  let first: Uint8Array | null = null;
  for await (const c of bytesOf(f)) {
    hash.update(c);
    if (!first) first = c.subarray(0, 3);
    size += c.length;
    utf8.write(c);
  }
  const valid = utf8.end();
  const bom = first != null && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf;
  return { sha: hash.digest('hex'), size, enc: { bom, gbk: !bom && !valid } };
}

/**
 * The file's text in pieces that end at record boundaries: a line end outside double quotes. A cut that a
 * stray quote puts inside a quoted cell leaves that piece with an unclosed quote, which the fast path
 * refuses (the file then takes the whole-file path), so a wrong cut can never change what is imported.
 */
async function* recordChunks(
  f: SourceFile,
  enc: Encoding,
  chunkChars = CHUNK_CHARS,
  quotes = true,
): AsyncGenerator<{ text: string; bytes: number }> {
  const gb = enc.gbk ? iconv.getDecoder('gb18030') : null;
  const utf = enc.gbk ? null : new TextDecoder('utf-8');
  let pending = '';
  let scanned = 0;
  let inQuote = false;
  let bytes = 0;
  let skip = enc.bom ? 3 : 0;
  for await (let c of bytesOf(f)) {
    if (skip) {
      const n = Math.min(skip, c.length);
      c = c.subarray(n);
      skip -= n;
    }
    bytes += c.length;
    pending += gb ? gb.write(Buffer.from(c.buffer, c.byteOffset, c.byteLength)) : utf!.decode(c, { stream: true });
    if (pending.length < chunkChars) continue;
    // Cut at the first record boundary past every chunkChars characters.
    const cuts: number[] = [];
    let from = 0;
    for (let i = scanned; i < pending.length; i++) {
      const ch = pending.charCodeAt(i);
      if (ch === 34 && quotes) inQuote = !inQuote;
      else if (ch === 10 && !inQuote && i + 1 - from >= chunkChars) {
        cuts.push(i + 1);
        from = i + 1;
      }
    }
    let at = 0;
    for (const cut of cuts) {
      yield { text: pending.slice(at, cut), bytes };
      at = cut;
    }
    // The quote state at the end of the rest is the one just computed (every cut was outside quotes).
    pending = pending.slice(at);
    scanned = pending.length;
  }
  pending += gb ? (gb.end() ?? '') : utf!.decode();
  if (pending) yield { text: pending, bytes };
}

/** The newline a chunk's cut record ends with, or null when the chunk doesn't end with one. */
function lineEnd(text: string): '\r\n' | '\n' | null {
  if (!text.endsWith('\n')) return null;
  return text.endsWith('\r\n') ? '\r\n' : '\n';
}

interface FileScan {
  header: string[];
  sha: string;
  size: number;
  enc: Encoding;
}

interface OrdersPlan extends FileScan {
  kind: OrderFileKind;
  platform: Platform;
  map: (rows: string[][], firstRow: number) => MappedOrders;
}

interface ItemsPlan extends FileScan {
  kind: 'taobao_items';
  idx: Map<string, number>;
}

interface EventsPlan {
  kind: 'events';
  sha: string;
  enc: Encoding;
}

type StreamPlan = OrdersPlan | ItemsPlan | EventsPlan;

/**
 * Whether a file can be streamed: a CSV (not .xlsx, not events) whose first chunk the fast path reads and
 * whose header is an order export (or has a saved mapping) with the columns it needs. Null → whole-file path.
 */
async function planStream(f: SourceFile, opts: ParseOptions): Promise<StreamPlan | null> {
  const head = await readHead(f, 64);
  if (looksLikeXls(f.name, head) || looksLikeXlsx(f.name, head)) return null;
  if (isEventFile({ name: f.name, data: await readHead(f, 64 * 1024) })) {
    const { sha, enc } = await scan(f);
    return { kind: 'events', sha, enc };
  }
  const { sha, size, enc } = await scan(f);
  let firstText: string | null = null;
  for await (const { text } of recordChunks(f, enc)) {
    firstText = text;
    break;
  }
  if (firstText == null || firstText.trimStart().startsWith('{')) return null;
  const rows = parseCsvFast(firstText);
  if (!rows || rows.length === 0) return null;
  const header = rows[0]!;
  const kind = recognizeExport(header);
  const tz = opts.timeZone;
  const plan = (k: OrderFileKind, platform: Platform, map: OrdersPlan['map']): StreamPlan | null => {
    // Missing columns: the whole-file path reports them (it reads no row either).
    if (map([], 2).errors.length) return null;
    return { kind: k, platform, header, sha, size, enc, map };
  };
  switch (kind) {
    case 'taobao_orders': {
      const { idx, errors } = columnIndex(header, kind, f.name);
      if (errors.length) return null;
      return plan(kind, 'taobao', (r, first) => mapOrderRows(r, idx, f.name, tz, first));
    }
    case 'taobao_items': {
      const { idx, errors } = columnIndex(header, kind, f.name);
      if (errors.length) return null;
      return { kind, header, sha, size, enc, idx };
    }
    case 'douyin_orders':
      return plan(kind, 'douyin', (r, first) => mapDouyinRows(rowsFrom(r, first), header, f.name, tz));
    case 'pdd_orders':
      return plan(kind, 'pdd', (r, first) => mapPddRows(rowsFrom(r, first), header, f.name, tz));
    case 'jd_orders':
      return plan(kind, 'jd', (r, first) => mapJdRows(rowsFrom(r, first), header, f.name, tz));
    case null: {
      const mapping = opts.mapping ?? opts.findMapping?.(headerSignature(header)) ?? null;
      if (!mapping) return null;
      return plan('mapped_orders', mapping.platform, (r, first) => mapWithMapping(rowsFrom(r, first), header, mapping, f.name, tz));
    }
    default:
      return null;
  }
}

/** Errors kept per file (first MAX_ERRORS of each: the request reports the first MAX_ERRORS in file order). */
function pushCapped(list: ImportFileError[], more: ImportFileError[]): void {
  for (const e of more) {
    if (list.length >= MAX_ERRORS) return;
    list.push(e);
  }
}

class Fallback extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * A copy of a string that shares no memory with the text it was cut from: V8 keeps a substring as a view of
 * its parent, so an id kept for the whole import would keep its whole chunk of text alive.
 */
const detach = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

/**
 * Imports the files of one request inside the caller's open transaction (the worker's). Throws ImportError
 * (UnknownHeaderError) when anything is wrong; the caller then rolls back.
 */
export interface StreamOptions extends ParseOptions {
  /** Characters of text per chunk (tests use small chunks to cross many boundaries). */
  chunkChars?: number;
  /** Told when a file that looked streamable goes back to the whole-file path, and why. */
  onFallback?: (file: string, reason: string) => void;
  /** Told of each file read and written chunk by chunk to its end. */
  onStreamed?: (file: string) => void;
}

export async function importStreaming(ctx: ImportContext, files: SourceFile[], opts: StreamOptions): Promise<ImportResult> {
  const errs: ImportFileError[][] = files.map(() => []);
  const unknown: UnknownHeaderView[][] = files.map(() => []);
  const writeErrors: ImportFileError[] = [];
  const rejected: ImportRejection[] = [];
  // A refused event (a rule's refusal) ends writing; it is reported unless a bad row is (bad rows win, as
  // when every file is parsed before anything is written).
  let refusal: ImportFileError | null = null;
  const writing = () => refusal == null && errs.every((e) => e.length === 0) && unknown.every((u) => u.length === 0);

  // Plan every file; parse the whole-file ones now (they are small, or capped), in request order.
  type Item = { i: number; rank: number; plan: StreamPlan | null; parsed: ParsedFile | null };
  const items: Item[] = [];
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    const plan = await planStream(f, opts);
    if (plan) {
      const rank = writeRank(plan.kind === 'taobao_items' || plan.kind === 'events' ? plan.kind : 'orders');
      items.push({ i, rank, plan, parsed: null });
      continue;
    }
    const parsed = await parseImportFile({ name: f.name, data: await readWhole(f) }, opts, errs[i]!, unknown[i]!);
    if (parsed) items.push({ i, rank: writeRank(parsed.kind), plan: null, parsed });
  }
  items.sort((a, b) => a.rank - b.rank || a.i - b.i);

  const summaries: ImportFileSummary[] = [];
  for (const it of items) {
    const f = files[it.i]!;
    if (it.plan) {
      if (it.plan.kind === 'events') {
        const { summary, refused } = await streamEvents(ctx, f, it.plan, errs[it.i]!, writing, opts.chunkChars);
        opts.onStreamed?.(f.name);
        refusal ??= refused;
        if (writing()) summaries.push(summary);
        continue;
      }
      const s =
        it.plan.kind === 'taobao_items'
          ? await streamItems(ctx, f, it.plan, errs[it.i]!, writeErrors, writing, opts.chunkChars, opts.onFallback)
          : await streamOrders(ctx, f, it.plan, errs[it.i]!, writeErrors, rejected, writing, opts.chunkChars, opts.onFallback);
      if (s) {
        opts.onStreamed?.(f.name);
        if (writing()) summaries.push(s);
        continue;
      }
      // Back to the whole-file path for this file.
      const parsed = await parseImportFile({ name: f.name, data: await readWhole(f) }, opts, errs[it.i]!, unknown[it.i]!);
      if (!parsed || !writing()) continue;
      summaries.push(writeParsedFile(ctx, parsed, writeErrors, rejected));
    } else if (writing()) {
      summaries.push(writeParsedFile(ctx, it.parsed!, writeErrors, rejected));
    }
  }

  const errors = errs.flat().slice(0, MAX_ERRORS);
  const unknownHeaders = unknown.flat();
  if (unknownHeaders.length) throw new UnknownHeaderError(errors, unknownHeaders);
  if (errors.length) throw new ImportError(errors);
  if (refusal) throw new ImportError([refusal]);
  if (writeErrors.length) throw new ImportError(writeErrors.slice(0, MAX_ERRORS));
  return importResult(summaries, rejected);
}

let savepoints = 0;

/**
 * Streams one order export: chunk → rows → the platform's mapper → the writer. Returns the file's summary,
 * or null when the file must take the whole-file path (everything it wrote is rolled back first, and its
 * errors, rejections and write errors are dropped).
 */
async function streamOrders(
  ctx: ImportContext,
  f: SourceFile,
  plan: OrdersPlan,
  errors: ImportFileError[],
  writeErrors: ImportFileError[],
  rejected: ImportRejection[],
  writing: () => boolean,
  chunkChars?: number,
  onFallback?: StreamOptions['onFallback'],
): Promise<ImportFileSummary | null> {
  return streamFile(ctx, f, plan.kind, plan.sha, [errors, writeErrors, rejected], writing, onFallback, async (s) => {
    const tids = new Set<string>();
    const oids = new Set<string>();
    let done = 0;
    let mappedRows = 0;
    let bytesRead = 0;
    const take = (rows: string[][]) => {
      const mapped = plan.map(rows, 2 + mappedRows);
      mappedRows += rows.length;
      const chunkTids = new Set<string>();
      for (const o of mapped.orders) {
        // Ids kept past this chunk (the sets below, the writer's changed-tid set) must not pin its text.
        o.tid = detach(o.tid);
        if (tids.has(o.tid)) throw new Fallback(`order ${o.tid} has rows in more than one chunk`);
        chunkTids.add(o.tid);
        for (const l of o.lines ?? []) {
          if (oids.has(l.oid)) throw new Fallback(`sub-order ${l.oid} also in an earlier chunk`);
        }
      }
      for (const sk of mapped.skipped) {
        if (tids.has(sk.tid)) throw new Fallback(`order ${sk.tid} has rows in more than one chunk`);
        chunkTids.add(detach(sk.tid));
      }
      for (const t of chunkTids) tids.add(t);
      for (const o of mapped.orders) for (const l of o.lines ?? []) oids.add(detach(l.oid));
      pushCapped(errors, mapped.errors);
      if (!writing()) return;
      for (const o of mapped.orders) {
        writeExportOrder(ctx, f.name, o, s, writeErrors);
        done++;
        if (ctx.onProgress && done % 500 === 0) {
          ctx.onProgress(f.name, done, Math.max(done, Math.round((s.rows * plan.size) / Math.max(1, bytesRead))));
        }
      }
      for (const sk of mapped.skipped) rejected.push({ file: f.name, row: sk.row, tid: sk.tid, reason: sk.reason });
    };
    /** The order a single row belongs to, as the platform's mapper reads it (null: the row is bad). */
    const orderOf = (row: string[], at: number): string | null => {
      const m = plan.map([row], at);
      return m.orders[0]?.tid ?? m.skipped[0]?.tid ?? null;
    };
    const { first } = await readGrouped(
      f,
      plan.enc,
      chunkChars,
      orderOf,
      (rows) => take(rows),
      (bytes, rows) => {
        bytesRead = bytes;
        s.rows += rows;
      },
    );
    return first;
  });
}

/**
 * The frame both CSV streamers share: a savepoint around one file; `read` streams it into the summary and
 * returns whether the file had no chunk at all. Written whole → the file's `imports` row and summary. A
 * Fallback → everything the file wrote is rolled back, what it added to `lists` (errors, rejections) is
 * dropped, and null sends the file to the whole-file path.
 */
async function streamFile(
  ctx: ImportContext,
  f: SourceFile,
  kind: ImportFileSummary['kind'],
  sha: string,
  lists: unknown[][],
  writing: () => boolean,
  onFallback: StreamOptions['onFallback'],
  read: (s: ImportFileSummary) => Promise<boolean>,
): Promise<ImportFileSummary | null> {
  const sp = `stream_${++savepoints}`;
  const marks = lists.map((l) => l.length);
  ctx.db.raw.exec(`SAVEPOINT ${sp}`);
  const s = newSummary(f.name, kind, 0);
  try {
    const first = await read(s);
    if (s.rows === 0 && first) throw new Fallback('no rows');
    if (writing()) {
      recordImport(ctx, s, sha);
      ctx.onProgress?.(f.name, s.rows, s.rows);
    }
    ctx.db.raw.exec(`RELEASE ${sp}`);
    return s;
  } catch (e) {
    ctx.db.raw.exec(`ROLLBACK TO ${sp}`);
    ctx.db.raw.exec(`RELEASE ${sp}`);
    if (!(e instanceof Fallback)) throw e;
    onFallback?.(f.name, e.reason);
    lists.forEach((l, i) => (l.length = marks[i]!));
    return null;
  }
}

/**
 * Reads a CSV file chunk by chunk and hands `take` its data rows in file order, never splitting a group: the
 * rows of a chunk's last group (same `keyOf`, read as the mapper reads it; null for a bad row) wait for the
 * next chunk, where that group may go on. `onChunk` is told the bytes read so far and each chunk's row count.
 * Throws Fallback for a chunk the fast CSV path does not read. `first` is still true when the file had no
 * chunk at all.
 */
async function readGrouped(
  f: SourceFile,
  enc: Encoding,
  chunkChars: number | undefined,
  keyOf: (row: string[], at: number) => string | null,
  take: (rows: string[][]) => void,
  onChunk: (bytes: number, rows: number) => void,
): Promise<{ first: boolean }> {
  let nl: '\r\n' | '\n' | null = null;
  let first = true;
  let carry: string[][] = [];
  let given = 0;
  const give = (rows: string[][]) => {
    take(rows);
    given += rows.length;
  };
  for await (const { text, bytes } of recordChunks(f, enc, chunkChars)) {
    // Later chunks are parsed behind one synthetic record ending like the first chunk's records, so a
    // line-end style that changes midway is refused exactly as in the whole text.
    const parsed = first ? parseCsvFast(text) : nl ? parseCsvFast(`x${nl}${text}`) : null;
    if (!parsed) throw new Fallback('a chunk the fast CSV path does not read (csv-parse decides)');
    const body = parsed.slice(1); // the header, or the synthetic record
    if (first) nl = lineEnd(text);
    first = false;
    onChunk(bytes, body.length);
    const rows = carry.length ? carry.concat(body) : body;
    let k = rows.length;
    const last = k > 0 ? keyOf(rows[k - 1]!, 2 + given + k - 1) : null;
    if (last != null) while (k > 1 && keyOf(rows[k - 2]!, 2 + given + k - 2) === last) k--;
    if (last != null && k > 1) {
      carry = rows.slice(k - 1);
      give(rows.slice(0, k - 1));
    } else {
      carry = [];
      give(rows);
    }
  }
  if (carry.length) give(carry);
  return { first };
}

/**
 * Streams one Taobao item export: chunk → rows → mapItemRows → the same item write as the whole-file path
 * (`importItems`: an order's items become its lines, all at once). An order's items must sit together in
 * the file (they do in Taobao's export); an order met again in a later chunk sends the file back to the
 * whole-file path. Returns null then, with everything it wrote rolled back.
 */
async function streamItems(
  ctx: ImportContext,
  f: SourceFile,
  plan: ItemsPlan,
  errors: ImportFileError[],
  writeErrors: ImportFileError[],
  writing: () => boolean,
  chunkChars?: number,
  onFallback?: StreamOptions['onFallback'],
): Promise<ImportFileSummary | null> {
  return streamFile(ctx, f, 'taobao_items', plan.sha, [errors, writeErrors], writing, onFallback, async (s) => {
    const tids = new Set<string>();
    let mappedRows = 0;
    let bytesRead = 0;
    const take = (rows: string[][]) => {
      const mapped = mapItemRows(rows, plan.idx, f.name, 2 + mappedRows);
      mappedRows += rows.length;
      const chunkTids = new Set<string>();
      for (const it of mapped.items) {
        it.tid = detach(it.tid);
        if (tids.has(it.tid)) throw new Fallback(`order ${it.tid} has items in more than one chunk`);
        chunkTids.add(it.tid);
      }
      for (const t of chunkTids) tids.add(t);
      pushCapped(errors, mapped.errors);
      if (!writing()) return;
      importItems(ctx, f.name, mapped.items, s, writeErrors);
      ctx.onProgress?.(f.name, s.rows, Math.max(s.rows, Math.round((s.rows * plan.size) / Math.max(1, bytesRead))));
    };
    const tidOf = (row: string[], at: number): string | null => mapItemRows([row], plan.idx, f.name, at).items[0]?.tid ?? null;
    const { first } = await readGrouped(f, plan.enc, chunkChars, tidOf, take, (bytes, rows) => {
      bytesRead = bytes;
      s.rows += rows;
    });
    return first;
  });
}

/**
 * Streams one signed event file (its signature was checked over the same bytes before anything was written):
 * lines in pieces → envelopes → the router, as POST /api/events. As in the whole-file path, any bad line
 * anywhere in the request means nothing is applied (the file is still read to report every bad line), and a
 * refused event ends the import with the error naming its row, unless a bad line further on is reported
 * instead (parse errors win, as when every file is parsed first). Events met again in a later piece are
 * duplicates through the event log, written in the same transaction.
 */
async function streamEvents(
  ctx: ImportContext,
  f: SourceFile,
  plan: EventsPlan,
  errors: ImportFileError[],
  writing: () => boolean,
  chunkChars?: number,
): Promise<{ summary: ImportFileSummary; refused: ImportFileError | null }> {
  const s = newSummary(f.name, 'events', 0);
  let refused: ImportFileError | null = null;
  let nextRow = 1;
  for await (const { text } of recordChunks(f, plan.enc, chunkChars, false)) {
    const lines = text.split(/\r?\n/);
    if (text.endsWith('\n')) lines.pop(); // the piece ends at a line end: no line starts after it here
    const bad: ImportFileError[] = [];
    const events = parseEventLines(f.name, lines, nextRow, bad);
    pushCapped(errors, bad);
    nextRow += lines.length;
    s.rows += events.length;
    if (!refused && writing()) refused = ingestEvents(ctx, f.name, events, s);
  }
  if (!refused && writing()) recordImport(ctx, s, plan.sha);
  return { summary: s, refused };
}
