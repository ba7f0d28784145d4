// Intake: file imports (every platform's export, the SKU master, signed .jsonl event files).
import { z } from 'zod';
import type { InputsFor } from './common.js';

export interface ImportFileError {
  file: string;
  row: number | null;
  field: string | null;
  message: string;
}
export interface ImportRejection {
  file: string;
  row: number;
  tid: string | null;
  reason: string;
}
export interface ImportFileSummary {
  file: string;
  kind: FileKind;
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
}
export interface ImportResult {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: ImportRejection[];
  files: ImportFileSummary[];
}
export type FileKind =
  | 'taobao_orders'
  | 'taobao_items'
  | 'douyin_orders'
  | 'pdd_orders'
  | 'jd_orders'
  /** Orders read through a saved column mapping. */
  | 'mapped_orders'
  | 'sku_master'
  | 'events';

/**
 * An upload the station server streamed to a private temp file (0600, in a 0700 folder, deleted after the
 * request) instead of holding it in memory. Only the process itself makes one: JSON and IPC (structured
 * clone) can't carry a class instance, so no client can name a path.
 */
export class StagedUpload {
  constructor(
    readonly path: string,
    readonly size: number,
  ) {}
}

export const importFilesInput = z.object({
  files: z
    .array(
      z.object({
        name: z.string().min(1).max(255),
        data: z.custom<Uint8Array | StagedUpload>((v) => v instanceof Uint8Array || v instanceof StagedUpload, 'expected the file bytes'),
        /** .jsonl event files: X-Erp-Signature over the file's bytes and its X-Erp-Timestamp (README). */
        signature: z.string().max(100).optional(),
        timestamp: z.string().max(20).optional(),
      }),
    )
    .min(1, 'choose at least one file')
    .max(20),
  /** A saved column mapping (its id) for files no built-in reader recognises; by default one is found by header signature. */
  mapping: z.coerce.number().int().positive().optional(),
});

export interface IntakeOutputs {
  'imports.run': ImportResult;
}

export const intakeInputs = {
  'imports.run': importFilesInput,
} as const satisfies InputsFor<IntakeOutputs>;
