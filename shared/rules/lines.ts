// Line identity across sources. An export without sub-order ids (Taobao items without 子订单编号, every
// Pinduoduo and JD export) numbers an order's lines `${tid}-1`, `${tid}-2`… (shared/intake/types.ts). When the
// platform later describes the same order with its real sub-order ids, those numbered lines are the same goods
// under a new name, not more goods: each is matched to one real line so the order keeps one line per sub-order
// and every fact on it (a lock, a batch, a handover, a parcel) moves with it.

export interface LineIdentity {
  oid: string;
  sku: string;
  title: string;
  qty: number;
}

/** Whether `oid` is a number the export gave the line of `tid` (`${tid}-n`), not a platform sub-order id. */
export function isNumberedLine(tid: string, oid: string): boolean {
  return oid.length > tid.length + 1 && oid.startsWith(`${tid}-`) && /^\d+$/.test(oid.slice(tid.length + 1));
}

/**
 * Which stored numbered lines are which incoming real lines. Only a numbered line the new view no longer
 * lists, and only an incoming line with a real id that is not stored yet, take part. A pair needs the same
 * quantity and the same goods: the same SKU (商家编码) when both have one, else the same title. Each line is
 * used once, numbered lines in stored order, each taking the first incoming line that fits (same SKU before
 * same title). A numbered line with no fitting real line is left unmatched: the caller treats it as before.
 */
export function matchNumberedLines(
  tid: string,
  stored: readonly LineIdentity[],
  incoming: readonly LineIdentity[],
): Array<{ from: string; to: string }> {
  const storedOids = new Set(stored.map((l) => l.oid));
  const incomingOids = new Set(incoming.map((l) => l.oid));
  const numbered = stored.filter((l) => isNumberedLine(tid, l.oid) && !incomingOids.has(l.oid));
  const real = incoming.filter((l) => !isNumberedLine(tid, l.oid) && !storedOids.has(l.oid));
  if (!numbered.length || !real.length) return [];
  const taken = new Set<string>();
  const pairs: Array<{ from: string; to: string }> = [];
  const sameSku = (a: LineIdentity, b: LineIdentity) => a.sku !== '' && b.sku !== '' && a.sku === b.sku;
  const sameTitle = (a: LineIdentity, b: LineIdentity) => (a.sku === '' || b.sku === '') && a.title !== '' && a.title === b.title;
  for (const l of numbered) {
    const fits = (f: (a: LineIdentity, b: LineIdentity) => boolean) => real.find((r) => !taken.has(r.oid) && r.qty === l.qty && f(l, r));
    const m = fits(sameSku) ?? fits(sameTitle);
    if (!m) continue;
    taken.add(m.oid);
    pairs.push({ from: l.oid, to: m.oid });
  }
  return pairs;
}
