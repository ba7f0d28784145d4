// Bytes of an uploaded file → text (UTF-8 with or without BOM, else GBK/GB18030) → rows of cells.
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';

export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'), encoding: 'gb18030' };
  }
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** Parses CSV text (CRLF or LF, quoted cells, `="…"` cells) into rows; blank lines are skipped. */
export function parseCsv(text: string): string[][] {
  const fast = parseCsvFast(text);
  if (fast) return fast;
  try {
    return parse(text, {
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as string[][];
  } catch (e) {
    const err = e as Error & { lines?: number; records?: number };
    throw new CsvSyntaxError(err.records != null ? err.records + 1 : null, `CSV 格式错误 malformed CSV: ${err.message}`);
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * The common shape of exports, parsed in one pass: the same rows csv-parse gives with the options above
 * (relax_quotes, relax_column_count, skip_empty_lines, bom) for text whose record delimiter is CRLF or LF
 * throughout and whose quoted cells close right before a comma or a line end. Anything else — a BOM, a bare
 * CR, mixed line ends, an unclosed quote, text after a closing quote — returns null and csv-parse decides
 * (and reports its errors). csv-parse costs several times more on a 100k-row export.
 */
export function parseCsvFast(text: string): string[][] | null {
  const n = text.length;
  const rows: string[][] = [];
  if (n === 0) return rows;
  if (text.charCodeAt(0) === 0xfeff) return null;
  let crlf: boolean | null = null; // the record delimiter, known at the first line end (as csv-parse discovers it)
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let field: string;
    let quoted = false;
    let c: number;
    if (i < n && text.charCodeAt(i) === QUOTE) {
      quoted = true;
      let from = i + 1;
      field = '';
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return null;
        if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
          field += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        field += text.slice(from, q);
        i = q + 1;
        break;
      }
      c = i < n ? text.charCodeAt(i) : -1;
      if (c !== COMMA && c !== LF && c !== CR && c !== -1) return null;
    } else {
      let j = i;
      c = -1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === COMMA || d === LF || d === CR) {
          c = d;
          break;
        }
        j++;
      }
      field = text.slice(i, j);
      i = j;
    }
    if (c === COMMA) {
      row.push(field);
      i++;
      continue;
    }
    // The record ends (line end or end of text); an empty line is skipped.
    if (row.length > 0 || quoted || field !== '') {
      row.push(field);
      rows.push(row);
      row = [];
    }
    if (c === -1) return rows;
    if (c === CR) {
      if (i + 1 >= n || text.charCodeAt(i + 1) !== LF || crlf === false) return null;
      crlf = true;
      i += 2;
    } else {
      if (crlf === true) return null;
      crlf = false;
      i += 1;
    }
    if (i >= n) return rows;
  }
}
