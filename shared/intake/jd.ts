// JD 京东 order export (订单导出): one row per order line, grouped per 订单号. 锁定 = the platform holds
// the order (a platform interception request for the whole order). Pure; see /spec/exports.md "JD".
import {
  cleanTrackingNo,
  indexHeader,
  makeBuyer,
  mapRows,
  missingColumns,
  normHeader,
  parseAddress,
  type MappedOrders,
  type StatusOrUnpaid,
} from './common.js';

export const JD_REQUIRED: ReadonlyArray<string | readonly string[]> = [
  '订单号',
  '订单状态',
  '商品名称',
  '订购数量',
  ['应付金额', '订单金额'],
  '客户姓名',
  '客户地址',
  '联系电话',
];

/** 订单号 with 客户姓名 or 订购数量: a JD export. */
export function isJdHeader(header: string[]): boolean {
  const names = new Set(header.map(normHeader));
  return names.has('订单号') && (names.has('客户姓名') || names.has('订购数量'));
}

/** 锁定 is mapped to `paid`; the row reader marks the order platformHold. */
export const JD_STATUS: ReadonlyArray<readonly [string | RegExp, StatusOrUnpaid]> = [
  [/^(等待付款|待付款|未付款)/, 'unpaid'],
  ['等待出库', 'paid'],
  ['锁定', 'paid'],
  ['等待确认收货', 'shipped'],
  ['完成', 'succeeded'],
  ['已完成', 'succeeded'],
  ['已取消', 'closed'],
];

const TID = /^\d{6,32}$/;

export function mapJdRows(rows: string[][], header: string[], file: string, timeZone: string): MappedOrders {
  const idx = indexHeader(header);
  const missing = missingColumns(idx, JD_REQUIRED, file);
  if (missing.length) return { orders: [], skipped: [], errors: missing };
  const count = new Map<string, number>();
  return mapRows(rows, idx, file, (r) => {
    const tid = r.id('订单号', TID);
    const statusText = r.get('订单状态');
    const status = r.status('订单状态', JD_STATUS);
    const title = r.required('商品名称');
    const qty = r.qty('订购数量');
    const price = r.price('京东价');
    const paid = r.money(['应付金额', '订单金额'], true);
    const postage = Math.min(r.money('运费金额'), paid);
    const createdAt = r.time(timeZone, '下单时间');
    const paidAt = r.time(timeZone, '付款确认时间');
    const shipDeadline = r.time(timeZone, '承诺发货时间', '最晚发货时间');
    const succeededAt = status === 'succeeded' ? r.time(timeZone, '订单完成时间') : null;
    const name = r.required('客户姓名');
    const phone = r.required('联系电话');
    const address = r.required('客户地址');
    const trackingNo = cleanTrackingNo(r.get('运单号', '快递单号'));
    const carrier = r.get('承运商', '快递公司', '物流公司');
    if (!tid || status == null) return null;
    if (status === 'unpaid') return { unpaid: true, tid };
    const n = (count.get(tid) ?? 0) + 1;
    count.set(tid, n);
    const oid = `${tid}-${n}`;
    return {
      status,
      line: { oid, sku: r.get('货号', '商家SKU', '商家SKUID'), title, qty, price, refunded: false },
      parcels: trackingNo && (status === 'shipped' || status === 'succeeded') ? [{ carrier, trackingNo, oids: null, shippedAt: null }] : [],
      order: {
        row: r.row,
        platform: 'jd',
        tid,
        shop: r.get('店铺名称'),
        buyerNick: r.get('下单帐号', '下单账号'),
        orderType: 'spot',
        createdAt,
        paidAt,
        shipDeadline,
        succeededAt,
        amounts: { items: paid - postage, postage, coupon: 0, redPacket: 0, taobaoCoin: 0, deposit: null, balance: null },
        sellerMemo: r.get('商家备注'),
        sellerFlag: 0,
        buyerMessage: r.get('订单备注'),
        buyer: makeBuyer(name, phone, parseAddress(address)),
        platformHold: statusText.trim() === '锁定',
      },
    };
  });
}
