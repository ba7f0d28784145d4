type Obj = Record<string, unknown>;

/** Deep-merges catalogue parts (b wins on a leaf). Typed as both, so t() keys stay checked. */
export function deepMerge<A extends object, B extends object>(a: A, b: B): A & B {
  const out: Obj = { ...(a as Obj) };
  for (const [k, v] of Object.entries(b as Obj)) {
    const cur = out[k];
    out[k] = cur && typeof cur === 'object' && v && typeof v === 'object' ? deepMerge(cur as Obj, v as Obj) : v;
  }
  return out as A & B;
}
