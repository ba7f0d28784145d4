// .xlsx → rows of strings, with exceljs's streaming reader (the workbook is never built in memory),
// so an .xlsx imports exactly like its CSV twin. Capped: a huge or hostile workbook (a zip that
// inflates to gigabytes) is refused with a clear error instead of taking the process down.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { wallText } from '../../shared/intake/common.js';

export interface XlsxLimits {
  /** Data rows read across the sheets looked at. */
  maxRows: number;
  /** Characters of cell text kept in memory. */
  maxChars: number;
  maxColumns: number;
  /** What the zip says it inflates to: checked before reading (exceljs inflates sheets to temp files). */
  maxUnzippedBytes: number;
}

/**
 * 100k rows ≈ 30 MB of .xlsx ≈ 10 s and ~500 MB of memory on a packing-station PC; larger exports are
 * refused with a message to export smaller date ranges (measured with a 150k-row Douyin-like workbook).
 */
export const XLSX_LIMITS: XlsxLimits = { maxRows: 100_000, maxChars: 40_000_000, maxColumns: 500, maxUnzippedBytes: 1 << 30 };

export class XlsxError extends Error {
  constructor(
    readonly row: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** True for a zip (an .xlsx is one): `PK\x03\x04`. */
export function looksLikeXlsx(name: string, data: Uint8Array): boolean {
  return /\.xlsx$/i.test(name) || (data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04);
}

/** The old binary Excel format (OLE2): exceljs can't read it. */
export function looksLikeXls(name: string, data: Uint8Array): boolean {
  return /\.xls$/i.test(name) || (data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0);
}

/**
 * One cell as the text its CSV twin would have. Dates (exceljs gives wall-clock Dates in UTC fields) →
 * `YYYY-MM-DD HH:mm:ss`; integers beyond 2^53 (an id Excel stored as a number has lost digits) →
 * exponent form, which the row readers refuse as 科学计数法 instead of storing a wrong id.
 */
export function cellText(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    if (Number.isInteger(v) && !Number.isSafeInteger(v)) return v.toExponential().toUpperCase();
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : wallText(new Date(Math.round(v.getTime() / 1000) * 1000));
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('');
    if ('result' in o) return cellText(o.result);
    if ('formula' in o || 'sharedFormula' in o) return '';
    if (typeof o.text === 'string') return o.text;
    if (typeof o.error === 'string') return '';
  }
  return String(v);
}

/**
 * The total uncompressed size the zip's central directory declares (ZIP64 or unreadable sizes count as
 * Infinity); null when there is no central directory (not a zip: the reader reports that).
 */
export function declaredUnzippedBytes(data: Uint8Array): number | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > data.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const size = view.getUint32(at + 24, true);
    if (size === 0xffffffff) return Infinity;
    total += size;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}

/**
 * Reads the first sheet, or the first sheet whose header `recognised` accepts. Returns its rows
 * (header first). Throws XlsxError for a file that isn't an .xlsx or is over the limits.
 */
export async function readXlsx(
  data: Uint8Array,
  recognised: (header: string[]) => boolean,
  limits: XlsxLimits = XLSX_LIMITS,
): Promise<string[][]> {
  const tooLarge = () =>
    new XlsxError(null, `表格过大:超过 ${limits.maxRows} 行,请按时间分批导出 (the workbook is too large: export smaller date ranges)`);
  const unzipped = declaredUnzippedBytes(data);
  if (unzipped != null && unzipped > limits.maxUnzippedBytes) throw tooLarge();
  const input = Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let first: string[][] | null = null;
  let rowsRead = 0;
  let chars = 0;
  let found: string[][] | null = null;
  try {
    // Every sheet is iterated to its end (abandoning a sheet midway stalls the zip stream); rows of
    // sheets not needed are only counted.
    for await (const sheet of reader) {
      const rows: string[][] = [];
      let keep = !found;
      for await (const row of sheet) {
        // The cap counts data rows: a sheet's first row is its header.
        if (row.number > 1 && ++rowsRead > limits.maxRows) throw tooLarge();
        if (!keep) continue;
        const values = row.values as unknown[];
        if (values.length - 1 > limits.maxColumns) throw new XlsxError(row.number, `第 ${row.number} 行列数过多 too many columns`);
        const cells: string[] = [];
        for (let c = 1; c < values.length; c++) {
          const t = cellText(values[c]);
          chars += t.length;
          cells.push(t);
        }
        if (chars > limits.maxChars) throw tooLarge();
        // Blank rows are skipped, as the CSV reader skips blank lines.
        if (cells.every((t) => t.trim() === '')) continue;
        rows.push(cells);
        if (rows.length === 1 && !recognised(cells) && first) keep = false;
      }
      if (!keep || found) continue;
      if (rows.length && recognised(rows[0]!)) found = rows;
      else if (!first) first = rows;
    }
  } catch (e) {
    if (e instanceof XlsxError) throw e;
    throw new XlsxError(null, `不是有效的 .xlsx 文件 not a readable .xlsx workbook: ${(e as Error).message}`);
  }
  if (found) return found;
  if (!first) throw new XlsxError(null, '工作簿里没有工作表 the workbook has no sheet');
  return first;
}
