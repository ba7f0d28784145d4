// Issue #9: the supervisor PIN. At least 6 digits; the first PIN never from an API caller; scrypt off the
// event loop; 5 wrong tries lock it for 15 minutes station-wide with a pin_bruteforce alert; every try audited.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ApiError } from '../../electron/app/errors.js';
import { makeCore, type TestCore } from '../helpers/core.js';
import { fixtureEvents } from '../helpers/fixtures.js';

const cores: TestCore[] = [];
after(() => cores.forEach((c) => c.close()));
const T = Date.parse('2026-11-11T12:00:00+08:00');
const TID = '3921004455660020';

function core(): TestCore {
  const c = makeCore({ now: T });
  cores.push(c);
  c.postEvents(fixtureEvents().map((e) => ({ ...e })));
  return c;
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    assert.ok(e instanceof ApiError, String(e));
    return e.status;
  }
}

const audit = (c: TestCore) =>
  c.db
    .all<{ action: string }>({ text: "SELECT action FROM audit_log WHERE action LIKE 'pin_%' ORDER BY id", params: [] })
    .map((r) => r.action);

describe('supervisor PIN', () => {
  it('the first PIN is refused to API callers and short PINs are refused', async () => {
    const c = core();
    assert.equal(await status(c.dispatch('settings.setSupervisorPin', { newPin: '123456' })), 403);
    assert.equal(await status(c.dispatch('settings.setSupervisorPin', { newPin: '1234' })), 400, 'at least 6 digits');
    assert.equal((await c.dispatch('settings.get', {})).supervisorPinSet, false);
    await assert.rejects(c.security.pin.setInitial('12345', 'desk', 'desktop'), /6–12/);
    await c.security.pin.setInitial('135790', 'desk', 'desktop');
    await assert.rejects(c.security.pin.setInitial('246810', 'desk', 'desktop'), /已设置|already/);
    assert.equal((await c.dispatch('settings.get', {})).supervisorPinSet, true);
    assert.equal(await status(c.dispatch('settings.setSupervisorPin', { currentPin: '135790', newPin: '246810' })), 200);
    assert.deepEqual(audit(c), ['pin_set', 'pin_ok', 'pin_changed']);
  });

  it('5 wrong tries lock it for 15 minutes, raise pin_bruteforce, and every try is audited', async () => {
    const c = core();
    await c.security.pin.setInitial('135790', 'desk', 'terminal');
    const ask = (pin: string) => c.dispatch('orders.reveal', { tid: TID, supervisor: '王主管', pin, reason: '核对地址' });
    // Parallel guesses are serialised: exactly 5 count, the rest meet the lock.
    const results = await Promise.all(['000001', '000002', '000003', '000004', '000005', '000006', '135790'].map((p) => status(ask(p))));
    assert.deepEqual(results, [403, 403, 403, 403, 403, 429, 429], 'the right PIN is locked out too');
    const alerts = await c.dispatch('alerts.list', { state: 'open' });
    const brute = alerts.items.filter((a) => a.kind === 'pin_bruteforce');
    assert.equal(brute.length, 1);
    assert.equal(brute[0]!.severity, 'critical');
    assert.deepEqual(audit(c), [
      'pin_set',
      'pin_failed',
      'pin_failed',
      'pin_failed',
      'pin_failed',
      'pin_failed',
      'pin_lockout',
      'pin_locked_out',
      'pin_locked_out',
    ]);
    // A PIN change is a try like any other, and locked as well.
    assert.equal(await status(c.dispatch('settings.setSupervisorPin', { currentPin: '135790', newPin: '999999' })), 429);
    // 15 minutes later the right PIN works again, the alert clears.
    c.setNow(T + 15 * 60_000 + 1);
    assert.equal(await status(ask('135790')), 200);
    assert.equal((await c.dispatch('alerts.list', { state: 'open' })).items.filter((a) => a.kind === 'pin_bruteforce').length, 0);
    // The counter restarted: 4 wrong tries do not lock.
    for (const p of ['1', '2', '3', '4']) assert.equal(await status(ask(`00000${p}`)), 403);
    assert.equal(await status(ask('135790')), 200);
  });

  it('hashing runs off the event loop (the server keeps answering while PINs are checked)', async () => {
    const c = core();
    await c.security.pin.setInitial('135790', 'desk', 'terminal');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const started = Date.now();
    await Promise.all([1, 2, 3].map(() => c.security.pin.check('135790', 'x', { purpose: 'test' })));
    clearInterval(timer);
    const elapsed = Date.now() - started;
    assert.ok(ticks >= Math.min(3, elapsed / 10), `the loop ran ${ticks} times in ${elapsed} ms`);
  });
});
