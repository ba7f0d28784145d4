import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  appendMemo,
  decide,
  INTERCEPTION_STATUSES,
  nextStatus,
  reasonRequired,
  sourceAllowed,
  type InterceptionAction,
  type DecisionFacts,
  type InterceptionStatus,
} from '../../shared/rules/interception.js';

describe('interception state machine', () => {
  const ACTIONS: InterceptionAction[] = ['order_arrived', 'lock', 'fail', 'withdraw', 'release', 'refund', 'retry', 'timeout'];
  // Every (status, action) pair: the expected next status, or null when refused.
  const table: Record<InterceptionStatus, Partial<Record<InterceptionAction, InterceptionStatus>>> = {
    waiting: { order_arrived: 'received', withdraw: 'withdrawn', timeout: 'failed' },
    received: { lock: 'locked', fail: 'failed', withdraw: 'withdrawn' },
    locked: { withdraw: 'released', release: 'released', refund: 'refunded' },
    failed: { retry: 'received', withdraw: 'released', release: 'released', refund: 'refunded' },
    released: {},
    refunded: {},
    withdrawn: {},
  };
  for (const s of INTERCEPTION_STATUSES) {
    for (const a of ACTIONS) {
      const want = table[s][a] ?? null;
      it(`${s} --${a}--> ${want ?? 'refused'}`, () => assert.equal(nextStatus(s, a), want));
    }
  }
});

// rules.md §1 (seed 004): "Success is reported only when the lock actually holds: every targeted line is not
// yet shipped … Judge "shipped" from every fact the app has: a line's own shipment, the order's status
// (shipped, succeeded), an export row 卖家已发货 with a tracking number. A refunded or closed order is not
// "intercepted": answer FAIL/not applicable, not SUCCESS."
describe('decision uses every fact', () => {
  const line = (oid: string, shipped = false, refunded = false) => ({
    oid,
    shippedAt: shipped ? 1 : null,
    refundedAt: refunded ? 2 : null,
    carrier: shipped ? '中通快递' : null,
    trackingNo: shipped ? 'ZT1' : null,
  });
  const sf = [{ carrier: '顺丰速运', trackingNo: 'SF100' }];
  type Case = [string, DecisionFacts, 'SUCCESS' | 'FAIL', string[], RegExp];
  const facts = (
    targeted: ReturnType<typeof line>[],
    orderStatus: DecisionFacts['orderStatus'] = 'paid',
    parcels: DecisionFacts['parcels'] = [],
  ) => ({
    orderStatus,
    targeted,
    parcels,
  });
  const cases: Case[] = [
    ['nothing shipped: success, all locked', facts([line('a'), line('b')]), 'SUCCESS', ['a', 'b'], /拦截成功/],
    [
      'one line shipped: fail naming carrier and tracking, the rest locked',
      facts([line('a', true), line('b')]),
      'FAIL',
      ['b'],
      /a 已发货 中通快递 ZT1.*其余 1 件已锁定/,
    ],
    ['all shipped: fail, nothing to lock', facts([line('a', true)]), 'FAIL', [], /中通快递 ZT1/],
    [
      'order status shipped (platform) without line shipments: fail, naming the parcel',
      facts([line('a')], 'shipped', sf),
      'FAIL',
      ['a'],
      /订单已发货\(顺丰速运 SF100\)/,
    ],
    ['order status succeeded: fail', facts([line('a')], 'succeeded'), 'FAIL', ['a'], /订单已交易成功/],
    ['order status picked_up: fail', facts([line('a')], 'picked_up', sf), 'FAIL', ['a'], /揽收/],
    ['a closed order is never 拦截成功', facts([line('a')], 'closed'), 'FAIL', [], /已关闭/],
    ['a fully refunded target is never 拦截成功', facts([line('a', false, true)]), 'FAIL', [], /已退款/],
    ['a shipped-then-refunded line is refunded, not intercepted', facts([line('a', true, true)]), 'FAIL', [], /已退款/],
    [
      'a partly refunded target is FAIL, the rest locked',
      facts([line('a', false, true), line('b')]),
      'FAIL',
      ['b'],
      /a 已退款.*其余 1 件已锁定/,
    ],
  ];
  for (const [name, f, result, lock, msg] of cases) {
    it(name, () => {
      const d = decide(f);
      assert.equal(d.result, result);
      assert.deepEqual(d.lock, lock);
      assert.match(d.message, msg);
    });
  }
});

describe('memo, sources, window', () => {
  const memos: Array<[string, string, string]> = [
    ['', '拦截发货', '拦截发货'],
    ['顺丰', '拦截发货', '顺丰 拦截发货'],
    ['顺丰 拦截发货', '拦截发货', '顺丰 拦截发货'],
    ['x', '  ', 'x'],
  ];
  for (const [cur, memo, want] of memos) it(`memo “${cur}” + “${memo}” → “${want}”`, () => assert.equal(appendMemo(cur, memo), want));

  // rules.md §1: "A reason is optional for platform and customer-service requests; only a clerk's own request in the app must give one."
  it('a reason is required only for a clerk’s own request in the app', () => {
    assert.equal(reasonRequired('app'), true);
    assert.equal(reasonRequired('event'), false);
  });

  const w = { from: '2026-11-11T00:00:00+08:00', to: '2026-11-11T23:59:59+08:00' };
  const cases: Array<[string, Parameters<typeof sourceAllowed>[0], string, typeof w | null, boolean]> = [
    ['buyer card inside the window', 'buyer_card', '2026-11-11T10:00:00+08:00', w, true],
    ['buyer card a second before', 'buyer_card', '2026-11-10T23:59:59+08:00', w, false],
    ['buyer card after', 'buyer_card', '2026-11-12T00:00:00+08:00', w, false],
    ['buyer card, no window set', 'buyer_card', '2026-12-01T00:00:00+08:00', null, true],
    ['customer service any day', 'customer_service', '2026-12-01T00:00:00+08:00', w, true],
    ['clerk any day', 'manual', '2026-12-01T00:00:00+08:00', w, true],
  ];
  for (const [name, source, at, win, want] of cases) it(name, () => assert.equal(sourceAllowed(source, Date.parse(at), win), want));
});
