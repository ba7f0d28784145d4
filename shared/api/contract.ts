// The one typed contract between the renderer (or any station client) and the main process.
// Each capability declares its methods in its own file (input schema + output type); they merge here,
// and the merge is checked so inputs and outputs cannot drift. Electron IPC and the station HTTP API both
// dispatch through the same handler map, validating every argument with these schemas at the boundary.
import type { z } from 'zod';
import { alertsInputs, type AlertsOutputs } from './alerts.js';
import { appInputs, type AppOutputs } from './app.js';
import { checksInputs, type ChecksOutputs } from './checks.js';
import { intakeInputs, type IntakeOutputs, type ImportFileError } from './intake.js';
import { mappingsInputs, type MappingsOutputs, type UnknownHeaderView } from './mappings.js';
import { officeInputs, type OfficeOutputs } from './office.js';
import { interceptionInputs, type InterceptionOutputs } from './interception.js';
import { ordersInputs, type OrdersOutputs } from './orders.js';
import { outboxInputs, type OutboxOutputs } from './outbox.js';
import { packInputs, type InterceptionAlarm, type PackOutputs } from './pack.js';
import { picklistInputs, type PicklistOutputs } from './picklist.js';

export * from './alerts.js';
export * from './app.js';
export * from './checks.js';
export { tidInput } from './common.js';
export * from './intake.js';
export * from './mappings.js';
export * from './office.js';
export * from './interception.js';
export * from './orders.js';
export * from './outbox.js';
export * from './pack.js';
export * from './picklist.js';

/** Method name → input schema. */
export const apiInputs = {
  ...appInputs,
  ...ordersInputs,
  ...intakeInputs,
  ...mappingsInputs,
  ...interceptionInputs,
  ...packInputs,
  ...alertsInputs,
  ...outboxInputs,
  ...picklistInputs,
  ...checksInputs,
  ...officeInputs,
} as const;

/** Method name → output. */
export interface ApiOutputs
  extends
    AppOutputs,
    OrdersOutputs,
    IntakeOutputs,
    MappingsOutputs,
    InterceptionOutputs,
    PackOutputs,
    AlertsOutputs,
    OutboxOutputs,
    PicklistOutputs,
    ChecksOutputs,
    OfficeOutputs {}

type Missing<A, B> = Exclude<keyof A, keyof B>;
/** Compile-time: every input has an output and every output an input. */
const inputsAndOutputsAgree: [Missing<typeof apiInputs, ApiOutputs>, Missing<ApiOutputs, typeof apiInputs>] extends [never, never]
  ? true
  : never = true;
void inputsAndOutputsAgree;

export type Method = keyof typeof apiInputs & keyof ApiOutputs;
export type Input<K extends Method> = z.input<(typeof apiInputs)[K]>;
export type ParsedInput<K extends Method> = z.output<(typeof apiInputs)[K]>;
export type Output<K extends Method> = ApiOutputs[K];

/** What the main process implements: one async function per method, taking validated input. */
export type Handlers = { [K in Method]: (input: ParsedInput<K>) => Output<K> | Promise<Output<K>> };
/** A capability's share of the handler map. */
export type HandlersOf<O> = { [K in keyof O & Method]: Handlers[K] };

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
  | { kind: 'settings.changed' }
  | { kind: 'alerts.changed'; critical: Array<{ tid: string; kind: string; detail: string }> }
  /** Lines were just locked by these requests (emitted after the commit; see electron/pack/alarms.ts). */
  | { kind: 'interception.new'; items: InterceptionAlarm[] };

/** The error body both transports use: `{ error: { code, message, path } }`. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    path?: string | null;
    errors?: ImportFileError[];
    /** code `unknown_header`: the files no reader recognised, with their columns and first five rows. */
    unknownHeaders?: UnknownHeaderView[];
    /** Values a client words its own message with, in the UI language. */
    params?: Record<string, string | number>;
  };
}
