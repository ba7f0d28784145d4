// Orders: the pending list, one order, the clerk's mark-shipped and the supervisor's audited reveal.
import { z } from 'zod';
import { ORDER_TYPES, PLATFORMS, type OrderView, type Page } from '../domain.js';
import { by, flagInput, tidField, tidInput, type InputsFor } from './common.js';

export const listOrdersInput = z.object({
  view: z.enum(['pending', 'all']).default('pending'),
  q: z.string().trim().max(64).optional(),
  platform: z.enum(PLATFORMS).optional(),
  orderType: z.enum(ORDER_TYPES).optional(),
  flag: z.coerce.number().int().min(0).max(5).optional(),
  /** Only orders whose ship deadline falls within this many hours from now (overdue included). */
  dueWithinHours: z.coerce
    .number()
    .positive()
    .max(24 * 366)
    .optional(),
  /** Only orders with (true) or without (false) a locked line. */
  locked: flagInput.optional(),
  /** Include orders older than the default window (settings: 6 months); 待发货 (pending) ignores the window. */
  includeOlder: flagInput.default(false),
  /** Triage bucket by ship deadline; buckets are disjoint (6h and 24h leave out overdue), see `orders.counts`. */
  due: z.enum(['overdue', '6h', '24h', 'later']).optional(),
  /** Only orders with (true) or without (false) lines in an open pick batch. */
  inBatch: flagInput.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export type ListOrdersInput = z.input<typeof listOrdersInput>;

export const markShippedInput = z
  .object({
    tid: tidField,
    oids: z.array(z.string().trim().min(1).max(64)).min(1).optional(),
    carrier: z.string().trim().max(40).default(''),
    trackingNo: z.string().trim().max(40).default(''),
    /** 无需物流: no tracking number (refused for a partly shipped order). */
    noLogistics: z.boolean().default(false),
    by,
  })
  .superRefine((v, ctx) => {
    if (!v.noLogistics && !v.trackingNo) ctx.addIssue({ code: 'custom', path: ['trackingNo'], message: 'a tracking number is required' });
    if (!v.noLogistics && !v.carrier) ctx.addIssue({ code: 'custom', path: ['carrier'], message: 'a carrier is required' });
  });

export interface RevealedContact {
  tid: string;
  name: string;
  /** Never set for a number-protected order: the secret number replaces the phone. */
  phone: string | null;
  secretNo: string | null;
  extension: string | null;
  address: string;
  /** The platform exported the receiver encrypted: there is nothing to reveal. */
  encrypted: boolean;
}

export interface OrdersOutputs {
  'orders.list': Page<OrderView>;
  'orders.get': OrderView;
  'orders.markShipped': OrderView;
  'orders.reveal': RevealedContact;
}

export const ordersInputs = {
  'orders.list': listOrdersInput,
  'orders.get': tidInput,
  'orders.markShipped': markShippedInput,
  /** A supervisor's audited reveal of one order's real contact (the only route that returns one). */
  'orders.reveal': z.object({
    tid: tidField,
    supervisor: z.string().trim().min(1, 'who is revealing').max(40),
    pin: z.string().min(6, '主管密码至少 6 位').max(32),
    reason: z.string().trim().min(1, 'a reason is required').max(200),
  }),
} as const satisfies InputsFor<OrdersOutputs>;
