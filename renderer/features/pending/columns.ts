// Columns of the pending table. 拦截, ship-by, order no., lines and memo are always shown (at 1366 px too);
// the others can be hidden with the column chooser, remembered per station in localStorage.
export type ColumnId = 'lock' | 'deadline' | 'flag' | 'platform' | 'tid' | 'nick' | 'lines' | 'memo' | 'receiver' | 'amount' | 'batch';

export interface ColumnDef {
  id: ColumnId;
  /** CSS grid track. */
  track: string;
  /** Minimum width in px (the table scrolls sideways below the sum). */
  min: number;
  fixed?: boolean;
  align?: 'c' | 'r';
}

export const COLUMNS: ColumnDef[] = [
  { id: 'lock', track: '40px', min: 40, fixed: true, align: 'c' },
  { id: 'deadline', track: '114px', min: 114, fixed: true },
  { id: 'flag', track: '16px', min: 16, align: 'c' },
  { id: 'platform', track: '60px', min: 60 },
  { id: 'tid', track: '136px', min: 136, fixed: true },
  { id: 'nick', track: 'minmax(68px, 0.5fr)', min: 68 },
  { id: 'lines', track: 'minmax(186px, 1.2fr)', min: 186, fixed: true },
  { id: 'memo', track: 'minmax(96px, 1.2fr)', min: 96, fixed: true },
  { id: 'receiver', track: 'minmax(134px, 1.1fr)', min: 134 },
  { id: 'amount', track: '70px', min: 70, align: 'r' },
  { id: 'batch', track: '92px', min: 92 },
];

export const GAP = 9;
export const PAD = 12;

export function gridTemplate(visible: ColumnId[], selecting: boolean): { template: string; minWidth: number } {
  const cols = COLUMNS.filter((c) => visible.includes(c.id));
  const tracks = cols.map((c) => c.track);
  let min = cols.reduce((n, c) => n + c.min, 0) + GAP * (cols.length - 1) + 2 * PAD;
  if (selecting) {
    tracks.unshift('22px');
    min += 22 + GAP;
  }
  return { template: tracks.join(' '), minWidth: min };
}

const DEFAULT_HIDDEN: ColumnId[] = [];

export function storageKey(station: string): string {
  return `shiplock.pending.columns.${station}`;
}

export function loadColumns(station: string, storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): ColumnId[] {
  let hidden: ColumnId[] = DEFAULT_HIDDEN;
  try {
    const raw = storage?.getItem(storageKey(station));
    if (raw) hidden = (JSON.parse(raw) as { hidden: ColumnId[] }).hidden ?? DEFAULT_HIDDEN;
  } catch {
    /* defaults */
  }
  return COLUMNS.filter((c) => c.fixed || !hidden.includes(c.id)).map((c) => c.id);
}

export function saveColumns(station: string, visible: ColumnId[], storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage) {
  try {
    storage?.setItem(storageKey(station), JSON.stringify({ hidden: COLUMNS.filter((c) => !visible.includes(c.id)).map((c) => c.id) }));
  } catch {
    /* storage blocked */
  }
}
