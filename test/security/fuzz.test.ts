// Issue #9: property-based fuzzing of every contract method's input, through core.dispatchByName and over
// POST /api/rpc/{method}: never a 500, never a crash, and nothing stored when the input is refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ShipLockError } from '../../electron/app/errors.js';
import { startStationServer, type StationServer } from '../../electron/server/http.js';
import { apiInputs, METHODS, type Method } from '../../shared/api/contract.js';
import { authFetch, makeCore, type TestCore } from '../helpers/core.js';
import { fixtureEvents } from '../helpers/fixtures.js';

let core: TestCore;
let server: StationServer;
before(async () => {
  core = makeCore({ now: Date.now() });
  core.postEvents(fixtureEvents());
  server = await startStationServer({ core, rendererDir: null, port: 0 });
});
after(async () => {
  await server.close();
  core.close();
});

const TIDS = ['3921004455660000', '3921004455660020', '3921004455660070', 'nope'];
const leaf = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(...TIDS, 'B20261111-001', '18910284423', '%zz', '__proto__', 'constructor', '', ' ', '1'.repeat(10_000)),
  fc.array(fc.constantFrom(...TIDS, 'o1', ''), { maxLength: 4 }),
  fc.uint8Array({ maxLength: 64 }),
);
const value = fc.oneof(
  { depthSize: 'small' },
  leaf,
  fc.dictionary(fc.string({ maxLength: 10 }), leaf, { maxKeys: 4 }),
  fc.array(leaf, { maxLength: 4 }),
);

/** Inputs shaped like the method's schema (its own keys with hostile values), or anything at all. */
function inputFor(method: Method): fc.Arbitrary<unknown> {
  const shape = (apiInputs[method] as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const keys = Object.keys(shape);
  const shaped = keys.length
    ? fc.record(
        Object.fromEntries(
          keys.map((k) => [
            k,
            k === 'files'
              ? fc.array(fc.record({ name: leaf, data: fc.oneof(fc.uint8Array({ maxLength: 300 }), leaf) }), { maxLength: 3 })
              : value,
          ]),
        ),
        {
          requiredKeys: [],
        },
      )
    : fc.constant({});
  return fc.oneof(shaped, fc.anything({ maxDepth: 3 }), value);
}

const changes = () => core.db.get<{ n: number }>({ text: 'SELECT total_changes() AS n', params: [] })!.n;
const auditRows = () => core.db.get<{ n: number }>({ text: 'SELECT COUNT(*) AS n FROM audit_log', params: [] })!.n;

describe('fuzzing every contract method', () => {
  it('core.dispatchByName: a refusal is a 4xx (or 501 desktop-only) and stores nothing', async () => {
    for (const method of METHODS) {
      await fc.assert(
        fc.asyncProperty(inputFor(method), async (input) => {
          const before = changes();
          const auditBefore = auditRows();
          try {
            await core.dispatchByName(method, input);
          } catch (e) {
            assert.ok(e instanceof ShipLockError, `${method}: ${String(e)}`);
            assert.ok(e.status >= 400 && e.status < 500 ? true : e.status === 501, `${method}: status ${e.status} ${e.message}`);
            // Only the audit trail of a refused PIN may grow (every try is recorded by design).
            const audited = auditRows() - auditBefore;
            assert.equal(changes() - before, audited, `${method} stored something on a refusal`);
          }
        }),
        { numRuns: 40 },
      );
    }
  });

  it('POST /api/rpc/{method}: random bodies never give a 500 and the station keeps answering', async () => {
    const body = fc.oneof(
      fc.json({ maxDepth: 3 }),
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.constant('{"a":'),
      fc.constant('['.repeat(5000)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS, 'nope.nope', '__proto__', 'constructor'), body, async (method, text) => {
        const r = await authFetch(`${server.url}/api/rpc/${method}`, {
          method: 'POST',
          body: text,
          headers: { 'content-type': 'application/json' },
        });
        await r.arrayBuffer();
        assert.ok(r.status !== 500 && r.status < 502, `${method} ${JSON.stringify(text).slice(0, 80)} → ${r.status}`);
      }),
      { numRuns: 300 },
    );
    assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
  });
});
