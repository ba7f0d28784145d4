// A batch created elsewhere (the pending list's selection) hands its skipped orders to the batch screen.
export type Created = { batchNo: string; orders: number; skipped: Array<{ tid: string; reason: string }> };

const HANDOFF_KEY = 'shiplock.batchCreated';

/** A batch created elsewhere (the pending list's selection) hands its skipped orders to this screen, through sessionStorage. */
export function rememberCreated(c: Created): void {
  try {
    sessionStorage.setItem(HANDOFF_KEY, JSON.stringify(c));
  } catch {
    /* storage blocked: the notice is a convenience */
  }
}

export function takeHandoff(batchNo: string | null): Created | null {
  try {
    const c = JSON.parse(sessionStorage.getItem(HANDOFF_KEY) ?? 'null') as Created | null;
    if (!c || c.batchNo !== batchNo) return null;
    sessionStorage.removeItem(HANDOFF_KEY);
    return c;
  } catch {
    return null;
  }
}
