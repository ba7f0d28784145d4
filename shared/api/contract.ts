// The one typed contract between the renderer (or any station client) and the main process.
// Each domain declares its methods (input schema + output type); the maps merge into `Api`.
// Electron IPC and the station HTTP API both dispatch through the same handler map, validating
// every argument with these schemas at the boundary.
import { z } from 'zod';
import { ORDER_TYPES, PLATFORMS, type OrderView, type Page } from '../domain.js';
import { settingsPatchSchema, type Settings, type SettingsView } from '../settings.js';

/** A query-string-friendly boolean: true/false/1/0. */
const flag = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' || v === '' ? false : v), z.boolean());

export const listOrdersInput = z.object({
  view: z.enum(['pending', 'all']).default('pending'),
  q: z.string().trim().max(64).optional(),
  platform: z.enum(PLATFORMS).optional(),
  orderType: z.enum(ORDER_TYPES).optional(),
  flag: z.coerce.number().int().min(0).max(5).optional(),
  /** Only orders whose ship deadline falls within this many hours from now (overdue included). */
  dueWithinHours: z.coerce.number().positive().max(24 * 366).optional(),
  /** Only orders with (true) or without (false) a locked line. */
  locked: flag.optional(),
  /** Include orders older than the default window (settings: 6 months). */
  includeOlder: flag.default(false),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export type ListOrdersInput = z.input<typeof listOrdersInput>;

export const tidInput = z.object({ tid: z.string().trim().min(1).max(64) });

export interface Health { ok: true; version: string; mode: 'electron' | 'station'; schemaVersion: number }

export interface ImportFileError { file: string; row: number | null; field: string | null; message: string }
export interface ImportRejection { file: string; row: number; tid: string | null; reason: string }
export interface ImportFileSummary { file: string; kind: FileKind; rows: number; imported: number; updated: number; unchanged: number }
export interface ImportResult {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: ImportRejection[];
  files: ImportFileSummary[];
}
export type FileKind = 'taobao_orders' | 'taobao_items' | 'sku_master' | 'events';

export const importFilesInput = z.object({
  files: z
    .array(z.object({ name: z.string().min(1).max(255), data: z.instanceof(Uint8Array) }))
    .min(1, 'choose at least one file')
    .max(20),
});

/** Method name → input schema. */
export const apiInputs = {
  'app.health': z.object({}),
  'orders.list': listOrdersInput,
  'orders.get': tidInput,
  'imports.run': importFilesInput,
  'settings.get': z.object({}),
  'settings.update': settingsPatchSchema,
} as const;

/** Method name → output. */
export interface ApiOutputs {
  'app.health': Health;
  'orders.list': Page<OrderView>;
  'orders.get': OrderView;
  'imports.run': ImportResult;
  'settings.get': SettingsView;
  'settings.update': SettingsView;
}

export type Method = keyof typeof apiInputs & keyof ApiOutputs;
export type Input<K extends Method> = z.input<(typeof apiInputs)[K]>;
export type ParsedInput<K extends Method> = z.output<(typeof apiInputs)[K]>;
export type Output<K extends Method> = ApiOutputs[K];

/** What the main process implements: one async function per method, taking validated input. */
export type Handlers = { [K in Method]: (input: ParsedInput<K>) => Output<K> | Promise<Output<K>> };

/** What every client offers (Electron preload, station HTTP): `send('orders.list', {...})`. */
export type Send = <K extends Method>(method: K, input: Input<K>) => Promise<Output<K>>;

export const METHODS = Object.keys(apiInputs) as Method[];
export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(apiInputs, name);
}

/** Changes pushed to every connected renderer (IPC event in Electron, SSE in station mode). */
export type ChangeEvent =
  | { kind: 'orders.changed'; tids: string[] }
  | { kind: 'import.progress'; importId: string; file: string; done: number; total: number }
  | { kind: 'settings.changed' };

/** The error body both transports use: `{ error: { code, message, path } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; path?: string | null; errors?: ImportFileError[] };
}
