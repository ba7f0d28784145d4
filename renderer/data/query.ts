// The data layer's logic as plain objects (no React), so node:test can drive it: a query that drops
// stale responses and keeps its last error, a debounced reload on pushed change events, and an action
// runner that surfaces errors instead of swallowing them. The hooks in hooks.ts are thin wrappers.
import type { ChangeEvent } from '../../shared/api/contract.js';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
}

/**
 * One query: `run(fetch)` starts a request; an older request that answers after a newer one started is
 * dropped (its data and its error). The last good data stays visible while reloading and after an error.
 */
export class QueryController<T> {
  private gen = 0;
  private state: QueryState<T> = { data: undefined, error: null, loading: false };
  private readonly listeners = new Set<() => void>();

  getState = (): QueryState<T> => this.state;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  private set(patch: Partial<QueryState<T>>): void {
    this.state = { ...this.state, ...patch };
    for (const l of [...this.listeners]) l();
  }

  /** Starts a request; resolves when it settles (stale or not), never rejects. */
  run(fetch: () => Promise<T>): Promise<void> {
    const gen = ++this.gen;
    this.set({ loading: true });
    return fetch().then(
      (data) => {
        if (gen === this.gen) this.set({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (gen === this.gen) this.set({ error, loading: false });
      },
    );
  }

  /** Replaces the data in place (an action's answer), dropping any request in flight. */
  setData(data: T): void {
    this.gen++;
    this.set({ data, error: null, loading: false });
  }

  /** Any answer still in flight is ignored from now on. */
  dispose(): void {
    this.gen++;
    this.listeners.clear();
  }
}

export type Subscribe = (fn: (e: ChangeEvent) => void) => () => void;

/** Calls `reload` once per burst of pushed change events of these kinds (debounced). Returns the unsubscribe. */
export function reloadOnChanges(
  subscribe: Subscribe,
  kinds: ReadonlyArray<ChangeEvent['kind']>,
  reload: () => void,
  delayMs = 150,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const off = subscribe((e) => {
    if (!kinds.includes(e.kind)) return;
    clearTimeout(timer);
    timer = setTimeout(reload, delayMs);
  });
  return () => {
    off();
    clearTimeout(timer);
  };
}

export interface ActionState {
  busy: boolean;
  error: unknown;
}

/**
 * Runs a user action: busy while it runs, its error kept for display (not thrown, not swallowed).
 * `run` resolves to the result, or undefined when it failed. A second run while busy is refused.
 */
export class ActionRunner<A extends unknown[], R> {
  private state: ActionState = { busy: false, error: null };
  private readonly listeners = new Set<() => void>();
  constructor(private fn: (...args: A) => Promise<R>) {}

  setFn(fn: (...args: A) => Promise<R>): void {
    this.fn = fn;
  }
  getState = (): ActionState => this.state;
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  private set(s: ActionState): void {
    this.state = s;
    for (const l of [...this.listeners]) l();
  }
  reset = (): void => this.set({ busy: false, error: null });

  run = async (...args: A): Promise<R | undefined> => {
    if (this.state.busy) return undefined;
    this.set({ busy: true, error: null });
    try {
      const r = await this.fn(...args);
      this.set({ busy: false, error: null });
      return r;
    } catch (error) {
      this.set({ busy: false, error });
      return undefined;
    }
  };
}

export interface PageState<T> {
  items: T[];
  total: number | null;
  cursor: string | null;
  loading: boolean;
  error: unknown;
}

/**
 * A keyset-paged list: `reset` loads the first page (a new filter), `more` appends the next page,
 * `refresh` re-reads as many rows as are loaded (a pushed change) so the scroll position holds.
 * Answers for an older filter, or a `more` that a reset overtook, are dropped.
 */
export class PagedList<T> {
  private gen = 0;
  private moreInFlight = false;
  private state: PageState<T> = { items: [], total: null, cursor: null, loading: false, error: null };
  private readonly listeners = new Set<() => void>();
  constructor(private readonly keyOf: (item: T) => string) {}

  getState = (): PageState<T> => this.state;
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  private set(patch: Partial<PageState<T>>): void {
    this.state = { ...this.state, ...patch };
    for (const l of [...this.listeners]) l();
  }

  private first(fetch: () => Promise<{ items: T[]; total: number; nextCursor: string | null }>): Promise<void> {
    const gen = ++this.gen;
    this.moreInFlight = false;
    this.set({ loading: true });
    return fetch().then(
      (p) => {
        if (gen === this.gen) this.set({ items: p.items, total: p.total, cursor: p.nextCursor, loading: false, error: null });
      },
      (error: unknown) => {
        if (gen === this.gen) this.set({ loading: false, error });
      },
    );
  }

  reset(fetch: (limit: number) => Promise<{ items: T[]; total: number; nextCursor: string | null }>, pageSize: number): Promise<void> {
    return this.first(() => fetch(pageSize));
  }

  refresh(fetch: (limit: number) => Promise<{ items: T[]; total: number; nextCursor: string | null }>, pageSize: number, max = 500) {
    return this.first(() => fetch(Math.min(max, Math.max(pageSize, this.state.items.length))));
  }

  more(fetch: (cursor: string) => Promise<{ items: T[]; total: number; nextCursor: string | null }>): Promise<void> {
    const cursor = this.state.cursor;
    if (!cursor || this.moreInFlight) return Promise.resolve();
    this.moreInFlight = true;
    const gen = this.gen;
    this.set({ loading: true });
    return fetch(cursor).then(
      (p) => {
        if (gen !== this.gen) return;
        this.moreInFlight = false;
        const seen = new Set(this.state.items.map(this.keyOf));
        this.set({
          items: [...this.state.items, ...p.items.filter((i) => !seen.has(this.keyOf(i)))],
          total: p.total,
          cursor: p.nextCursor,
          loading: false,
          error: null,
        });
      },
      (error: unknown) => {
        if (gen !== this.gen) return;
        this.moreInFlight = false;
        this.set({ loading: false, error });
      },
    );
  }

  dispose(): void {
    this.gen++;
    this.listeners.clear();
  }
}
