// Domain vocabulary shared by the main process and the renderer.
// Money is integer fen (分); times are UTC epoch milliseconds.

export const PLATFORMS = ['taobao', 'tmall', 'douyin', 'jd', 'pdd'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const ORDER_TYPES = ['spot', 'presale', 'custom_ship_time', 'tiered', 'scheduled_delivery'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const ORDER_STATUSES = ['paid', 'shipped', 'picked_up', 'succeeded', 'closed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Taobao seller flag values: 0 none/grey · 1 red · 2 yellow · 3 green · 4 blue · 5 purple. */
export const SELLER_FLAGS = [0, 1, 2, 3, 4, 5] as const;
export type SellerFlag = (typeof SELLER_FLAGS)[number];

export interface Amounts {
  items: number;
  postage: number;
  coupon: number;
  redPacket: number;
  taobaoCoin: number;
  deposit: number | null;
  balance: number | null;
}

/** What a clerk may see of a line. */
export interface OrderLineView {
  oid: string;
  sku: string;
  title: string;
  qty: number;
  bin: string | null;
  barcode: string | null;
  locked: boolean;
  /** 'open' | 'shipped' | 'refunded' */
  state: LineState;
  carrier: string | null;
  trackingNo: string | null;
}
export type LineState = 'open' | 'shipped' | 'refunded';

/** The buyer contact line, every value already masked. */
export interface ContactView {
  name: string;
  phone: string | null;
  secretNo: string | null;
  extension: string | null;
  /** When the secret number stops working (epoch ms), if known. */
  secretExpiresAt: number | null;
  secretExpired: boolean;
  address: string;
  /** The platform exported the receiver as ciphertext: every value above reads 已加密. */
  encrypted: boolean;
}

/** platform: given by the platform; derived: paid time + settings; negotiated: agreed with the buyer (协商发货). */
export type DeadlineSource = 'platform' | 'derived' | 'negotiated';

export interface OrderView {
  tid: string;
  platform: Platform;
  shop: string;
  buyerNick: string;
  orderType: OrderType;
  status: OrderStatus;
  paidAmount: number;
  createdAt: number | null;
  paidAt: number | null;
  shipDeadline: number | null;
  shipDeadlineSource: DeadlineSource;
  /** The buyer agreed to a negotiated ship time: no automatic compensation (不自动赔付). */
  noAutoCompensation: boolean;
  sellerFlag: SellerFlag;
  sellerMemo: string;
  /** 买家留言 (null: none, or the source did not say). */
  buyerMessage: string | null;
  /** True when any line of the order is locked by an interception. */
  locked: boolean;
  lines: OrderLineView[];
  contact: ContactView;
  updatedAt: number;
  /** The open pick batch holding the order's lines (list views only; absent elsewhere). */
  batch?: { batchNo: string; printed: boolean } | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}
