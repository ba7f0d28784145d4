// The order-fact event types, turned into calls on the one writer (electron/orders/).
import type { Envelope, OrderPayload } from '../../shared/events.js';
import { isEncrypted } from '../../shared/intake/common.js';
import type { EventApplier } from '../app/facts.js';
import { recordRefund, recordScan, recordShipment, recordTradeSucceeded, upsertOrder, type OrderRecord } from '../orders/index.js';

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

export function orderRecordFromEvent(env: Envelope<'order.upserted'>): OrderRecord {
  const p: OrderPayload = env.payload;
  const at = Date.parse(env.occurredAt);
  const b = p.buyer;
  // Receiver values may arrive as platform ciphertext: kept and shown as 已加密, never as a phone.
  const encrypted = isEncrypted(b.name) || isEncrypted(b.phone) || isEncrypted(b.address.detail);
  return {
    tid: p.tid,
    platform: env.platform,
    shop: p.shop,
    orderType: p.orderType,
    status: p.status,
    buyerNick: b.nick,
    createdAt: ms(p.createdAt),
    paidAt: ms(p.paidAt),
    platformShipDeadline: ms(p.shipDeadline),
    collectDeadline: ms(p.collectDeadline),
    amounts: {
      items: p.amounts.items,
      postage: p.amounts.postage,
      coupon: p.amounts.coupon,
      redPacket: p.amounts.redPacket,
      taobaoCoin: p.amounts.taobaoCoin,
      deposit: p.amounts.deposit ?? null,
      balance: p.amounts.balance ?? null,
    },
    sellerMemo: p.sellerMemo,
    sellerFlag: p.sellerFlag as OrderRecord['sellerFlag'],
    buyerMessage: typeof p.buyerMessage === 'string' ? p.buyerMessage : '',
    buyer: {
      name: b.name,
      phone: b.phone ?? null,
      secretNo: b.privacy?.secretNo ?? null,
      extension: b.privacy?.extension ?? null,
      secretExpiresAt: ms(b.privacy?.expiresAt),
      address: b.address,
      encrypted,
    },
    lines: p.lines.map((l) => ({
      oid: l.oid,
      sku: l.sku,
      title: l.title,
      qty: l.qty,
      price: null,
      bin: l.bin ?? null,
      barcode: l.barcode ?? null,
    })),
    source: 'event',
    origin: 'event',
    versionAt: at,
    // rules.md §5: "an order upsert with status succeeded" starts the clock at the event's occurredAt.
    succeededAt: p.status === 'succeeded' ? at : null,
  };
}

export const applyUpserted: EventApplier<Envelope<'order.upserted'>> = (ctx, env) => {
  const outcome = upsertOrder(ctx, orderRecordFromEvent(env));
  if (outcome === 'stale') return ['stale', 'older than the stored view of the order'];
  return ['applied', outcome];
};

export const applyShipped: EventApplier<Envelope<'order.shipped'>> = (ctx, env) => {
  const p = env.payload;
  const r = recordShipment(ctx, {
    tid: p.tid,
    ...(p.oids ? { oids: p.oids } : {}),
    carrier: p.carrier,
    trackingNo: p.trackingNo,
    at: Date.parse(p.shippedAt),
    source: 'event',
  });
  if (r == null) return ['pending', 'order not known yet'];
  if ('error' in r) return ['rejected', r.error];
  return ['applied', null];
};

export const applyScanned: EventApplier<Envelope<'logistics.scanned'>> = (ctx, env) => {
  const p = env.payload;
  const r = recordScan(ctx, {
    carrier: p.carrier,
    trackingNo: p.trackingNo,
    state: p.state,
    at: Date.parse(p.scannedAt),
    site: p.site ?? null,
  });
  return r === 'unknown' ? ['pending', 'tracking number not known yet'] : ['applied', null];
};

export const applySucceeded: EventApplier<Envelope<'trade.succeeded'>> = (ctx, env) => {
  const p = env.payload;
  return recordTradeSucceeded(ctx, { tid: p.tid, at: Date.parse(p.succeededAt) }) ? ['applied', null] : ['pending', 'order not known yet'];
};

export const applyRefund: EventApplier<Envelope<'refund.completed'>> = (ctx, env) => {
  const p = env.payload;
  const r = recordRefund(ctx, {
    tid: p.tid,
    ...(p.oids ? { oids: p.oids } : {}),
    at: Date.parse(p.completedAt),
    actor: 'platform',
    note: '平台退款完成,子订单已取消',
  });
  if (r == null) return ['pending', 'order not known yet'];
  if ('error' in r) return ['rejected', r.error];
  return ['applied', null];
};
