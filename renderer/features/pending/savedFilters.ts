// Saved filters: a name and the URL params of the pending list, kept in this station's localStorage.
export interface SavedFilter {
  name: string;
  params: Record<string, string>;
}
const KEY = 'shiplock.pending.saved';

export function loadSaved(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): SavedFilter[] {
  try {
    const v = JSON.parse(storage?.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as SavedFilter[]).filter((s) => s && typeof s.name === 'string' && s.params) : [];
  } catch {
    return [];
  }
}

export function storeSaved(list: SavedFilter[], storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify(list.slice(0, 30)));
  } catch {
    /* storage blocked */
  }
}
