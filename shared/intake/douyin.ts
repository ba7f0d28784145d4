// Douyin 抖店 order export (订单管理 → 导出): one row per sub-order, grouped into one ExportOrder per
// 主订单编号. Pure; see /spec/exports.md "Douyin".
import type { OrderType } from '../domain.js';
import {
  indexHeader,
  isEncrypted,
  makeBuyer,
  mapRows,
  missingColumns,
  normHeader,
  parseDouyinParcels,
  type MappedOrders,
  type StatusOrUnpaid,
} from './common.js';

export const DOUYIN_REQUIRED: ReadonlyArray<string | readonly string[]> = [
  '主订单编号',
  '子订单编号',
  ['选购商品', '商品名称'],
  '商品数量',
  '订单应付金额',
  '订单状态',
  '收件人',
  '收件人手机号',
  '详细地址',
];

/** 主订单编号 + 子订单编号 in the header: a Douyin export. */
export function isDouyinHeader(header: string[]): boolean {
  const names = new Set(header.map(normHeader));
  return names.has('主订单编号') && names.has('子订单编号');
}

export const DOUYIN_STATUS: ReadonlyArray<readonly [string | RegExp, StatusOrUnpaid]> = [
  [/^(待支付|待付款|未支付)/, 'unpaid'],
  ['待发货', 'paid'],
  ['备货中', 'paid'],
  [/^部分发货/, 'paid'],
  ['已发货', 'shipped'],
  ['已完成', 'succeeded'],
  ['已关闭', 'closed'],
];

/** 订单类型 / 预约发货时间 → order type: presale, tiered, custom ship time, scheduled; spot otherwise. */
export function douyinOrderType(typeText: string, scheduledShip: string): OrderType {
  if (/预售/.test(typeText)) return 'presale';
  if (/阶梯/.test(typeText)) return 'tiered';
  if (/自定义/.test(typeText)) return 'custom_ship_time';
  if (/预约/.test(typeText)) return 'scheduled_delivery';
  if (scheduledShip !== '' && scheduledShip !== '-') return 'scheduled_delivery';
  return 'spot';
}

const ID = /^\d{6,32}$/;

/** 售后状态 `-` = none; 退款成功 refunds the sub-order; 退款中 and the like leave it live. */
export function isRefunded(afterSale: string): boolean {
  return /退款成功|退货退款成功/.test(afterSale);
}

export function mapDouyinRows(rows: string[][], header: string[], file: string, timeZone: string): MappedOrders {
  const idx = indexHeader(header);
  const missing = missingColumns(idx, DOUYIN_REQUIRED, file);
  if (missing.length) return { orders: [], skipped: [], errors: missing };
  const seen = new Map<string, number>();
  return mapRows(rows, idx, file, (r) => {
    const tid = r.id('主订单编号', ID);
    const oid = r.id('子订单编号', ID);
    if (oid && seen.has(oid)) r.fail('子订单编号', `子订单编号 ${oid} 与第 ${seen.get(oid)} 行重复 duplicates row ${seen.get(oid)}`);
    const status = r.status('订单状态', DOUYIN_STATUS);
    const title = [r.required('选购商品', '商品名称'), r.get('商品规格')].filter(Boolean).join(' ');
    const qty = r.qty('商品数量');
    const price = r.price('商品单价');
    const paid = r.money('订单应付金额', true);
    const postage = Math.min(r.money('运费'), paid);
    const createdAt = r.time(timeZone, '订单提交时间');
    const paidAt = r.time(timeZone, '支付完成时间');
    const shipDeadline = r.time(timeZone, '承诺发货时间', '预约发货时间');
    const succeededAt = status === 'succeeded' ? r.time(timeZone, '订单完成时间') : null;
    const shippedAt = r.time(timeZone, '发货时间');
    const refunded = isRefunded(r.get('售后状态'));
    const name = r.required('收件人');
    const phone = r.required('收件人手机号');
    const detail = r.required('详细地址');
    const parcels = parseDouyinParcels(r.get('快递信息')).map((p) => ({ ...p, oids: [oid], shippedAt }));
    if (!tid || !oid || status == null) return null;
    seen.set(oid, r.row);
    if (status === 'unpaid') return { unpaid: true, tid };
    const street = r.get('街道');
    return {
      status,
      line: { oid, sku: r.get('商家编码'), title, qty, price, refunded },
      parcels: status === 'closed' || refunded ? [] : parcels,
      order: {
        row: r.row,
        platform: 'douyin',
        tid,
        shop: r.get('店铺名称'),
        buyerNick: r.get('买家昵称'),
        orderType: douyinOrderType(r.get('订单类型'), r.get('预约发货时间')),
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
          detail: street && street !== '-' && !isEncrypted(detail) && !detail.startsWith(street) ? `${street}${detail}` : detail,
        }),
        platformHold: false,
      },
    };
  });
}
