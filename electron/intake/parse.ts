// Uploaded files → parsed, validated content, before anything is written: Taobao / Douyin / PDD / JD
// order exports (CSV or .xlsx), Taobao item exports, the SKU master, event .jsonl files, and any other
// export through a saved column mapping. Problems are collected per file, row and field.
import crypto from 'node:crypto';
import type { FileKind, ImportFileError } from '../../shared/api/contract.js';
import type { MappingFields, UnknownHeaderView } from '../../shared/api/mappings.js';
import type { Platform } from '../../shared/domain.js';
import { parseEnvelope, type Envelope } from '../../shared/events.js';
import { cleanCell, isEncrypted, normHeader, type MappedOrders } from '../../shared/intake/common.js';
import { mapDouyinRows } from '../../shared/intake/douyin.js';
import { mapJdRows } from '../../shared/intake/jd.js';
import { mapWithMapping } from '../../shared/intake/mapped.js';
import { mapPddRows } from '../../shared/intake/pdd.js';
import { recognizeExport } from '../../shared/intake/recognize.js';
import { columnIndex, mapItemRows, mapOrderRows, mapSkuRows, type CsvItem, type CsvSku } from '../../shared/intake/taobao.js';
import type { ExportOrder } from '../../shared/intake/types.js';
import { maskName, maskPhone } from '../../shared/rules/masking.js';
import { ImportError } from '../app/errors.js';
import { CsvSyntaxError, decodeText, parseCsv } from './decode.js';
import { looksLikeXls, looksLikeXlsx, readXlsx, XlsxError, XLSX_LIMITS, type XlsxLimits } from './xlsx.js';

export { ImportError };

/** Some files have a header no reader recognises and no saved mapping: the clerk maps them (422 unknown_header). */
export class UnknownHeaderError extends ImportError {
  constructor(errors: ImportFileError[], unknownHeaders: UnknownHeaderView[]) {
    super(errors, unknownHeaders);
  }
}

export interface ImportFile {
  name: string;
  data: Uint8Array;
}

export type OrderFileKind = 'taobao_orders' | 'douyin_orders' | 'pdd_orders' | 'jd_orders' | 'mapped_orders';

export type ParsedFile =
  | {
      kind: 'orders';
      fileKind: OrderFileKind;
      platform: Platform;
      file: string;
      sha: string;
      rows: number;
      orders: ExportOrder[];
      skipped: { row: number; tid: string; reason: string }[];
    }
  | { kind: 'taobao_items'; file: string; sha: string; rows: number; items: CsvItem[] }
  | { kind: 'sku_master'; file: string; sha: string; rows: number; skus: CsvSku[] }
  | { kind: 'events'; file: string; sha: string; rows: number; events: Array<{ env: Envelope; raw: unknown; row: number }> };

/** The file kind a parsed file is summarised as. */
export const fileKindOf = (p: ParsedFile): FileKind => (p.kind === 'orders' ? p.fileKind : p.kind);

export interface SavedMapping {
  id: number;
  platform: Platform;
  fields: MappingFields;
}

export interface ParseOptions {
  timeZone: string;
  /** The saved mapping for a header signature, if any. */
  findMapping?: (signature: string) => SavedMapping | null;
  /** A mapping chosen by id (POST /api/imports `mapping`): used for every unrecognised file of the request. */
  mapping?: SavedMapping | null;
  xlsxLimits?: XlsxLimits;
}

export const MAX_ERRORS = 200;
const SAMPLE_ROWS = 5;

/** The signature a mapping is saved under: sha256 of the normalised, non-empty header names, sorted. */
export function headerSignature(header: string[]): string {
  const names = header
    .map(normHeader)
    .filter(Boolean)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return crypto.createHash('sha256').update(names.join('\n')).digest('hex').slice(0, 32);
}

/**
 * A sample cell as the mapping screen may show it: ciphertext → 已加密, phone numbers masked, names in a
 * receiver-like column masked, long address-like text cut to its first characters. The raw rows are
 * never sent back.
 */
export function maskSampleCell(raw: string, column = ''): string {
  const v = cleanCell(raw);
  if (isEncrypted(v)) return '已加密';
  if (v && /(收件人|收货人|姓名|联系人|买家|name|receiver)/i.test(column) && !/(昵称|会员|nick|id)/i.test(column)) return maskName(v);
  const masked = v.replace(/(?<!\d)1\d{10}(?!\d)/g, (m) => maskPhone(m)!);
  if (Array.from(masked).length > 10 && /[省市区县镇路街道号弄室栋]/.test(masked)) return Array.from(masked).slice(0, 6).join('') + '****';
  return masked;
}

function parseEvents(file: string, text: string, errors: ImportFileError[]) {
  return parseEventLines(file, text.split(/\r?\n/), 1, errors);
}

/** Lines of an event file (row `firstRow` first) → validated envelopes; bad lines → errors. */
export function parseEventLines(file: string, lines: string[], firstRow: number, errors: ImportFileError[]) {
  const events: Array<{ env: Envelope; raw: unknown; row: number }> = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const row = firstRow + i;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      errors.push({ file, row, field: null, message: `不是 JSON is not JSON: ${(e as Error).message}` });
      return;
    }
    const parsed = parseEnvelope(raw);
    if (!parsed.ok) errors.push({ file, row, field: parsed.error.path, message: parsed.error.message });
    else events.push({ env: parsed.value, raw, row });
  });
  return events;
}

/** The rows of a CSV (GBK or UTF-8) or .xlsx file; null after adding an error. */
async function readRows(f: ImportFile, opts: ParseOptions, errors: ImportFileError[]): Promise<string[][] | null> {
  if (looksLikeXls(f.name, f.data)) {
    errors.push({
      file: f.name,
      row: null,
      field: null,
      message: '不支持旧版 .xls,请在后台导出 CSV 或 .xlsx the old .xls format is not supported: export CSV or .xlsx',
    });
    return null;
  }
  if (looksLikeXlsx(f.name, f.data)) {
    try {
      return await readXlsx(f.data, (h) => recognizeExport(h) != null, opts.xlsxLimits ?? XLSX_LIMITS);
    } catch (e) {
      const err = e as XlsxError;
      errors.push({ file: f.name, row: err.row ?? null, field: null, message: err.message });
      return null;
    }
  }
  const { text } = decodeText(f.data);
  try {
    return parseCsv(text);
  } catch (e) {
    const err = e as CsvSyntaxError;
    errors.push({ file: f.name, row: err.row ?? null, field: null, message: err.message });
    return null;
  }
}

/** Decodes and validates one file; adds problems to errors, and unrecognised headers to unknown. */
export async function parseImportFile(
  f: ImportFile,
  opts: ParseOptions,
  errors: ImportFileError[],
  unknown: UnknownHeaderView[] = [],
): Promise<ParsedFile | null> {
  const sha = crypto.createHash('sha256').update(f.data).digest('hex');
  const isXlsx = looksLikeXlsx(f.name, f.data);
  if (!isXlsx && (/\.jsonl?$/i.test(f.name) || decodeText(f.data.subarray(0, 64)).text.trimStart().startsWith('{'))) {
    const events = parseEvents(f.name, decodeText(f.data).text, errors);
    return { kind: 'events', file: f.name, sha, rows: events.length, events };
  }
  const rows = await readRows(f, opts, errors);
  if (!rows) return null;
  if (rows.length === 0) {
    errors.push({ file: f.name, row: null, field: null, message: '文件是空的 the file is empty' });
    return null;
  }
  const header = rows[0]!;
  const body = rows.slice(1);
  const kind = recognizeExport(header);
  const orders = (fileKind: OrderFileKind, platform: Platform, r: MappedOrders): ParsedFile => {
    errors.push(...r.errors);
    return { kind: 'orders', fileKind, platform, file: f.name, sha, rows: body.length, orders: r.orders, skipped: r.skipped };
  };
  const tz = opts.timeZone;
  switch (kind) {
    case 'douyin_orders':
      return orders(kind, 'douyin', mapDouyinRows(body, header, f.name, tz));
    case 'pdd_orders':
      return orders(kind, 'pdd', mapPddRows(body, header, f.name, tz));
    case 'jd_orders':
      return orders(kind, 'jd', mapJdRows(body, header, f.name, tz));
    case null: {
      const signature = headerSignature(header);
      const mapping = opts.mapping ?? opts.findMapping?.(signature) ?? null;
      if (mapping) return orders('mapped_orders', mapping.platform, mapWithMapping(body, header, mapping, f.name, tz));
      unknown.push({
        file: f.name,
        signature,
        columns: header.map((h) => cleanCell(h)),
        rows: body.slice(0, SAMPLE_ROWS).map((r) => header.map((h, i) => maskSampleCell(r[i] ?? '', cleanCell(h)))),
      });
      errors.push({
        file: f.name,
        row: 1,
        field: null,
        message:
          '无法识别表头:请在导入页把各列对应到锁单助手的字段并保存,下次同样的表头会自动识别 the header matches no known export: map its columns once and save the mapping',
      });
      return null;
    }
  }
  const { idx, errors: colErrors } = columnIndex(header, kind, f.name);
  if (colErrors.length) {
    errors.push(...colErrors);
    return null;
  }
  if (kind === 'taobao_orders') return orders(kind, 'taobao', mapOrderRows(body, idx, f.name, tz));
  if (kind === 'taobao_items') {
    const r = mapItemRows(body, idx, f.name);
    errors.push(...r.errors);
    return { kind, file: f.name, sha, rows: body.length, items: r.items };
  }
  const r = mapSkuRows(body, idx, f.name);
  errors.push(...r.errors);
  return { kind, file: f.name, sha, rows: body.length, skus: r.skus };
}

/** Parses every file of a request; throws ImportError (or UnknownHeaderError) if any has a problem. */
export async function parseImportFiles(files: ImportFile[], opts: ParseOptions): Promise<ParsedFile[]> {
  const errors: ImportFileError[] = [];
  const unknown: UnknownHeaderView[] = [];
  const parsed: ParsedFile[] = [];
  for (const f of files) {
    const p = await parseImportFile(f, opts, errors, unknown);
    if (p) parsed.push(p);
  }
  if (unknown.length) throw new UnknownHeaderError(errors.slice(0, MAX_ERRORS), unknown);
  if (errors.length) throw new ImportError(errors.slice(0, MAX_ERRORS));
  return parsed;
}
