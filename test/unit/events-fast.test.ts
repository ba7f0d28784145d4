import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateOrders, rng, toEvents } from '../../bench/generate.js';
import { envelopeHeadSchema, parseEnvelope, payloadSchemas, type Envelope } from '../../shared/events.js';

/** zod's own answer, without the fast path. */
function viaZod(raw: unknown): { ok: true; value: Envelope } | { ok: false } {
  const head = envelopeHeadSchema.safeParse(raw);
  if (!head.success) return { ok: false };
  const payload = payloadSchemas[head.data.type].safeParse(head.data.payload);
  if (!payload.success) return { ok: false };
  return { ok: true, value: { ...head.data, payload: payload.data } as Envelope };
}

/** Key order and present-but-undefined keys count, as they would for JSON and the content hash. */
const exact = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x === undefined ? '\u0000undefined' : x));

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

describe('order.upserted is validated without zod exactly as zod does', () => {
  const base = toEvents(generateOrders(50, 42, Date.parse('2026-11-11T12:00:00+08:00'))) as Array<Record<string, unknown>>;

  it('the generated events', () => {
    for (const e of base) assert.equal(exact(parseEnvelope(e)), exact(viaZod(e)));
  });

  it('mutated events: same value when valid, zod’s verdict when not', () => {
    const r = rng(7);
    const paths: string[][] = [
      ['id'],
      ['platform'],
      ['occurredAt'],
      ['payload', 'tid'],
      ['payload', 'shop'],
      ['payload', 'orderType'],
      ['payload', 'status'],
      ['payload', 'paidAt'],
      ['payload', 'collectDeadline'],
      ['payload', 'amounts', 'items'],
      ['payload', 'amounts', 'deposit'],
      ['payload', 'buyer', 'nick'],
      ['payload', 'buyer', 'name'],
      ['payload', 'buyer', 'phone'],
      ['payload', 'buyer', 'privacy'],
      ['payload', 'buyer', 'address', 'detail'],
      ['payload', 'buyer', 'address'],
      ['payload', 'sellerMemo'],
      ['payload', 'sellerFlag'],
      ['payload', 'lines'],
      ['payload', 'lines', '0', 'oid'],
      ['payload', 'lines', '0', 'qty'],
      ['payload', 'lines', '0', 'bin'],
      ['payload', 'extra'],
      ['extra'],
    ];
    const values: unknown[] = [
      undefined,
      null,
      '',
      ' x ',
      'x',
      '\u3000中',
      '中\u00a0',
      '\ufeffx',
      '订单',
      0,
      -1,
      1.5,
      3,
      2 ** 60,
      'paid',
      'taobao',
      '2026-01-01T00:00:00Z',
      '2026-13-01T00:00:00Z',
      [],
      {},
      { province: 'p', city: 'c', district: 'd', detail: 'x' },
      { secretNo: '1', extra: 1 },
      'a'.repeat(200),
    ];
    let valid = 0;
    for (let k = 0; k < 4000; k++) {
      const e = clone(base[k % base.length]!);
      for (let m = 1 + Math.floor(r() * 2); m > 0; m--) {
        const path = paths[Math.floor(r() * paths.length)]!;
        let at: unknown = e;
        for (const p of path.slice(0, -1)) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[p] : undefined;
        if (typeof at !== 'object' || at === null) continue;
        const o = at as Record<string, unknown>;
        const v = values[Math.floor(r() * values.length)];
        if (r() < 0.2) delete o[path[path.length - 1]!];
        else o[path[path.length - 1]!] = clone(v);
      }
      if (r() < 0.1) {
        const p = e.payload as Record<string, unknown>;
        const lines = p.lines as unknown[];
        if (Array.isArray(lines) && lines.length) lines.push(clone(lines[0]));
      }
      const fast = parseEnvelope(e);
      const zod = viaZod(e);
      assert.equal(fast.ok, zod.ok, JSON.stringify(e));
      if (zod.ok) assert.equal(exact(fast), exact(zod), JSON.stringify(e));
      if (zod.ok) valid++;
    }
    // Enough of both kinds to mean something.
    assert.ok(valid > 800 && valid < 3500, `${valid} valid`);
  });
});
