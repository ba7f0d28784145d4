// rules.md §1: "Setup before it works: a memo text (备注内容) must be set and the interception terms agreed …
// then enable." Locks work before that; the memo, flag and buyer notices wait. Once setup is done, the clerk
// sees what the catch-up will send and confirms it.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DEFAULT_RECEIVED_NOTICE, DEFAULT_SUCCESS_NOTICE } from '../../shared/rules/interception.js';
import { ShipLockError } from '../../electron/app/errors.js';
import { makeCore, type TestCore } from '../helpers/core.js';
import { fixtureEvents } from '../helpers/fixtures.js';

const cores: TestCore[] = [];
after(() => cores.forEach((c) => c.close()));

describe('interception notices held back before setup', () => {
  it('locks at once, then previews and sends the memo and notices once setup is finished', async () => {
    const c = makeCore();
    cores.push(c);
    c.postEvents(fixtureEvents().filter((e) => e.type === 'order.upserted'));
    const tid = '3921004455660100';
    const v = await c.dispatch('interceptions.create', { tid, reason: '客户来电' });
    assert.equal(v.result, 'SUCCESS');
    const out = async () => (await c.dispatch('outbox.list', { after: 0, limit: 1000 })).items.filter((e) => e.payload.tid === tid);
    assert.deepEqual(
      (await out()).map((e) => e.type),
      ['interception.result'],
      'nothing but the result before setup',
    );
    let preview = await c.dispatch('interceptions.catchUpPreview', {});
    assert.equal(preview.ready, false);
    await assert.rejects(
      c.dispatch('interceptions.catchUp', { requestIds: [v.requestId] }),
      (e: ShipLockError) => e.code === 'setup_incomplete',
    );
    const s = (await c.dispatch('settings.get', {})).interception;
    await c.dispatch('settings.update', { interception: { ...s, memoText: '拦截件勿发', termsAgreed: true, flag: 1 } });
    preview = await c.dispatch('interceptions.catchUpPreview', {});
    assert.equal(preview.ready, true);
    assert.deepEqual(
      preview.items.map((p) => [p.requestId, p.memo, p.flag, p.notices]),
      [[v.requestId, '拦截件勿发', 1, [DEFAULT_RECEIVED_NOTICE, DEFAULT_SUCCESS_NOTICE]]],
    );
    assert.deepEqual(await c.dispatch('interceptions.catchUp', { requestIds: [v.requestId] }), { sent: 1 });
    assert.deepEqual(await c.dispatch('interceptions.catchUp', { requestIds: [v.requestId] }), { sent: 0 }, 'sent once');
    const types = (await out()).map((e) => e.type);
    assert.deepEqual(types, ['interception.result', 'order.memo_updated', 'buyer.message', 'buyer.message']);
    const order = await c.dispatch('orders.get', { tid });
    assert.equal(order.sellerMemo, '拦截件勿发');
    assert.equal(order.sellerFlag, 1);
    assert.deepEqual((await c.dispatch('interceptions.catchUpPreview', {})).items, []);
  });
});
