// Any other export, read through a saved column mapping (field → column name). Rows group into one
// ExportOrder per order id; sub-order id, when mapped, names the line. Pure.
import type { MappingField, MappingFields } from '../api/mappings.js';
import type { Platform } from '../domain.js';
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
import { DOUYIN_STATUS } from './douyin.js';
import { JD_STATUS } from './jd.js';
import { PDD_STATUS } from './pdd.js';
import { mapStatus as taobaoStatus } from './taobao.js';

/** Every platform's status texts, plus plain English ones. */
const STATUS: ReadonlyArray<readonly [string | RegExp, StatusOrUnpaid]> = [
  ...DOUYIN_STATUS,
  ...PDD_STATUS,
  ...JD_STATUS,
  [/^(unpaid|wait_buyer_pay)$/i, 'unpaid'],
  [/^(paid|wait_seller_send_goods|to_ship)$/i, 'paid'],
  [/^(shipped|wait_buyer_confirm_goods)$/i, 'shipped'],
  [/^(succeeded|trade_finished|completed|done)$/i, 'succeeded'],
  [/^(closed|cancelled|canceled|trade_closed)$/i, 'closed'],
];

export function mappedStatus(text: string): StatusOrUnpaid | null {
  const t = text.trim();
  for (const [k, s] of STATUS) {
    if (typeof k === 'string' ? normHeader(k) === normHeader(t) : k.test(normHeader(t))) return s;
  }
  return taobaoStatus(t);
}

const ID = /^[0-9A-Za-z][0-9A-Za-z_-]{2,63}$/;

export function mapWithMapping(
  rows: string[][],
  header: string[],
  mapping: { platform: Platform; fields: MappingFields },
  file: string,
  timeZone: string,
): MappedOrders {
  const idx = indexHeader(header);
  const col = (f: MappingField): string => mapping.fields[f] ?? '';
  const required = (['orderId', 'qty'] as const).map(col).filter(Boolean);
  const missing = missingColumns(idx, required, file);
  if (missing.length) return { orders: [], skipped: [], errors: missing };
  const count = new Map<string, number>();
  const seen = new Map<string, number>();
  return mapRows(rows, idx, file, (r) => {
    const get = (f: MappingField) => (col(f) ? r.get(col(f)) : '');
    const tid = r.id(col('orderId'), ID);
    const subId = col('subOrderId') ? r.optionalId(col('subOrderId'), ID) : '';
    if (subId && seen.has(subId))
      r.fail(col('subOrderId'), `${col('subOrderId')} ${subId} 与第 ${seen.get(subId)} 行重复 duplicates row ${seen.get(subId)}`);
    let status: StatusOrUnpaid | null = 'paid';
    const statusText = get('status');
    if (col('status') && statusText) {
      status = mappedStatus(statusText);
      if (status == null) r.fail(col('status'), `未知的订单状态 unknown status “${statusText}”`);
    }
    const qty = r.qty(col('qty'));
    const paid = col('paidAmount') ? r.money(col('paidAmount')) : 0;
    const paidAt = col('paidAt') ? r.time(timeZone, col('paidAt')) : null;
    const shipDeadline = col('shipDeadline') ? r.time(timeZone, col('shipDeadline')) : null;
    const trackingNo = cleanTrackingNo(get('trackingNo'));
    if (!tid || status == null) return null;
    if (status === 'unpaid') return { unpaid: true, tid };
    const n = (count.get(tid) ?? 0) + 1;
    count.set(tid, n);
    const oid = subId || `${tid}-${n}`;
    if (subId) seen.set(subId, r.row);
    const sku = get('sku');
    return {
      status,
      line: { oid, sku, title: get('title') || sku, qty, price: null, refunded: false },
      parcels: trackingNo && status !== 'closed' ? [{ carrier: get('carrier'), trackingNo, oids: [oid], shippedAt: null }] : [],
      order: {
        row: r.row,
        platform: mapping.platform,
        tid,
        shop: '',
        buyerNick: '',
        orderType: 'spot',
        createdAt: paidAt,
        paidAt,
        shipDeadline,
        succeededAt: null,
        amounts: { items: paid, postage: 0, coupon: 0, redPacket: 0, taobaoCoin: 0, deposit: null, balance: null },
        sellerMemo: get('memo'),
        sellerFlag: 0,
        buyerMessage: '',
        buyer: makeBuyer(get('receiver'), get('phone'), parseAddress(get('address'))),
        platformHold: false,
      },
    };
  });
}
