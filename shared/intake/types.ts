// What a platform export row mapper produces: one order, as the platform's back office exported it.
// Pure data (no I/O). electron/intake turns each ExportOrder into order facts for electron/orders/,
// the one writer. Every platform's mapper (Taobao, Douyin, Pinduoduo, JD, a saved column mapping)
// returns this same shape, so every file format settles the same rules.
import type { Amounts, OrderStatus, OrderType, Platform, SellerFlag } from '../domain.js';
import type { Address } from '../rules/masking.js';

export interface ExportLine {
  /** The platform's sub-order id (子订单编号); `${tid}-${n}` when the export has none. */
  oid: string;
  sku: string;
  title: string;
  qty: number;
  /** Unit price in fen, when the export has it. */
  price: number | null;
  /** 售后状态 退款成功 on this sub-order: the line is refunded (cancelled). */
  refunded: boolean;
}

export interface ExportParcel {
  carrier: string;
  /** Without the `No:` prefix. */
  trackingNo: string;
  /** The sub-orders in this parcel; null = every line of the order. */
  oids: string[] | null;
  /** 发货时间 when the export has one. */
  shippedAt: number | null;
}

export interface ExportBuyer {
  name: string;
  phone: string | null;
  secretNo: string | null;
  extension: string | null;
  address: Address;
  /**
   * The platform exported the receiver as ciphertext (`##…`, `$$…`, `***`): name, phone and address are
   * kept as given, shown as 已加密, never masked, unmasked or treated as a phone.
   */
  encrypted: boolean;
}

export interface ExportOrder {
  /** The (first) data row of this order in its file, 1-based with the header as row 1. */
  row: number;
  platform: Platform;
  tid: string;
  shop: string;
  buyerNick: string;
  status: OrderStatus;
  orderType: OrderType;
  createdAt: number | null;
  paidAt: number | null;
  /** The platform's promised ship time (承诺发货时间), when the export has one. */
  shipDeadline: number | null;
  /** 交易成功 / 已完成 time when the export has one (订单完成时间, 确认收货时间). */
  succeededAt: number | null;
  /** So that paidAmount(amounts) equals what the buyer actually paid (实付款). */
  amounts: Amounts;
  sellerMemo: string;
  sellerFlag: SellerFlag;
  /** 买家留言. */
  buyerMessage: string;
  buyer: ExportBuyer;
  /** null: this file has no lines for the order (a Taobao order export without its item export). */
  lines: ExportLine[] | null;
  parcels: ExportParcel[];
  /** JD 锁定: the platform holds the order (treated as a platform interception request for the whole order). */
  platformHold: boolean;
}
