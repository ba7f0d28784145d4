// .xlsx → rows of strings, with exceljs's streaming reader (the workbook is never built in memory),
// so an .xlsx imports exactly like its CSV twin. Capped: a huge or hostile workbook (a zip that
// inflates to gigabytes) is refused with a clear error instead of taking the process down.
import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { File as ZipFile } from 'unzipper';
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
  const reader = await CentralDirectoryReader.open(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  let first: string[][] | null = null;
  let rowsRead = 0;
  let chars = 0;
  let found: string[][] | null = null;
  try {
    // Every sheet is iterated to its end (abandoning a sheet midway stalls the zip stream); rows of
    // sheets not needed are only counted.
    for await (const sheet of reader.sheets()) {
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

/** The parts of exceljs's streaming WorkbookReader this module drives (exceljs 4.4.0, lib/stream/xlsx). */
interface ExcelJsWorkbookReaderInternals {
  options: Record<string, string>;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
  /** Set by _parseWorkbook and _parseRels. */
  model?: { sheets?: Array<{ rId: string }> };
  workbookRels?: Array<{ Id: string; Target: string }>;
}

const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * exceljs's streaming reader walks the zip front to back in one pass, and on Node ≥ 18 it sometimes
 * reaches a worksheet before `xl/workbook.xml` (which Excel and exceljs store last) has been read: it
 * then throws "Cannot read properties of undefined (reading 'sheets')" on a good file (exceljs issue
 * #3064, about 1 read in 300 here). This reader opens the zip by its central directory (unzipper,
 * which exceljs itself uses) and hands exceljs's part parsers the relationships, workbook, shared
 * strings and styles first, then each worksheet in sheet order, still row by row.
 */
class CentralDirectoryReader {
  private readonly exceljs: ExcelJsWorkbookReaderInternals;

  /**
   * exceljs and unzipper are loaded on the first .xlsx, not with the module: evaluating them (bluebird reads an
   * Error stack as it loads) took about a quarter of a second of every import worker's start, CSV or not.
   */
  static async open(zip: Buffer): Promise<CentralDirectoryReader> {
    const [{ default: excel }, { default: unzipper }] = await Promise.all([import('exceljs'), import('unzipper')]);
    return new CentralDirectoryReader(zip, excel, unzipper);
  }

  private constructor(
    private readonly zip: Buffer,
    excel: typeof ExcelJS,
    private readonly unzipper: typeof import('unzipper').default,
  ) {
    this.exceljs = new excel.stream.xlsx.WorkbookReader(null as never, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    }) as unknown as ExcelJsWorkbookReaderInternals;
  }

  async *sheets(): AsyncGenerator<AsyncIterable<ExcelJS.Row>> {
    const directory = await this.unzipper.Open.buffer(this.zip);
    const part = (path: string) => directory.files.find((f) => f.path === path);
    const rels = part('xl/_rels/workbook.xml.rels');
    const workbook = part('xl/workbook.xml');
    if (!rels || !workbook) throw new Error('no xl/workbook.xml');
    await this.exceljs._parseRels(rels.stream());
    await this.exceljs._parseWorkbook(workbook.stream());
    const strings = part('xl/sharedStrings.xml');
    if (strings) for await (const _ of this.exceljs._parseSharedStrings(strings.stream()));
    const styles = part('xl/styles.xml');
    if (styles) await this.exceljs._parseStyles(styles.stream());
    // Sheets in the order the workbook lists them (the tab order a clerk sees), then any it doesn't list.
    const tabOrder = (this.exceljs.model?.sheets ?? []).map((s) =>
      (this.exceljs.workbookRels ?? []).find((r) => r.Id === s.rId)?.Target.replace(/^\/?(xl\/)?/, 'xl/'),
    );
    const rank = (path: string) => (tabOrder.includes(path) ? tabOrder.indexOf(path) : tabOrder.length);
    const sheets = directory.files
      .map((f) => ({ f, no: SHEET.exec(f.path)?.[1] }))
      .filter((s): s is { f: ZipFile; no: string } => s.no != null)
      .sort((a, b) => rank(a.f.path) - rank(b.f.path) || Number(a.no) - Number(b.no));
    for (const { f, no } of sheets) {
      for (const event of this.exceljs._parseWorksheet(f.stream(), no)) {
        if (event.eventType === 'worksheet') yield event.value as AsyncIterable<ExcelJS.Row>;
      }
    }
  }
}
