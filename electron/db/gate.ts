// The write gate of the main connection. A big file import writes in a worker thread on its own connection,
// in one transaction that can last a minute; better-sqlite3 is synchronous, so a main-thread write meanwhile
// would block the event loop on SQLITE_BUSY (busy_timeout) and then fail. While the gate is closed, callers
// that write wait for it asynchronously (`whenOpen`), timers skip their tick (`closed`), and a write that
// slips through anyway fails at once (busy_timeout 0, Db.tx refuses) instead of freezing the station.
export class WriteGate {
  private held: Promise<void> | null = null;
  private readonly listeners = new Set<(open: boolean) => void>();

  /** True while an exclusive writer (an import in its worker) holds the database. */
  get closed(): boolean {
    return this.held != null;
  }

  /** Resolves when no exclusive writer holds the database (at once when none does). */
  async whenOpen(): Promise<void> {
    while (this.held) await this.held;
  }

  /** Called with false when the gate closes and true when it opens again. */
  onChange(fn: (open: boolean) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Runs fn as the one exclusive writer: waits for the gate, closes it for fn's whole run (other exclusive
   * writers queue in order), opens it when fn settles, whatever the outcome.
   */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    // Claimed in the same turn as the last check: with `await this.whenOpen()` before the claim, two writers
    // woken by one release both found the gate open and both went in (each overwriting the other's hold).
    // Before claiming, the callers released with us (whenOpen: writes that run as soon as they resume) have
    // their turn: they were waiting first.
    for (;;) {
      while (this.held) await this.held;
      await new Promise<void>((r) => setImmediate(r));
      if (!this.held) break;
    }
    let release!: () => void;
    this.held = new Promise<void>((r) => (release = r));
    this.emit(false);
    try {
      return await fn();
    } finally {
      this.held = null;
      this.emit(true);
      release();
    }
  }

  private emit(open: boolean): void {
    for (const fn of this.listeners) {
      try {
        fn(open);
      } catch (e) {
        console.error('[shiplock] write gate listener failed', e);
      }
    }
  }
}
