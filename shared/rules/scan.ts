// What a pack-station scan means, as pure functions: the text a USB scanner or a Chinese IME typed,
// normalised; the forms a tracking number is looked up by; and the 验货 tally of one parcel.

/**
 * The scanned text as the code to look up: full-width characters from a Chinese IME (３９２１, ＳＦ, ：)
 * folded to ASCII, the ideographic space and every other space or control character (a scanner's Tab,
 * CR or LF suffix) removed. Case is kept: item barcodes and SKU codes may be case-sensitive.
 */
export function normalizeScan(raw: string): string {
  let out = '';
  for (const ch of raw) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCodePoint(c - 0xfee0);
    else if (c <= 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0x200b || /\s/u.test(ch))
      continue; // incl. U+3000, NBSP, BOM
    else if (c === 0x3002)
      out += '.'; // 。
    else if (c === 0x2014 || c === 0x2212) out += '-';
    else out += ch;
  }
  return out;
}

/** Keys that end a scan: scanners are set up to send Enter or Tab after the code. */
export function endsScan(key: string): boolean {
  return key === 'Enter' || key === 'Tab' || key === 'NumpadEnter';
}

/** Splits text that holds several scans (a pasted list, or a scanner faster than the page) into codes. */
export function splitScans(text: string): string[] {
  return text
    .split(/[\t\r\n]+/)
    .map(normalizeScan)
    .filter((s) => s.length > 0);
}

const TRACKING_PREFIX = /^(?:no|运单号|快递单号|单号|waybill|tracking(?:no)?)[:.#：]?/i;

/**
 * The forms an order code (tid or tracking number) is looked up by, most literal first: as scanned,
 * upper-cased (a scanner in lower case, `sf1234…`), and without a printed prefix (`No:SF1234…`,
 * `运单号：YT…`). Tracking numbers are stored upper-case.
 */
export function orderCodeForms(code: string): string[] {
  const c = normalizeScan(code);
  const forms = [c, c.toUpperCase()];
  const bare = c.replace(TRACKING_PREFIX, '');
  if (bare && bare !== c) forms.push(bare, bare.toUpperCase());
  return [...new Set(forms.filter((f) => f.length > 0))];
}

// ---- 验货: tick each line of a parcel off as its items are scanned ----

export interface TallyLine {
  oid: string;
  sku: string;
  barcode: string | null;
  qty: number;
}

export type Tally = Record<string, number>;

export type TickResult =
  | { ok: true; oid: string; tally: Tally; done: boolean }
  | { ok: false; error: 'not_in_order' }
  | { ok: false; error: 'too_many'; oid: string };

const same = (a: string | null, b: string) => a != null && a.length > 0 && normalizeScan(a).toUpperCase() === b.toUpperCase();

/** Does this code name an item of these lines (its barcode, or its SKU code when the item has no barcode label)? */
export function lineFor(lines: TallyLine[], code: string): TallyLine[] {
  const c = normalizeScan(code);
  const byBarcode = lines.filter((l) => same(l.barcode, c));
  return byBarcode.length ? byBarcode : lines.filter((l) => same(l.sku, c));
}

/** One item scanned: the first matching line with pieces still to go gets one more; too many is an error. */
export function tick(lines: TallyLine[], tally: Tally, code: string): TickResult {
  const matching = lineFor(lines, code);
  if (!matching.length) return { ok: false, error: 'not_in_order' };
  const open = matching.find((l) => (tally[l.oid] ?? 0) < l.qty);
  if (!open) return { ok: false, error: 'too_many', oid: matching[0]!.oid };
  const next = { ...tally, [open.oid]: (tally[open.oid] ?? 0) + 1 };
  return { ok: true, oid: open.oid, tally: next, done: tallyDone(lines, next) };
}

export function tallyDone(lines: TallyLine[], tally: Tally): boolean {
  return lines.every((l) => (tally[l.oid] ?? 0) === l.qty);
}

/** Pieces still to scan. */
export function tallyLeft(lines: TallyLine[], tally: Tally): number {
  return lines.reduce((n, l) => n + Math.max(0, l.qty - (tally[l.oid] ?? 0)), 0);
}
