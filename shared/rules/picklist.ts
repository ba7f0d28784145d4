// Pick lists (拣货单): aggregation by SKU in walking order (natural bin order). Pure.

/** Natural order of bin codes: A-03-10 < A-03-12 < A-10-01 < B-01-02; an unknown bin sorts last. */
export function compareBins(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a == null || a === '') return 1;
  if (b == null || b === '') return -1;
  const pa = a.toUpperCase().match(/\d+|\D+/g) ?? [];
  const pb = b.toUpperCase().match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      if (x.length !== y.length) return x.length - y.length;
    } else if (x !== y) {
      if (nx !== ny) return nx ? -1 : 1;
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

export interface PickLine {
  tid: string;
  oid: string;
  sku: string;
  title: string;
  barcode: string | null;
  bin: string | null;
  qty: number;
}
export interface PickRow {
  bin: string | null;
  sku: string;
  title: string;
  barcode: string | null;
  totalQty: number;
  orderCount: number;
}

/** One row per SKU (and bin), quantities summed, sorted by bin in walking order, then SKU. */
export function aggregatePickList(lines: PickLine[]): PickRow[] {
  const rows = new Map<string, PickRow & { tids: Set<string> }>();
  for (const l of lines) {
    const key = `${l.sku}\u0000${l.bin ?? ''}`;
    let r = rows.get(key);
    if (!r) {
      r = { bin: l.bin, sku: l.sku, title: l.title, barcode: l.barcode, totalQty: 0, orderCount: 0, tids: new Set() };
      rows.set(key, r);
    }
    r.totalQty += l.qty;
    r.tids.add(l.tid);
  }
  return [...rows.values()]
    .map(({ tids, ...r }) => ({ ...r, orderCount: tids.size }))
    .sort((a, b) => compareBins(a.bin, b.bin) || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

/** Batch numbers: B + station day + a three-digit sequence, e.g. B20261123-007. */
export function batchNumber(day: string, seq: number): string {
  return `B${day.replace(/-/g, '')}-${String(seq).padStart(3, '0')}`;
}
