// The platform event contract (spec/platform-events.md), validated with zod.
// Unknown extra fields are kept (loose objects); the raw payload is stored as received.
import { z } from 'zod';
import { ORDER_STATUSES, ORDER_TYPES, PLATFORMS, SELLER_FLAGS } from './domain.js';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** ISO 8601 with an explicit offset or Z. */
export const isoTime = z
  .string()
  .regex(ISO_TIME, 'expected ISO 8601 time with offset')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a valid time');

const fen = z.number().int('money is integer fen');
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const id = z.string().trim().min(1, 'must not be empty').max(128);

export const orderLineSchema = z.looseObject({
  oid: id,
  sku: z.string().max(128),
  title: z.string().max(512),
  qty: z.number().int().positive(),
  bin: z.string().max(64).nullish(),
  barcode: z.string().max(64).nullish(),
});

export const addressSchema = z.looseObject({
  province: z.string(),
  city: z.string(),
  district: z.string(),
  detail: z.string(),
});

export const orderSchema = z
  .looseObject({
    tid: id,
    shop: z.string().default(''),
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
      nick: z.string().default(''),
      name: z.string().default(''),
      phone: z.string().nullish(),
      privacy: z.looseObject({ secretNo: nonEmpty, extension: z.string().nullish(), expiresAt: isoTime.nullish() }).nullish(),
      address: addressSchema,
    }),
    sellerMemo: z.string().default(''),
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
  const fast = parseOrderUpsertedFast(raw);
  if (fast) return { ok: true, value: fast };
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

// ---------------------------------------------------------------------------------------------------------
// order.upserted without zod. Nearly every event is one, and zod spends several microseconds on each. This
// accepts only envelopes zod certainly accepts (ids already trimmed, integers safe, plain JSON objects, no
// duplicate oid) and builds exactly zod's output: each object's schema keys in schema order (present keys,
// absent optional keys left out, defaults filled in), then its other keys as given. Anything else returns
// null and zod decides, with its error messages. A unit test holds the two to the same output.

type Plain = Record<string, unknown>;
const HEAD_KEYS = ['id', 'type', 'platform', 'occurredAt', 'payload'];
const ORDER_KEYS = [
  'tid',
  'shop',
  'orderType',
  'status',
  'createdAt',
  'paidAt',
  'shipDeadline',
  'collectDeadline',
  'amounts',
  'buyer',
  'sellerMemo',
  'sellerFlag',
  'lines',
];
const AMOUNT_KEYS = ['items', 'postage', 'coupon', 'redPacket', 'taobaoCoin', 'deposit', 'balance'];
const BUYER_KEYS = ['nick', 'name', 'phone', 'privacy', 'address'];
const PRIVACY_KEYS = ['secretNo', 'extension', 'expiresAt'];
const ADDRESS_KEYS = ['province', 'city', 'district', 'detail'];
const LINE_KEYS = ['oid', 'sku', 'title', 'qty', 'bin', 'barcode'];
const has = (o: Plain, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function plain(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}
/** Plainly not a character String.prototype.trim removes (ASCII above the blank, or CJK); else ask trim. */
const solid = (c: number) => (c > 32 && c < 127) || (c >= 0x4e00 && c <= 0x9fff);
const isId = (v: unknown, max = 128) =>
  typeof v === 'string' &&
  v.length >= 1 &&
  v.length <= max &&
  ((solid(v.charCodeAt(0)) && solid(v.charCodeAt(v.length - 1))) || v.trim() === v);
const isTime = (v: unknown) => typeof v === 'string' && ISO_TIME.test(v) && !Number.isNaN(Date.parse(v));
const isFen = (v: unknown) => Number.isSafeInteger(v);
const nullish = (v: unknown, ok: (v: unknown) => boolean) => v === undefined || v === null || ok(v);
const str = (max: number) => (v: unknown) => typeof v === 'string' && v.length <= max;
const anyStr = (v: unknown) => typeof v === 'string';

const NO_VALUES: Plain = {};

/**
 * zod's looseObject output: the schema keys in schema order — the parsed value (values) or the input's for
 * those present, the default where one applies to undefined — then src's other keys in src's order.
 * Null for a `__proto__` key (zod decides those).
 */
function loose(src: Plain, keys: string[], values: Plain = NO_VALUES, defaults: Plain = NO_VALUES): Plain | null {
  const out: Plain = {};
  let named = 0;
  for (const k of keys) {
    const v = src[k];
    if (v !== undefined) {
      named++;
      const parsed = values[k];
      out[k] = parsed !== undefined ? parsed : v;
    } else if (defaults[k] !== undefined) {
      if (has(src, k)) named++;
      out[k] = defaults[k];
    } else if (has(src, k)) {
      named++;
      out[k] = undefined;
    }
  }
  const all = Object.keys(src);
  if (all.length === named) return out;
  for (const k of all) {
    if (k === '__proto__') return null;
    if (!keys.includes(k)) out[k] = src[k];
  }
  return out;
}

function fastLine(l: unknown): Plain | null {
  if (!plain(l)) return null;
  if (!isId(l.oid) || !str(128)(l.sku) || !str(512)(l.title)) return null;
  if (!(Number.isSafeInteger(l.qty) && (l.qty as number) > 0)) return null;
  if (!nullish(l.bin, str(64)) || !nullish(l.barcode, str(64))) return null;
  return loose(l, LINE_KEYS);
}

function fastOrder(p: unknown): Plain | null {
  if (!plain(p) || !isId(p.tid)) return null;
  if (p.shop !== undefined && typeof p.shop !== 'string') return null;
  if (!(ORDER_TYPES as readonly unknown[]).includes(p.orderType) || !(ORDER_STATUSES as readonly unknown[]).includes(p.status)) return null;
  for (const k of ['createdAt', 'paidAt', 'shipDeadline', 'collectDeadline']) if (!nullish(p[k], isTime)) return null;
  const a = p.amounts;
  if (!plain(a) || !isFen(a.items) || !isFen(a.postage) || !isFen(a.coupon) || !isFen(a.redPacket) || !isFen(a.taobaoCoin)) return null;
  if (!nullish(a.deposit, isFen) || !nullish(a.balance, isFen)) return null;
  const b = p.buyer;
  if (!plain(b)) return null;
  if ((b.nick !== undefined && typeof b.nick !== 'string') || (b.name !== undefined && typeof b.name !== 'string')) return null;
  if (!nullish(b.phone, anyStr)) return null;
  let privacy: unknown = b.privacy;
  if (privacy !== undefined && privacy !== null) {
    const pr = privacy;
    if (!plain(pr) || !isId(pr.secretNo, Infinity) || !nullish(pr.extension, anyStr) || !nullish(pr.expiresAt, isTime)) return null;
    privacy = loose(pr, PRIVACY_KEYS);
    if (!privacy) return null;
  }
  const addr = b.address;
  if (!plain(addr) || !ADDRESS_KEYS.every((k) => typeof addr[k] === 'string')) return null;
  const address = loose(addr, ADDRESS_KEYS);
  if (!address) return null;
  if (p.sellerMemo !== undefined && typeof p.sellerMemo !== 'string') return null;
  if (p.sellerFlag !== undefined && !(SELLER_FLAGS as readonly unknown[]).includes(p.sellerFlag)) return null;
  if (!Array.isArray(p.lines) || p.lines.length === 0) return null;
  const lines: Plain[] = [];
  const oids = new Set<unknown>();
  for (const l of p.lines as unknown[]) {
    const line = fastLine(l);
    if (!line || oids.has(line.oid)) return null;
    oids.add(line.oid);
    lines.push(line);
  }
  // A privacy of undefined or null is the input's own (a parsed value of undefined means "as given").
  const buyer = loose(b, BUYER_KEYS, { privacy, address }, { nick: '', name: '' });
  const amounts = loose(a, AMOUNT_KEYS);
  if (!buyer || !amounts) return null;
  return loose(p, ORDER_KEYS, { amounts, buyer, lines }, { shop: '', sellerMemo: '', sellerFlag: 0 });
}

function parseOrderUpsertedFast(raw: unknown): Envelope | null {
  if (!plain(raw) || raw.type !== 'order.upserted' || !isId(raw.id)) return null;
  if (!(PLATFORMS as readonly unknown[]).includes(raw.platform) || !isTime(raw.occurredAt)) return null;
  const payload = fastOrder(raw.payload);
  if (!payload) return null;
  const head = loose(raw, HEAD_KEYS);
  if (!head) return null;
  return { ...head, payload } as unknown as Envelope;
}
