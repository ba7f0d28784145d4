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
