// The durable outbox: what the app emits, in order, with a stable cursor (seq).
import type { Platform } from '../../shared/domain.js';
import { sql, type Db } from '../db/sql.js';

export type OutboxType = 'interception.result' | 'order.memo_updated' | 'buyer.message';

export interface OutboxEnvelope {
  id: string;
  type: OutboxType;
  platform: Platform;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/**
 * Appends one envelope. The id is deterministic (type + request + step), so a repeated decision path
 * can never emit the same message twice: INSERT OR IGNORE keeps the first.
 */
export function emit(
  db: Db,
  e: { id: string; type: OutboxType; tid: string; platform: Platform; now: number; payload: Record<string, unknown> },
): boolean {
  const env: OutboxEnvelope = {
    id: e.id,
    type: e.type,
    platform: e.platform,
    occurredAt: new Date(e.now).toISOString(),
    payload: e.payload,
  };
  const r = db.run(sql`INSERT OR IGNORE INTO outbox (id, type, tid, occurred_at, envelope)
    VALUES (${e.id}, ${e.type}, ${e.tid}, ${e.now}, ${JSON.stringify(env)})`);
  if (r.changes === 0) return false;
  db.run(sql`INSERT INTO outbox_delivery (seq, next_at) VALUES (${r.lastInsertRowid}, ${e.now})`);
  return true;
}

export function readOutbox(db: Db, after: number, limit: number): { items: OutboxEnvelope[]; cursor: string } {
  const rows = db.all<{ seq: number; envelope: string }>(
    sql`SELECT seq, envelope FROM outbox WHERE seq > ${after} ORDER BY seq LIMIT ${limit}`,
  );
  const last = rows.length ? rows[rows.length - 1]!.seq : after;
  return { items: rows.map((r) => JSON.parse(r.envelope) as OutboxEnvelope), cursor: String(last) };
}
