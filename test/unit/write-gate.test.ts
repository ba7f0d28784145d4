// The write gate (electron/db/gate.ts) lets one exclusive writer at a time hold the main connection's store: an
// import in its worker, or one of its search-indexing batches after the answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WriteGate } from '../../electron/db/gate.js';

const turn = () => new Promise((r) => setImmediate(r));

describe('WriteGate', () => {
  it('runs exclusive writers one at a time, in arrival order, however many wait on one release', async () => {
    const gate = new WriteGate();
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    const writer = (id: number) =>
      gate.exclusive(async () => {
        inside++;
        most = Math.max(most, inside);
        order.push(id);
        assert.ok(gate.closed);
        await turn();
        await turn();
        inside--;
      });
    await Promise.all([1, 2, 3, 4, 5].map(writer));
    assert.equal(most, 1, 'never two inside at once');
    assert.deepEqual(order, [1, 2, 3, 4, 5]);
    assert.ok(!gate.closed);
  });

  it('a writer that arrives while others wait still queues behind the one inside', async () => {
    const gate = new WriteGate();
    let inside = 0;
    let most = 0;
    const writer = () =>
      gate.exclusive(async () => {
        inside++;
        most = Math.max(most, inside);
        await turn();
        inside--;
      });
    const first = writer();
    const waiting = [writer(), writer()];
    await turn();
    const late = writer(); // joins while the first holds the gate and two wait
    await Promise.all([first, ...waiting, late]);
    assert.equal(most, 1);
  });

  it('a write waiting for the gate (whenOpen) before an exclusive writer runs before it, with the gate open', async () => {
    const gate = new WriteGate();
    let release!: () => void;
    const first = gate.exclusive(() => new Promise<void>((r) => (release = r)));
    await turn();
    const seen: string[] = [];
    const write = gate.whenOpen().then(() => seen.push(gate.closed ? 'write: closed' : 'write: open'));
    const next = gate.exclusive(async () => {
      seen.push('exclusive');
    });
    release();
    await Promise.all([first, write, next]);
    assert.deepEqual(seen, ['write: open', 'exclusive']);
  });

  it('opens again when a writer throws, and whenOpen waits for the last of them', async () => {
    const gate = new WriteGate();
    const states: boolean[] = [];
    gate.onChange((open) => states.push(open));
    await assert.rejects(
      gate.exclusive(async () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.ok(!gate.closed);
    let done = false;
    const a = gate.exclusive(async () => {
      await turn();
    });
    const b = gate.exclusive(async () => {
      await turn();
      done = true;
    });
    await gate.whenOpen();
    await Promise.all([a, b]);
    assert.ok(done);
    assert.ok(!gate.closed);
    assert.equal(states.at(-1), true);
  });
});
