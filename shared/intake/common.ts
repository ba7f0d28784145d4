// What every export reader needs, whatever the platform: cleaning cells of keep-as-text tricks,
// header names compared trimmed and width-folded, dates in the shop's zone, ids Excel has mangled,
// tracking numbers, ciphertext receivers, and reading rows by column name with errors naming
// file, row and field. Pure (no I/O); see /spec/exports.md "Quirks every reader must survive".
import type { ImportFileError } from '../api/contract.js';
import type { OrderStatus } from '../domain.js';
import { yuanToFen } from '../rules/amounts.js';
import type { Address } from '../rules/masking.js';
import { parseLocalDateTime, zoneOffset } from '../rules/time.js';
import type { ExportBuyer, ExportLine, ExportOrder, ExportParcel } from './types.js';

/**
 * `="3921004455660000"` (Taobao), a leading tab `\t6917926768823643751` (Douyin, PDD), a leading
 * apostrophe `'13812345678` (Taobao phones), surrounding blanks → the plain value.
 */
export function cleanCell(raw: string | undefined | null): string {
  if (raw == null) return '';
  // Most cells have nothing to clean (no BOM, `="`, apostrophe or blank at either end): returned as they are.
  if (raw === '' || (plainStart(raw.charCodeAt(0)) && !maybeBlank(raw.charCodeAt(raw.length - 1)))) return raw;
  let v = raw.replace(/^\uFEFF/, '').trim();
  const m = /^="(.*)"$/s.exec(v);
  if (m) v = m[1]!;
  else if (v.startsWith("'")) v = v.slice(1);
  return v.trim();
}

/** A code unit String.prototype.trim might remove (a superset: every control character counts). */
function maybeBlank(c: number): boolean {
  return (
    c <= 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** A first code unit after which cleanCell has nothing to strip: not blank, not `=` (`="…"`), not `'`. */
function plainStart(c: number): boolean {
  return c !== 0x3d && c !== 0x27 && !maybeBlank(c);
}

const WIDTH: Record<string, string> = { '，': ',', '（': '(', '）': ')', '：': ':', '；': ';', '\u3000': ' ' };

/** Full-width `，（）：；` and the ideographic space → their half-width forms (`商家实收金额（元）` = `商家实收金额(元)`). */
export function foldWidth(text: string): string {
  return FULL_WIDTH.test(text) ? text.replace(/[，（）：；\u3000]/g, (c) => WIDTH[c]!) : text;
}
const FULL_WIDTH = /[，（）：；\u3000]/;

/** How header names are compared: cleaned, trimmed (`收货地址 `), width-folded, inner blanks removed. */
export function normHeader(raw: string | undefined | null): string {
  return foldWidth(cleanCell(raw)).replace(/\s+/g, '');
}

const normNames = new Map<string, string>();

/** normHeader of a column name the code asks for (a constant, or a saved mapping's): remembered. */
function normName(name: string): string {
  let v = normNames.get(name);
  if (v === undefined) {
    if (normNames.size > 10_000) normNames.clear();
    v = normHeader(name);
    normNames.set(name, v);
  }
  return v;
}

/** Column name (normalised) → first index with that name. */
export function indexHeader(header: string[]): Map<string, number> {
  const idx = new Map<string, number>();
  header.forEach((h, i) => {
    const name = normHeader(h);
    if (name && !idx.has(name)) idx.set(name, i);
  });
  return idx;
}

/** The required columns the header lacks, as errors naming file, row 1 and the column. */
export function missingColumns(
  idx: Map<string, number>,
  required: ReadonlyArray<string | readonly string[]>,
  file: string,
): ImportFileError[] {
  const errors: ImportFileError[] = [];
  for (const r of required) {
    const names = typeof r === 'string' ? [r] : r;
    if (!names.some((n) => idx.has(normHeader(n)))) {
      errors.push({
        file,
        row: 1,
        field: names[0]!,
        message: `缺少列 “${names.join('” 或 “')}” missing column “${names[0]!}”`,
      });
    }
  }
  return errors;
}

/** `4.3E+15`, `6.91793E+18`: what Excel leaves of a long id. */
export function isScientific(text: string): boolean {
  return /^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$/.test(text.trim());
}

export const SCIENTIFIC_MESSAGE =
  '被 Excel 改成了科学计数法,订单号已不完整:请从后台重新导出,不要用 Excel 打开后再保存 (Excel turned the id into scientific notation: re-export without opening in Excel)';

/** `No:SF1234567890`, `No：SF…` → `SF1234567890`. */
export function cleanTrackingNo(text: string): string {
  return cleanCell(text)
    .replace(/^No\s*[:：]\s*/i, '')
    .trim();
}

/** Douyin 快递信息: `SF1234567890-顺丰速运;YT2233-圆通速递` → parcels (number, carrier). */
export function parseDouyinParcels(text: string): Array<{ trackingNo: string; carrier: string }> {
  const out: Array<{ trackingNo: string; carrier: string }> = [];
  for (const part of foldWidth(text).split(/[;,]/)) {
    const p = part.trim();
    if (!p || p === '-') continue;
    // The carrier is after the last dash (a tracking number may hold dashes, carrier names don't).
    const dash = p.lastIndexOf('-');
    const trackingNo = cleanTrackingNo(dash < 0 ? p : p.slice(0, dash));
    const carrier = dash < 0 ? '' : p.slice(dash + 1).trim();
    if (trackingNo) out.push({ trackingNo, carrier });
  }
  return out;
}

/**
 * Platform ciphertext for a receiver field: `##…`, `$$…`, `***` (or 已加密, our own marker in a preview).
 * Such a value is never a phone or a name and is never unmasked.
 */
export function isEncrypted(value: string | null | undefined): boolean {
  if (!value) return false;
  const v = value.trim();
  return v.startsWith('##') || v.startsWith('$$') || /^\*{3,}$/.test(v) || v === '已加密';
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * An Excel date serial (`46337.1423611`) as wall-clock text `YYYY-MM-DD HH:mm:ss`
 * (a re-saved sheet can leave times as numbers). Null if it isn't one.
 */
export function excelSerialText(text: string): string | null {
  if (!/^\d{5}(?:\.\d+)?$/.test(text)) return null;
  const n = Number(text);
  if (n < 20000 || n > 80000) return null;
  const ms = Math.round((EXCEL_EPOCH + n * 86_400_000) / 1000) * 1000;
  return wallText(new Date(ms));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A Date whose UTC fields are the wall clock (as spreadsheet readers give them) → `YYYY-MM-DD HH:mm:ss`. */
export function wallText(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const offsetCache = new Map<string, Map<number, number>>();

/** zoneOffset, cached per zone and quarter hour (offset changes fall on :00, :30 or :45): exports repeat hours. */
function cachedOffset(ms: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (zone === undefined) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  const key = Math.floor(ms / 900_000);
  let off = zone.get(key);
  if (off === undefined) {
    if (zone.size > 100_000) zone.clear();
    off = zoneOffset(ms, timeZone);
    zone.set(key, off);
  }
  return off;
}

const DATE_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * `2026-11-11 03:25:00`, `2026/11/11 3:25`, an Excel serial → epoch ms in the shop's zone; null if
 * unreadable. Same results as rules/time parseLocalDateTime, with the zone offsets cached (a 100k-row
 * export would otherwise spend seconds in Intl).
 */
export function parseExportTime(text: string, timeZone: string): number | null {
  const clean = cleanCell(text);
  const t = excelSerialText(clean) ?? clean;
  if (t === '') return null;
  const m = DATE_TIME.exec(t);
  if (!m) return parseLocalDateTime(t, timeZone);
  // Read straight from the match (no array per call: a 100k-row export parses half a million times).
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  const first = guess - cachedOffset(guess, timeZone);
  return guess - cachedOffset(first, timeZone);
}

/** Status text → ShipLock status; 'unpaid' rows are listed as rejected, never imported. */
export type StatusOrUnpaid = OrderStatus | 'unpaid';

/** Looks a status up in a table of [text or pattern, status], comparing width-folded text without blanks. */
export function lookupStatus(table: StatusTable, text: string): StatusOrUnpaid | null {
  const t = foldWidth(text).replace(/\s+/g, '');
  let keys = statusKeys.get(table);
  if (!keys) {
    keys = table.map(([k]) => (typeof k === 'string' ? foldWidth(k).replace(/\s+/g, '') : k));
    statusKeys.set(table, keys);
  }
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (typeof k === 'string' ? k === t : k.test(t)) return table[i]![1];
  }
  return null;
}

type StatusTable = ReadonlyArray<readonly [string | RegExp, StatusOrUnpaid]>;
/** A status table's text keys, width-folded and without blanks, worked out once per table. */
const statusKeys = new WeakMap<StatusTable, Array<string | RegExp>>();

/** A data row read by column name; every problem becomes an error naming file, row and field. */
export class RowReader {
  constructor(
    private readonly cells: readonly string[],
    private readonly idx: Map<string, number>,
    readonly file: string,
    readonly row: number,
    readonly errors: ImportFileError[],
  ) {}

  has(name: string): boolean {
    return this.idx.has(normName(name));
  }

  /** The first non-empty of the named columns, cleaned. */
  get(...names: string[]): string {
    // An index loop: no iterator object per call (about thirty calls per row).
    for (let k = 0; k < names.length; k++) {
      const i = this.idx.get(normName(names[k]!));
      const v = i === undefined ? '' : cleanCell(this.cells[i]);
      if (v !== '') return v;
    }
    return '';
  }

  fail(field: string, message: string): void {
    this.errors.push({ file: this.file, row: this.row, field, message });
  }

  required(name: string, ...fallbacks: string[]): string {
    const v = this.get(name, ...fallbacks);
    if (v === '') this.fail(name, `${name} 不能为空 must not be empty`);
    return v;
  }

  /** An id column: required, refused when Excel turned it into scientific notation or it doesn't look right. */
  id(name: string, pattern: RegExp, ...fallbacks: string[]): string {
    const v = this.required(name, ...fallbacks);
    if (v === '') return v;
    if (isScientific(v)) {
      this.fail(name, `${name} “${v}” ${SCIENTIFIC_MESSAGE}`);
      return '';
    }
    if (!pattern.test(v)) {
      this.fail(name, `${name} “${v}” 不是订单号 is not an order number`);
      return '';
    }
    return v;
  }

  /** Like id() for optional ids (sub-order ids): empty stays empty. */
  optionalId(name: string, pattern: RegExp): string {
    const v = this.get(name);
    if (v === '') return v;
    if (isScientific(v)) {
      this.fail(name, `${name} “${v}” ${SCIENTIFIC_MESSAGE}`);
      return '';
    }
    if (!pattern.test(v)) {
      this.fail(name, `${name} “${v}” 不是有效编号 is not a valid id`);
      return '';
    }
    return v;
  }

  /** Yuan → fen from the first present column; empty counts as 0 unless required. */
  money(names: string | string[], required = false): number {
    const list = typeof names === 'string' ? [names] : names;
    const v = this.get(...list);
    if (v === '') {
      if (required) this.fail(list[0]!, `${list[0]!} 不能为空 must not be empty`);
      return 0;
    }
    const fen = yuanToFen(v);
    if (fen == null || fen < 0) {
      this.fail(list[0]!, `${list[0]!} “${v}” 不是金额 is not an amount`);
      return 0;
    }
    return fen;
  }

  /** Unit price in fen, or null when absent. */
  price(...names: string[]): number | null {
    const v = this.get(...names);
    if (v === '') return null;
    const fen = yuanToFen(v);
    if (fen == null || fen < 0) {
      this.fail(names[0]!, `${names[0]!} “${v}” 不是金额 is not an amount`);
      return null;
    }
    return fen;
  }

  qty(name: string, ...fallbacks: string[]): number {
    const v = this.required(name, ...fallbacks);
    if (v === '') return 0;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) {
      this.fail(name, `${name} “${v}” 不是正整数 is not a positive whole number`);
      return 0;
    }
    return n;
  }

  time(timeZone: string, ...names: string[]): number | null {
    for (let k = 0; k < names.length; k++) {
      const name = names[k]!;
      const v = this.get(name);
      if (v === '' || v === '-') continue;
      const ms = parseExportTime(v, timeZone);
      if (ms == null) this.fail(name, `${name} “${v}” 不是时间 is not a date-time`);
      return ms;
    }
    return null;
  }

  status(name: string, table: ReadonlyArray<readonly [string | RegExp, StatusOrUnpaid]>, ...fallbacks: string[]): StatusOrUnpaid | null {
    const text = this.required(name, ...fallbacks);
    if (text === '') return null;
    const s = lookupStatus(table, text);
    if (s == null) this.fail(name, `未知的订单状态 unknown status “${text}”`);
    return s;
  }
}

/** "四川省 成都市 武侯区 建国路93号院3单元1004室(000000)" → parts; the postcode is dropped. */
export function parseAddress(text: string): Address {
  const t = text.replace(/[(（]\d{6}[)）]\s*$/, '').trim();
  const parts = t.split(/\s+/);
  if (parts.length >= 4) {
    return { province: parts[0]!, city: parts[1]!, district: parts[2]!, detail: parts.slice(3).join(' ') };
  }
  return { province: '', city: '', district: '', detail: t };
}

/** "17097561792-0189" is a secret number with its extension (订单号码保护); a plain number is a phone. */
export function parseContactNumber(text: string): { phone: string | null; secretNo: string | null; extension: string | null } {
  const t = text.replace(/\s+/g, '');
  if (t === '') return { phone: null, secretNo: null, extension: null };
  const m = /^(\d{11})[-－转](\d{1,6})$/.exec(t);
  if (m) return { phone: null, secretNo: m[1]!, extension: m[2]! };
  return { phone: t, secretNo: null, extension: null };
}

/**
 * The receiver as exported. When any part is platform ciphertext the whole receiver is `encrypted`:
 * values are kept exactly as given and the contact number is not parsed (it is not a phone).
 */
export function makeBuyer(name: string, contact: string, address: Address): ExportBuyer {
  const encrypted = [name, contact, address.province, address.city, address.district, address.detail].some(isEncrypted);
  if (encrypted) return { name, phone: contact || null, secretNo: null, extension: null, address, encrypted: true };
  return { name, ...parseContactNumber(contact), address, encrypted: false };
}

/** One data row's share of an order: the order's fields (from its first row), its line and parcels. */
export interface RowFacts {
  order: Omit<ExportOrder, 'lines' | 'parcels' | 'status'>;
  status: OrderStatus;
  line: ExportLine | null;
  parcels: ExportParcel[];
  /** The row's amounts are its own line's (PDD), not the whole order's repeated: the order sums them. */
  amountsPerRow?: boolean;
}

const STATUS_RANK: OrderStatus[] = ['paid', 'shipped', 'picked_up', 'succeeded'];

/**
 * Rows → one ExportOrder per tid, in file order. The order's status is the least advanced status of its
 * live rows (a line still to ship keeps the order `paid`); no live row left → `closed`. Parcels with the
 * same tracking number merge their sub-orders.
 */
export function groupOrders(facts: RowFacts[]): ExportOrder[] {
  const byTid = new Map<string, RowFacts[]>();
  for (const f of facts) {
    const list = byTid.get(f.order.tid);
    if (list) list.push(f);
    else byTid.set(f.order.tid, [f]);
  }
  const out: ExportOrder[] = [];
  // One pass over each order's rows (this runs once per order of a 100k-row export).
  for (const list of byTid.values()) {
    const first = list[0]!;
    let rank = -1; // the least advanced status of the live rows; -1: none live
    let lines: ExportLine[] | null = null;
    const parcels: ExportParcel[] = [];
    const amounts = { ...first.order.amounts };
    let platformHold = false;
    for (let i = 0; i < list.length; i++) {
      const f = list[i]!;
      if (f.status !== 'closed' && !f.line?.refunded) {
        const r = STATUS_RANK.indexOf(f.status);
        if (rank === -1 || r < rank) rank = r;
      }
      if (f.line) (lines ??= []).push(f.line);
      for (const p of f.parcels) {
        const same = parcels.find((q) => q.trackingNo === p.trackingNo);
        if (!same) parcels.push({ ...p, oids: p.oids ? [...p.oids] : null });
        else if (same.oids && p.oids) same.oids.push(...p.oids.filter((o) => !same.oids!.includes(o)));
        else same.oids = null;
      }
      if (i > 0 && first.amountsPerRow) {
        amounts.items += f.order.amounts.items;
        amounts.postage += f.order.amounts.postage;
      }
      if (f.order.platformHold) platformHold = true;
    }
    const status: OrderStatus = rank === -1 ? 'closed' : STATUS_RANK[rank]!;
    out.push({ ...first.order, amounts, status, lines, parcels, platformHold });
  }
  return out;
}

/** What a platform's row mapper returns for one file. */
export interface MappedOrders {
  orders: ExportOrder[];
  /** Rows listed as rejected, not imported (unpaid orders). */
  skipped: Array<{ row: number; tid: string; reason: string }>;
  errors: ImportFileError[];
}

export const UNPAID_REASON = '未付款订单不导入 unpaid order not imported';

const FIRST_ROW = new WeakMap<string[][], number>();

/**
 * Marks rows as a slice of a file whose first row is file row `firstRow` (1-based, header = 1), so every
 * platform's mapper numbers rows as in the whole file: the streaming import maps an export in chunks.
 */
export function rowsFrom(rows: string[][], firstRow: number): string[][] {
  FIRST_ROW.set(rows, firstRow);
  return rows;
}

/**
 * Shared driver: maps each row (null = the row failed or is unpaid), drops every order that has an
 * unpaid row (listed once in skipped), groups the rest.
 */
export function mapRows(
  rows: string[][],
  idx: Map<string, number>,
  file: string,
  each: (r: RowReader) => (RowFacts & { unpaid?: false }) | { unpaid: true; tid: string } | null,
  firstRow = FIRST_ROW.get(rows) ?? 2,
): MappedOrders {
  const errors: ImportFileError[] = [];
  const facts: RowFacts[] = [];
  const unpaid = new Map<string, number>();
  rows.forEach((cells, i) => {
    if (cells.every((c) => cleanCell(c) === '')) return;
    const r = new RowReader(cells, idx, file, firstRow + i, errors);
    const before = errors.length;
    const f = each(r);
    if (errors.length > before || f == null) return;
    if (f.unpaid) {
      if (!unpaid.has(f.tid)) unpaid.set(f.tid, r.row);
    } else facts.push(f);
  });
  const skipped = [...unpaid].map(([tid, row]) => ({ row, tid, reason: UNPAID_REASON }));
  return { orders: groupOrders(facts.filter((f) => !unpaid.has(f.order.tid))), skipped, errors };
}
