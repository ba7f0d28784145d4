// The platform event contract (spec/platform-events.md), validated with zod.
// Unknown extra fields are kept (loose objects); the raw payload is stored as received.
import { z } from 'zod';
import { ORDER_STATUSES, ORDER_TYPES, PLATFORMS, SELLER_FLAGS } from './domain.js';

/** ISO 8601 with an explicit offset or Z. */
export const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'expected ISO 8601 time with offset')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a valid time');

const fen = z.number().int('money is integer fen');
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const id = z.string().trim().min(1, 'must not be empty').max(128);

/** Text caps: a field longer than any real one is an attack on the screens and the print view. */
export const TEXT_CAPS = { memo: 500, name: 64, address: 200, shop: 100, title: 200 } as const;

export const orderLineSchema = z.looseObject({
  oid: id,
  sku: z.string().max(128),
  title: z.string().max(TEXT_CAPS.title),
  qty: z.number().int().positive(),
  bin: z.string().max(64).nullish(),
  barcode: z.string().max(64).nullish(),
});

export const addressSchema = z.looseObject({
  province: z.string().max(TEXT_CAPS.address),
  city: z.string().max(TEXT_CAPS.address),
  district: z.string().max(TEXT_CAPS.address),
  detail: z.string().max(TEXT_CAPS.address),
});

export const orderSchema = z
  .looseObject({
    tid: id,
    shop: z.string().max(TEXT_CAPS.shop).default(''),
    orderType: z.enum(ORDER_TYPES),
    status: z.enum(ORDER_STATUSES),
    createdAt: isoTime.nullish(),
    paidAt: isoTime.nullish(),
    shipDeadline: isoTime.nullish(),
    collectDeadline: isoTime.nullish(),
    amounts: z.looseObject({
      items: fen,
      postage: fen,
      coupon: fen,
      redPacket: fen,
      taobaoCoin: fen,
      deposit: fen.nullish(),
      balance: fen.nullish(),
    }),
    buyer: z.looseObject({
      nick: z.string().max(TEXT_CAPS.name).default(''),
      name: z.string().max(TEXT_CAPS.name).default(''),
      phone: z.string().max(TEXT_CAPS.name).nullish(),
      privacy: z.looseObject({ secretNo: nonEmpty, extension: z.string().nullish(), expiresAt: isoTime.nullish() }).nullish(),
      address: addressSchema,
    }),
    sellerMemo: z.string().max(TEXT_CAPS.memo).default(''),
    sellerFlag: z.union(SELLER_FLAGS.map((f) => z.literal(f)) as [z.ZodLiteral<0>, ...z.ZodLiteral<number>[]]).default(0),
    lines: z.array(orderLineSchema).min(1, 'an order has at least one line'),
  })
  .superRefine((o, ctx) => {
    const seen = new Set<string>();
    o.lines.forEach((l, i) => {
      if (seen.has(l.oid)) ctx.addIssue({ code: 'custom', message: `duplicate oid ${l.oid}`, path: ['lines', i, 'oid'] });
      seen.add(l.oid);
    });
  });
export type OrderPayload = z.infer<typeof orderSchema>;

const oids = z.array(id).min(1, 'give at least one oid, or leave oids out for the whole order');

export const payloadSchemas = {
  'order.upserted': orderSchema,
  'order.shipped': z.looseObject({ tid: id, oids: oids.optional(), carrier: nonEmpty, trackingNo: nonEmpty, shippedAt: isoTime }),
  'logistics.scanned': z.looseObject({
    carrier: nonEmpty,
    trackingNo: nonEmpty,
    scannedAt: isoTime,
    state: z.enum(['picked_up', 'in_transit', 'signed', 'exception']),
    site: z.string().nullish(),
  }),
  'trade.succeeded': z.looseObject({ tid: id, succeededAt: isoTime }),
  'refund.completed': z.looseObject({ tid: id, oids: oids.optional(), refundFee: fen.nonnegative(), completedAt: isoTime }),
  'interception.requested': z.looseObject({
    requestId: id,
    tid: id,
    oids: oids.optional(),
    source: z.enum(['customer_service', 'buyer_card', 'platform', 'manual']),
    reason: z.string().max(500).nullish(),
  }),
  'interception.withdrawn': z.looseObject({ requestId: id, by: nonEmpty, reason: z.string().max(500).nullish() }),
  'workorder.created': z.looseObject({
    workOrderId: id,
    tid: id,
    kind: z.enum(['urge_ship', 'urge_pickup']),
    createdAt: isoTime,
    dueAt: isoTime.nullish(),
  }),
  'workorder.closed': z.looseObject({
    workOrderId: id,
    closedAt: isoTime,
    action: z.enum(['picked_up', 'refunded', 'replied', 'complaint_filed']),
  }),
  'negotiation.answered': z.looseObject({
    negotiationId: id,
    tid: id,
    answer: z.enum(['agreed', 'declined']),
    answeredAt: isoTime,
  }),
} as const;

export type EventType = keyof typeof payloadSchemas;
export const EVENT_TYPES = Object.keys(payloadSchemas) as EventType[];
export type PayloadOf<T extends EventType> = z.infer<(typeof payloadSchemas)[T]>;

export const envelopeHeadSchema = z.looseObject({
  id: id,
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  platform: z.enum(PLATFORMS),
  occurredAt: isoTime,
  payload: z.unknown(),
});

export interface Envelope<T extends EventType = EventType> {
  id: string;
  type: T;
  platform: (typeof PLATFORMS)[number];
  occurredAt: string;
  payload: PayloadOf<T>;
}

export interface ValidationFailure {
  code: 'invalid_event';
  message: string;
  path: string;
}

/** Renders a zod path as `[3].payload.lines[0].qty`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Validates one envelope (head, then the payload for its type). */
export function parseEnvelope(
  raw: unknown,
  prefix: (string | number)[] = [],
): { ok: true; value: Envelope } | { ok: false; error: ValidationFailure } {
  const head = envelopeHeadSchema.safeParse(raw);
  if (!head.success) {
    const issue = head.error.issues[0]!;
    return { ok: false, error: { code: 'invalid_event', message: issue.message, path: formatPath([...prefix, ...issue.path]) } };
  }
  const schema = payloadSchemas[head.data.type];
  const payload = schema.safeParse(head.data.payload);
  if (!payload.success) {
    const issue = payload.error.issues[0]!;
    return {
      ok: false,
      error: { code: 'invalid_event', message: issue.message, path: formatPath([...prefix, 'payload', ...issue.path]) },
    };
  }
  return { ok: true, value: { ...head.data, payload: payload.data } as Envelope };
}

export const MAX_EVENTS_PER_REQUEST = 1000;
