// Taobao exports (订单报表 / 宝贝报表) and the SKU master: header recognition and row mapping.
// Pure: takes already-decoded rows of cells, returns normalised records or row-level errors.
import type { Amounts, OrderStatus } from '../domain.js';
import type { FileKind, ImportFileError } from '../api/contract.js';
import { yuanToFen } from '../rules/amounts.js';
import type { Address } from '../rules/masking.js';
import { parseLocalDateTime } from '../rules/time.js';

/** `="3921004455660000"` (Excel's keep-as-text trick), `'123`, surrounding blanks → the plain value. */
export function cleanCell(raw: string | undefined): string {
  if (raw == null) return '';
  let v = raw.trim();
  // `="…"` (what /^="(.*)"$/s matches), checked by hand: this runs for every cell of an export.
  if (v.length >= 3 && v.charCodeAt(0) === 61 && v.charCodeAt(1) === 34 && v.charCodeAt(v.length - 1) === 34) v = v.slice(2, -1);
  else if (v.startsWith("'")) v = v.slice(1);
  return v.trim();
}

const REQUIRED: Record<Exclude<FileKind, 'events'>, string[]> = {
  taobao_orders: ['订单编号', '订单状态', '收货人姓名', '收货地址', '买家应付货款'],
  taobao_items: ['订单编号', '标题', '购买数量'],
  sku_master: ['商家编码', '库位'],
};

/** Recognises the kind of CSV from its header row, in any column order. */
export function recognizeHeader(header: string[]): Exclude<FileKind, 'events'> | null {
  const names = new Set(header.map(cleanCell));
  if (names.has('订单编号') && names.has('收货人姓名')) return 'taobao_orders';
  if (names.has('订单编号') && names.has('购买数量')) return 'taobao_items';
  if (!names.has('订单编号') && names.has('商家编码') && (names.has('库位') || names.has('条码'))) return 'sku_master';
  return null;
}

/** Column name → index, for reading rows by name. Reports required columns that are missing. */
export function columnIndex(header: string[], kind: Exclude<FileKind, 'events'>, file: string) {
  const idx = new Map<string, number>();
  header.forEach((h, i) => {
    const name = cleanCell(h);
    if (name && !idx.has(name)) idx.set(name, i);
  });
  const missing = REQUIRED[kind].filter((c) => !idx.has(c));
  const errors: ImportFileError[] = missing.map((c) => ({ file, row: 1, field: c, message: `缺少列 missing column “${c}”` }));
  return { idx, errors };
}

class Row {
  constructor(
    private readonly cells: string[],
    private readonly idx: Map<string, number>,
    readonly file: string,
    readonly row: number,
    readonly errors: ImportFileError[],
  ) {}

  /** The cleaned cell of the column, else of the fallback column. */
  get(name: string, fallback?: string): string {
    const i = this.idx.get(name);
    const v = i === undefined ? '' : cleanCell(this.cells[i]);
    if (v !== '' || fallback === undefined) return v;
    const j = this.idx.get(fallback);
    return j === undefined ? '' : cleanCell(this.cells[j]);
  }

  fail(field: string, message: string): void {
    this.errors.push({ file: this.file, row: this.row, field, message });
  }

  required(name: string): string {
    const v = this.get(name);
    if (v === '') this.fail(name, `${name} 不能为空 must not be empty`);
    return v;
  }

  /** Yuan → fen; empty counts as 0 unless required. */
  money(name: string, required = false): number {
    const v = this.get(name);
    if (v === '') {
      if (required) this.fail(name, `${name} 不能为空 must not be empty`);
      return 0;
    }
    const fen = yuanToFen(v);
    if (fen == null || fen < 0) {
      this.fail(name, `${name} “${v}” 不是金额 is not an amount`);
      return 0;
    }
    return fen;
  }

  time(name: string, timeZone: string): number | null {
    const v = this.get(name);
    if (v === '') return null;
    const ms = parseLocalDateTime(v, timeZone);
    if (ms == null) this.fail(name, `${name} “${v}” 不是时间 is not a date-time`);
    return ms;
  }
}

const STATUS_TEXT: Array<[RegExp, OrderStatus | 'unpaid']> = [
  [/^等待买家付款/, 'unpaid'],
  [/^买家已付款/, 'paid'],
  [/部分发货/, 'paid'],
  [/^卖家已发货/, 'shipped'],
  [/^交易成功/, 'succeeded'],
  [/^交易关闭/, 'closed'],
];

export function mapStatus(text: string): OrderStatus | 'unpaid' | null {
  for (const [re, s] of STATUS_TEXT) if (re.test(text)) return s;
  return null;
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

/** "定金:23.40;尾款:83.60" → deposit and balance in fen (分阶段订单信息). */
export function parseStagedPayment(text: string): { deposit: number; balance: number } | null {
  const dep = /定金[:：]\s*([\d.,]+)/.exec(text);
  if (!dep) return null;
  const bal = /尾款[:：]\s*([\d.,]+)/.exec(text);
  const deposit = yuanToFen(dep[1]!);
  const balance = bal ? yuanToFen(bal[1]!) : 0;
  if (deposit == null || balance == null) return null;
  return { deposit, balance };
}

export interface CsvOrder {
  row: number;
  tid: string;
  shop: string;
  buyerNick: string;
  status: OrderStatus;
  orderType: 'spot' | 'presale';
  createdAt: number | null;
  paidAt: number | null;
  amounts: Amounts;
  sellerMemo: string;
  buyer: { name: string; phone: string | null; secretNo: string | null; extension: string | null; address: Address };
  carrier: string | null;
  trackingNo: string | null;
  /** 买家留言. */
  buyerMessage: string;
}

export interface CsvSkip {
  row: number;
  tid: string;
  reason: string;
}

const TID = /^\d{6,32}$/;

export function mapOrderRows(
  rows: string[][],
  idx: Map<string, number>,
  file: string,
  timeZone: string,
  firstRow = 2,
): { orders: CsvOrder[]; skipped: CsvSkip[]; errors: ImportFileError[] } {
  const errors: ImportFileError[] = [];
  const orders: CsvOrder[] = [];
  const skipped: CsvSkip[] = [];
  const seen = new Map<string, number>();
  rows.forEach((cells, i) => {
    const r = new Row(cells, idx, file, firstRow + i, errors);
    const before = errors.length;
    const tid = r.required('订单编号');
    if (tid && !TID.test(tid)) r.fail('订单编号', `订单编号 “${tid}” 不是订单号 is not an order number`);
    if (tid && seen.has(tid)) r.fail('订单编号', `订单编号 ${tid} 与第 ${seen.get(tid)} 行重复 duplicates row ${seen.get(tid)}`);
    const statusText = r.required('订单状态');
    const status = statusText ? mapStatus(statusText) : null;
    if (statusText && status == null) r.fail('订单状态', `未知的订单状态 unknown status “${statusText}”`);
    const staged = r.get('分阶段订单信息');
    const stagedPay = staged ? parseStagedPayment(staged) : null;
    if (staged && !stagedPay) r.fail('分阶段订单信息', `无法识别 cannot read “${staged}”`);
    const amounts: Amounts = {
      items: r.money('买家应付货款', true),
      postage: r.money('买家应付邮费'),
      coupon: r.money('店铺优惠'),
      redPacket: r.money('红包'),
      taobaoCoin: r.money('淘金币抵扣'),
      deposit: stagedPay?.deposit ?? null,
      balance: stagedPay?.balance ?? null,
    };
    const createdAt = r.time('订单创建时间', timeZone);
    const paidAt = r.time('订单付款时间', timeZone);
    const name = r.required('收货人姓名');
    const address = parseAddress(r.required('收货地址'));
    const contact = parseContactNumber(r.get('联系手机', '联系电话'));
    if (errors.length > before || status == null) return;
    seen.set(tid, r.row);
    if (status === 'unpaid') {
      skipped.push({ row: r.row, tid, reason: '未付款订单不导入 unpaid order not imported' });
      return;
    }
    orders.push({
      row: r.row,
      tid,
      status,
      amounts,
      createdAt,
      paidAt,
      shop: r.get('店铺名称'),
      buyerNick: r.get('买家会员名'),
      orderType: stagedPay ? 'presale' : 'spot',
      sellerMemo: r.get('订单备注'),
      buyerMessage: r.get('买家留言'),
      buyer: { name, address, ...contact },
      carrier: r.get('物流公司') || null,
      trackingNo: r.get('物流单号') || null,
    });
  });
  return { orders, skipped, errors };
}

export interface CsvItem {
  row: number;
  tid: string;
  oid: string | null;
  sku: string;
  title: string;
  qty: number;
  price: number | null;
}

export function mapItemRows(rows: string[][], idx: Map<string, number>, file: string, firstRow = 2) {
  const errors: ImportFileError[] = [];
  const items: CsvItem[] = [];
  rows.forEach((cells, i) => {
    const r = new Row(cells, idx, file, firstRow + i, errors);
    const before = errors.length;
    const tid = r.required('订单编号');
    if (tid && !TID.test(tid)) r.fail('订单编号', `订单编号 “${tid}” 不是订单号 is not an order number`);
    const title = r.required('标题');
    const qtyText = r.required('购买数量');
    const qty = Number(qtyText);
    if (qtyText && (!Number.isInteger(qty) || qty <= 0))
      r.fail('购买数量', `购买数量 “${qtyText}” 不是正整数 is not a positive whole number`);
    const sku = r.get('商家编码', '外部系统编号');
    const priceText = r.get('价格');
    const price = priceText ? yuanToFen(priceText) : null;
    if (priceText && price == null) r.fail('价格', `价格 “${priceText}” 不是金额 is not an amount`);
    if (errors.length > before) return;
    items.push({ row: r.row, tid, oid: r.get('子订单编号') || null, sku, title, qty, price });
  });
  return { items, errors };
}

export interface CsvSku {
  row: number;
  sku: string;
  title: string;
  barcode: string | null;
  bin: string | null;
}

export function mapSkuRows(rows: string[][], idx: Map<string, number>, file: string, firstRow = 2) {
  const errors: ImportFileError[] = [];
  const skus: CsvSku[] = [];
  const seen = new Map<string, number>();
  rows.forEach((cells, i) => {
    const r = new Row(cells, idx, file, firstRow + i, errors);
    const before = errors.length;
    const sku = r.required('商家编码');
    if (sku && seen.has(sku)) r.fail('商家编码', `商家编码 ${sku} 与第 ${seen.get(sku)} 行重复 duplicates row ${seen.get(sku)}`);
    const barcode = r.get('条码') || null;
    if (barcode && !/^[0-9A-Za-z-]{4,32}$/.test(barcode)) r.fail('条码', `条码 “${barcode}” 无效 is not a barcode`);
    if (errors.length > before) return;
    seen.set(sku, r.row);
    skus.push({ row: r.row, sku, title: r.get('商品名称'), barcode, bin: r.get('库位') || null });
  });
  return { skus, errors };
}
