// Pinduoduo 拼多多 order export (订单查询 → 导出): one row per order line, grouped per 订单号.
// Pure; see /spec/exports.md "Pinduoduo".
import {
  cleanTrackingNo,
  indexHeader,
  makeBuyer,
  mapRows,
  missingColumns,
  normHeader,
  type MappedOrders,
  type StatusOrUnpaid,
} from './common.js';
import { isRefunded } from './douyin.js';

export const PDD_REQUIRED: ReadonlyArray<string | readonly string[]> = [
  '订单号',
  '订单状态',
  '商品',
  '商品数量(件)',
  '用户实付金额(元)',
  '收货人',
  '手机',
];

/** 订单号 with a PDD-only column (`用户实付金额(元)`, `商家编码-SKU维度`, `拼单成功时间`), any width of brackets. */
export function isPddHeader(header: string[]): boolean {
  const names = new Set(header.map(normHeader));
  return names.has('订单号') && (names.has('用户实付金额(元)') || names.has('商家编码-SKU维度') || names.has('拼单成功时间'));
}

export const PDD_STATUS: ReadonlyArray<readonly [string | RegExp, StatusOrUnpaid]> = [
  [/^(待支付|待付款|未支付)/, 'unpaid'],
  [/^(未发货|已发货|已收货|已签收),?退款成功/, 'closed'],
  ['待发货', 'paid'],
  [/^已发货(,待收货)?$/, 'shipped'],
  [/^(已收货|已签收)$/, 'succeeded'],
  [/^(已取消|交易已取消)$/, 'closed'],
];

/** `261120-300000000000000`: date part, dash, serial. Plain digits are accepted too. */
const TID = /^\d{6}-\d{6,24}$|^\d{6,32}$/;

export function mapPddRows(rows: string[][], header: string[], file: string, timeZone: string): MappedOrders {
  const idx = indexHeader(header);
  const missing = missingColumns(idx, PDD_REQUIRED, file);
  if (missing.length) return { orders: [], skipped: [], errors: missing };
  const count = new Map<string, number>();
  return mapRows(rows, idx, file, (r) => {
    const tid = r.id('订单号', TID);
    const status = r.status('订单状态', PDD_STATUS);
    const title = [r.required('商品'), r.get('商品规格')].filter(Boolean).join(' ');
    const qty = r.qty('商品数量(件)');
    const paid = r.money('用户实付金额(元)', true);
    const postage = Math.min(r.money('邮费(元)'), paid);
    const paidAt = r.time(timeZone, '支付时间');
    const createdAt = r.time(timeZone, '拼单成功时间', '支付时间');
    const shipDeadline = r.time(timeZone, '承诺发货时间');
    const shippedAt = r.time(timeZone, '发货时间');
    const succeededAt = status === 'succeeded' ? r.time(timeZone, '确认收货时间') : null;
    const name = r.required('收货人');
    const phone = r.required('手机');
    const street = r.get('街道', '详细地址');
    const trackingNo = cleanTrackingNo(r.get('快递单号'));
    const carrier = r.get('快递公司');
    if (!tid || status == null) return null;
    if (status === 'unpaid') return { unpaid: true, tid };
    const n = (count.get(tid) ?? 0) + 1;
    count.set(tid, n);
    const oid = `${tid}-${n}`;
    const refunded = isRefunded(r.get('售后状态'));
    return {
      amountsPerRow: true,
      status,
      line: { oid, sku: r.get('商家编码-SKU维度', '商家编码-商品维度'), title, qty, price: null, refunded },
      parcels: trackingNo && status !== 'closed' && !refunded ? [{ carrier, trackingNo, oids: [oid], shippedAt }] : [],
      order: {
        row: r.row,
        platform: 'pdd',
        tid,
        shop: r.get('店铺名称'),
        buyerNick: '',
        orderType: 'spot',
        createdAt,
        paidAt,
        shipDeadline,
        succeededAt,
        amounts: { items: paid - postage, postage, coupon: 0, redPacket: 0, taobaoCoin: 0, deposit: null, balance: null },
        sellerMemo: r.get('商家备注'),
        sellerFlag: 0,
        buyerMessage: r.get('买家留言'),
        buyer: makeBuyer(name, phone, {
          province: r.get('省'),
          city: r.get('市'),
          district: r.get('区'),
          detail: street,
        }),
        platformHold: false,
      },
    };
  });
}
