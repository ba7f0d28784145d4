// Saved column mappings: for an export no built-in reader recognises, the clerk maps its columns to
// ShipLock's fields once; the mapping is saved under the header's signature and used by itself next time.
// Merged into the contract's apiInputs / ApiOutputs.
import { z } from 'zod';
import { PLATFORMS, type OrderStatus, type OrderType, type Platform } from '../domain.js';
import type { InputsFor } from './common.js';

/** ShipLock fields a column can be mapped to (orderId and qty are required). */
export const MAPPING_FIELDS = [
  'orderId',
  'subOrderId',
  'sku',
  'title',
  'qty',
  'receiver',
  'phone',
  'address',
  'paidAmount',
  'paidAt',
  'shipDeadline',
  'status',
  'carrier',
  'trackingNo',
  'memo',
] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];
export const REQUIRED_MAPPING_FIELDS: readonly MappingField[] = ['orderId', 'qty'];

const columnName = z.string().trim().min(1).max(100);

/** Field → the column (by header name) it is read from. */
export const mappingFieldsSchema = z
  .object(
    Object.fromEntries(MAPPING_FIELDS.map((f) => [f, columnName.optional()])) as Record<MappingField, z.ZodOptional<typeof columnName>>,
  )
  .strict()
  .superRefine((v, ctx) => {
    for (const f of REQUIRED_MAPPING_FIELDS) {
      if (!v[f]) ctx.addIssue({ code: 'custom', path: [f], message: `map a column to ${f}` });
    }
  });
export type MappingFields = Partial<Record<MappingField, string>>;

const headerSchema = z.array(z.string().max(200)).min(1).max(500);

export const mappingsInputs = {
  'mappings.list': z.object({}),
  /** What the mapping makes of the sample rows (the 422 `unknown_header` answer carries them). */
  'mappings.preview': z.object({
    header: headerSchema,
    rows: z.array(z.array(z.string().max(2000)).max(500)).max(50),
    platform: z.enum(PLATFORMS),
    fields: mappingFieldsSchema,
  }),
  'mappings.save': z.object({
    name: z.string().trim().min(1, 'give the mapping a name').max(60),
    header: headerSchema,
    platform: z.enum(PLATFORMS),
    fields: mappingFieldsSchema,
  }),
  'mappings.delete': z.object({ id: z.coerce.number().int().positive() }),
} as const satisfies InputsFor<MappingsOutputs>;

export interface MappingView {
  id: number;
  name: string;
  signature: string;
  platform: Platform;
  header: string[];
  fields: MappingFields;
  createdAt: number;
  updatedAt: number;
}

/** An order as the preview shows it: contact values masked (or 已加密), never raw. */
export interface MappingPreviewOrder {
  row: number;
  tid: string;
  status: OrderStatus;
  orderType: OrderType;
  paidAmount: number;
  paidAt: number | null;
  shipDeadline: number | null;
  receiver: string;
  phone: string | null;
  address: string;
  encrypted: boolean;
  lines: Array<{ oid: string; sku: string; title: string; qty: number }>;
  parcels: Array<{ carrier: string; trackingNo: string }>;
}

export interface MappingsOutputs {
  'mappings.list': { items: MappingView[] };
  'mappings.preview': {
    signature: string;
    orders: MappingPreviewOrder[];
    skipped: Array<{ row: number; tid: string; reason: string }>;
    errors: Array<{ file: string; row: number | null; field: string | null; message: string }>;
  };
  'mappings.save': MappingView;
  'mappings.delete': { ok: true };
}

/** A header no reader recognises, in the 422 `unknown_header` answer: its columns and first rows (masked). */
export interface UnknownHeaderView {
  file: string;
  signature: string;
  columns: string[];
  rows: string[][];
}
