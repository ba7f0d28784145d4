// Taobao exports (订单报表 / 宝贝报表) and the SKU master: header recognition and row mapping.
// Pure: takes already-decoded rows of cells, returns normalised records or row-level errors.
import type { ImportFileError } from '../api/contract.js';
import { yuanToFen } from '../rules/amounts.js';
import {
  cleanCell,
  cleanTrackingNo,
  indexHeader,
  lookupStatus,
  makeBuyer,
  mapRows,
  missingColumns,
  normHeader,
  parseAddress,
  parseContactNumber,
  RowReader,
  type MappedOrders,
  type StatusOrUnpaid,
} from './common.js';
import type { ExportParcel } from './types.js';

export { cleanCell, parseAddress, parseContactNumber };

export type TaobaoKind = 'taobao_orders' | 'taobao_items' | 'sku_master';

/** Required columns; a list means any one of these names (the spec's variants: 收货人, 支付金额). */
export const REQUIRED: Record<TaobaoKind, ReadonlyArray<string | readonly string[]>> = {
  taobao_orders: ['订单编号', '订单状态', ['收货人姓名', '收货人'], '收货地址', ['买家应付货款', '支付金额']],
  taobao_items: ['订单编号', '标题', '购买数量'],
  sku_master: ['商家编码', '库位'],
};

/** Recognises the kind of CSV from its header row, in any column order. */
export function recognizeHeader(header: string[]): TaobaoKind | null {
  const names = new Set(header.map(normHeader));
  if (names.has('订单编号') && (names.has('收货人姓名') || names.has('收货人'))) return 'taobao_orders';
  if (names.has('订单编号') && names.has('购买数量')) return 'taobao_items';
  if (!names.has('订单编号') && names.has('商家编码') && (names.has('库位') || names.has('条码'))) return 'sku_master';
  return null;
}

/** Column name → index, for reading rows by name. Reports required columns that are missing. */
export function columnIndex(header: string[], kind: TaobaoKind, file: string) {
  const idx = indexHeader(header);
  return { idx, errors: missingColumns(idx, REQUIRED[kind], file) };
}

/** Taobao status texts (full-width comma is the real text; the half-width one is read the same). */
const STATUS_TEXT: ReadonlyArray<readonly [RegExp, StatusOrUnpaid]> = [
  [/^等待买家付款/, 'unpaid'],
  [/部分发货/, 'paid'],
  [/^买家已付款/, 'paid'],
  [/^卖家已发货/, 'shipped'],
  [/^交易成功/, 'succeeded'],
  [/^交易关闭/, 'closed'],
];

export function mapStatus(text: string): StatusOrUnpaid | null {
  return lookupStatus(STATUS_TEXT, text);
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

const TID = /^\d{6,32}$/;

/**
 * 订单报表 rows → ExportOrders (one row per order; lines come from the 宝贝报表, so `lines` is null).
 * A tracking number on a shipped order is a parcel of every line; on a 部分发货 order it is not used
 * (the export doesn't say which lines it holds).
 */
export function mapOrderRows(rows: string[][], idx: Map<string, number>, file: string, timeZone: string, firstRow = 2): MappedOrders {
  const seen = new Map<string, number>();
  return mapRows(
    rows,
    idx,
    file,
    (r) => {
      const tid = r.id('订单编号', TID);
      if (tid && seen.has(tid)) r.fail('订单编号', `订单编号 ${tid} 与第 ${seen.get(tid)} 行重复 duplicates row ${seen.get(tid)}`);
      const status = r.status('订单状态', STATUS_TEXT);
      const staged = r.get('分阶段订单信息');
      const stagedPay = staged ? parseStagedPayment(staged) : null;
      if (staged && !stagedPay) r.fail('分阶段订单信息', `无法识别 cannot read “${staged}”`);
      const postage = r.money('买家应付邮费');
      const items = r.has('买家应付货款') ? r.money('买家应付货款', true) : Math.max(0, r.money('支付金额', true) - postage);
      const createdAt = r.time(timeZone, '订单创建时间');
      const paidAt = r.time(timeZone, '订单付款时间');
      const succeededAt = status === 'succeeded' ? r.time(timeZone, '交易成功时间', '确认收货时间', '交易完成时间') : null;
      const name = r.required('收货人姓名', '收货人');
      const address = parseAddress(r.required('收货地址'));
      const contact = r.get('联系手机', '联系电话');
      const carrier = r.get('物流公司');
      const trackingNo = cleanTrackingNo(r.get('物流单号'));
      if (!tid || status == null) return null;
      seen.set(tid, r.row);
      if (status === 'unpaid') return { unpaid: true, tid };
      const parcels: ExportParcel[] =
        trackingNo && status !== 'paid' && status !== 'closed' ? [{ carrier, trackingNo, oids: null, shippedAt: null }] : [];
      return {
        status,
        line: null,
        parcels,
        order: {
          row: r.row,
          platform: 'taobao',
          tid,
          shop: r.get('店铺名称'),
          buyerNick: r.get('买家会员名'),
          orderType: stagedPay ? 'presale' : 'spot',
          createdAt,
          paidAt,
          shipDeadline: null,
          succeededAt,
          amounts: {
            items,
            postage,
            coupon: r.money('店铺优惠'),
            redPacket: r.money('红包'),
            taobaoCoin: r.money('淘金币抵扣'),
            deposit: stagedPay?.deposit ?? null,
            balance: stagedPay?.balance ?? null,
          },
          sellerMemo: r.get('订单备注'),
          sellerFlag: 0,
          buyerMessage: r.get('买家留言'),
          buyer: makeBuyer(name, contact, address),
          platformHold: false,
        },
      };
    },
    firstRow,
  );
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
    const r = new RowReader(cells, idx, file, firstRow + i, errors);
    const before = errors.length;
    if (cells.every((c) => cleanCell(c) === '')) return;
    const tid = r.id('订单编号', TID);
    const title = r.required('标题');
    const qty = r.qty('购买数量');
    const sku = r.get('商家编码', '外部系统编号');
    const price = r.price('价格');
    const oid = r.optionalId('子订单编号', TID);
    if (errors.length > before) return;
    items.push({ row: r.row, tid, oid: oid || null, sku, title, qty, price });
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
    const r = new RowReader(cells, idx, file, firstRow + i, errors);
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
