// Optional delivery of the outbox to a configured URL: at least once, in order per order, with
// exponential backoff. A failing endpoint never blocks a lock: delivery runs apart from decisions.
import { sql, type Db } from '../db/sql.js';
import { sign } from '../intake/index.js';

export interface DeliveryOptions {
  db: Db;
  url: () => string | null;
  secret: () => string;
  now: () => number;
  fetch?: typeof fetch;
  /** Backoff cap (ms). */
  maxBackoff?: number;
}

export function backoff(attempts: number, cap: number): number {
  return Math.min(cap, 1000 * 2 ** Math.min(attempts, 20));
}

export class OutboxDeliverer {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  constructor(private readonly o: DeliveryOptions) {}

  /** Delivers what is due now; returns how many envelopes were delivered. */
  async tick(): Promise<number> {
    const url = this.o.url();
    if (!url || this.running) return 0;
    this.running = true;
    let delivered = 0;
    try {
      const blockedTids = new Set<string | null>();
      // Oldest first; an order whose earliest undelivered message is not due yet (or just failed) waits whole.
      const pending = this.o.db.all<{ seq: number; tid: string | null; envelope: string; attempts: number; next_at: number }>(sql`
        SELECT o.seq, o.tid, o.envelope, d.attempts, d.next_at FROM outbox_delivery d JOIN outbox o ON o.seq = d.seq
        WHERE d.delivered_at IS NULL ORDER BY d.seq LIMIT 500`);
      for (const row of pending) {
        if (blockedTids.has(row.tid)) continue;
        if (row.next_at > this.o.now()) {
          blockedTids.add(row.tid);
          continue;
        }
        const ts = Math.floor(this.o.now() / 1000);
        let error: string | null = null;
        try {
          const res = await (this.o.fetch ?? fetch)(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-erp-timestamp': String(ts),
              'x-erp-signature': sign(this.o.secret(), ts, row.envelope),
            },
            body: row.envelope,
            signal: AbortSignal.timeout(10_000),
          });
          if (!res.ok) error = `HTTP ${res.status}`;
        } catch (e) {
          error = (e as Error).message;
        }
        if (error == null) {
          this.o.db.run(
            sql`UPDATE outbox_delivery SET delivered_at = ${this.o.now()}, attempts = attempts + 1, last_error = NULL WHERE seq = ${row.seq}`,
          );
          delivered++;
        } else {
          blockedTids.add(row.tid); // keep this order's later messages behind this one
          const wait = backoff(row.attempts, this.o.maxBackoff ?? 10 * 60_000);
          this.o.db.run(sql`UPDATE outbox_delivery SET attempts = attempts + 1, next_at = ${this.o.now() + wait}, last_error = ${error}
            WHERE seq = ${row.seq}`);
        }
      }
    } finally {
      this.running = false;
    }
    return delivered;
  }

  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // While an import holds the store, delivery waits (it records each delivery); at least once still holds.
      if (this.o.db.gate.closed) return;
      void this.tick().catch((e) => console.error('[shiplock] outbox delivery', e));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
