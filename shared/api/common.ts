// Pieces every capability's contract uses.
import { z } from 'zod';

/** A query-string-friendly boolean: true/false/1/0. */
export const flagInput = z.preprocess(
  (v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' || v === '' ? false : v),
  z.boolean(),
);
/** Who acts (a clerk's name or 工号); the station name when left out. */
export const by = z.string().trim().min(1).max(40).optional();
export const tidField = z.string().trim().min(1).max(64);
export const tidInput = z.object({ tid: tidField });

/** Each capability's inputs must name exactly the methods of its outputs (checked with `satisfies`). */
export type InputsFor<O> = { [K in keyof O]: z.ZodType };
