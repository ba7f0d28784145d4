// The renderer's data layer as plain objects: stale answers dropped, errors surfaced, reloads on pushed
// changes (debounced), actions keep their error; the one hash route parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChangeEvent } from '../../shared/api/contract.js';
import { ActionRunner, QueryController, reloadOnChanges } from '../../renderer/data/query.js';
import { formatHash, parseHash, ScreenMemory } from '../../renderer/data/route.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('QueryController', () => {
  it('drops a stale answer that arrives after a newer request', async () => {
    const q = new QueryController<string>();
    const first = deferred<string>();
    const second = deferred<string>();
    const p1 = q.run(() => first.promise);
    const p2 = q.run(() => second.promise);
    second.resolve('new');
    await p2;
    assert.equal(q.getState().data, 'new');
    first.resolve('old');
    await p1;
    assert.equal(q.getState().data, 'new', 'the older answer must not overwrite the newer one');
    assert.equal(q.getState().loading, false);
  });

  it('drops a stale error too, and surfaces the current one keeping the last data', async () => {
    const q = new QueryController<number>();
    await q.run(() => Promise.resolve(1));
    const slow = deferred<number>();
    const p1 = q.run(() => slow.promise);
    const p2 = q.run(() => Promise.reject(new Error('boom')));
    await p2;
    assert.equal((q.getState().error as Error).message, 'boom');
    assert.equal(q.getState().data, 1, 'last good data stays visible');
    slow.reject(new Error('stale'));
    await p1;
    assert.equal((q.getState().error as Error).message, 'boom');
    await q.run(() => Promise.resolve(2));
    assert.equal(q.getState().error, null, 'a good answer clears the error');
  });

  it('notifies listeners and ignores everything after dispose', async () => {
    const q = new QueryController<number>();
    let calls = 0;
    q.subscribe(() => calls++);
    const d = deferred<number>();
    const p = q.run(() => d.promise);
    q.dispose();
    d.resolve(5);
    await p;
    assert.equal(q.getState().data, undefined);
    assert.equal(calls, 1); // the loading notification only
  });
});

describe('reloadOnChanges', () => {
  it('reloads once per burst of matching pushes, ignores other kinds, stops when unsubscribed', async () => {
    const subs = new Set<(e: ChangeEvent) => void>();
    const push = (e: ChangeEvent) => subs.forEach((f) => f(e));
    let reloads = 0;
    const off = reloadOnChanges(
      (fn) => {
        subs.add(fn);
        return () => subs.delete(fn);
      },
      ['orders.changed'],
      () => reloads++,
      5,
    );
    push({ kind: 'orders.changed', tids: ['1'] });
    push({ kind: 'orders.changed', tids: ['2'] });
    push({ kind: 'settings.changed' });
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(reloads, 1);
    push({ kind: 'settings.changed' });
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(reloads, 1);
    off();
    push({ kind: 'orders.changed', tids: [] });
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(reloads, 1);
    assert.equal(subs.size, 0);
  });
});

describe('ActionRunner', () => {
  it('keeps the error of a failed action for display and resolves undefined', async () => {
    const a = new ActionRunner(async (x: number) => {
      if (x < 0) throw new Error('negative');
      return x * 2;
    });
    assert.equal(await a.run(2), 4);
    assert.equal(await a.run(-1), undefined);
    assert.equal((a.getState().error as Error).message, 'negative');
    assert.equal(a.getState().busy, false);
    a.reset();
    assert.equal(a.getState().error, null);
  });

  it('refuses a second run while busy', async () => {
    const d = deferred<number>();
    let calls = 0;
    const a = new ActionRunner(() => {
      calls++;
      return d.promise;
    });
    const p = a.run();
    assert.equal(a.getState().busy, true);
    assert.equal(await a.run(), undefined);
    d.resolve(1);
    assert.equal(await p, 1);
    assert.equal(calls, 1);
    await tick();
  });
});

describe('hash route', () => {
  it('parses screen, arg and filters, and formats them back', () => {
    const r = parseHash('#/pending/4000%2F1?due=overdue&q=T%E6%81%A4&empty=');
    assert.deepEqual(r, { screen: 'pending', arg: '4000/1', params: { due: 'overdue', q: 'T恤' } });
    assert.equal(formatHash(r), '#/pending/4000%2F1?due=overdue&q=T%E6%81%A4');
    assert.deepEqual(parseHash(''), { screen: 'pending', arg: null, params: {} });
    assert.deepEqual(parseHash('#/nope?x=1'), { screen: 'pending', arg: null, params: { x: '1' } });
    assert.deepEqual(parseHash('#batches/B20261111-001'), { screen: 'batches', arg: 'B20261111-001', params: {} });
  });

  it('remembers the last filters of each screen, across a reload through storage', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const m = new ScreenMemory(storage);
    m.remember(parseHash('#/pending?due=6h'));
    m.remember(parseHash('#/alerts'));
    assert.deepEqual(new ScreenMemory(storage).paramsOf('pending'), { due: '6h' });
    assert.deepEqual(m.paramsOf('batches'), {});
  });
});

import { PagedList } from '../../renderer/data/query.js';

describe('PagedList', () => {
  type Row = { id: string };
  const page = (ids: string[], next: string | null, total = 10) => ({ items: ids.map((id) => ({ id })), total, nextCursor: next });

  it('appends pages without duplicates, and drops a page of an older filter', async () => {
    const l = new PagedList<Row>((r) => r.id);
    await l.reset(() => Promise.resolve(page(['a', 'b'], 'c1')), 2);
    await l.more(() => Promise.resolve(page(['b', 'c'], null)));
    assert.deepEqual(
      l.getState().items.map((r) => r.id),
      ['a', 'b', 'c'],
    );
    const slowMore = deferred<ReturnType<typeof page>>();
    await l.reset(() => Promise.resolve(page(['x'], 'c2', 5)), 2);
    const pm = l.more(() => slowMore.promise);
    const slowReset = deferred<ReturnType<typeof page>>();
    const pr1 = l.reset(() => slowReset.promise, 2); // the filter changes while a page is loading
    const pr2 = l.reset(() => Promise.resolve(page(['y'], null, 1)), 2);
    await pr2;
    slowMore.resolve(page(['stale'], null));
    slowReset.resolve(page(['older'], null));
    await Promise.all([pm, pr1]);
    assert.deepEqual(
      l.getState().items.map((r) => r.id),
      ['y'],
    );
    assert.equal(l.getState().total, 1);
  });

  it('refresh re-reads as many rows as are loaded; errors are kept for display', async () => {
    const l = new PagedList<Row>((r) => r.id);
    await l.reset(() => Promise.resolve(page(['a', 'b', 'c'], null)), 2);
    let asked = 0;
    await l.refresh((limit) => {
      asked = limit;
      return Promise.reject(new Error('offline'));
    }, 2);
    assert.equal(asked, 3);
    assert.equal((l.getState().error as Error).message, 'offline');
    assert.equal(l.getState().items.length, 3, 'rows stay while the error shows');
  });
});
