import type { ChangeEvent } from '../../shared/api/contract.js';

/** Fan-out of change events to every connected renderer (IPC windows, SSE streams). */
export class ChangeBus {
  private readonly subs = new Set<(e: ChangeEvent) => void>();

  subscribe(fn: (e: ChangeEvent) => void): () => void {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }

  emit(e: ChangeEvent): void {
    for (const fn of this.subs) {
      try {
        fn(e);
      } catch (err) {
        console.error('[shiplock] change subscriber failed', err);
      }
    }
  }

  /** Emits orders.changed for a set of tids, in chunks so one push never carries an unbounded list. */
  ordersChanged(tids: Iterable<string>): void {
    const all = [...tids];
    for (let i = 0; i < all.length; i += 1000) this.emit({ kind: 'orders.changed', tids: all.slice(i, i + 1000) });
  }
}
