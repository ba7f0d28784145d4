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

describe('decision', () => {
  const line = (oid: string, shipped = false, refunded = false) => ({
    oid,
    shippedAt: shipped ? 1 : null,
    refundedAt: refunded ? 2 : null,
    carrier: shipped ? '中通快递' : null,
    trackingNo: shipped ? 'ZT1' : null,
  });
  const cases: Array<[string, ReturnType<typeof line>[], 'SUCCESS' | 'FAIL', string[], RegExp]> = [
    ['nothing shipped: success, all locked', [line('a'), line('b')], 'SUCCESS', ['a', 'b'], /拦截成功/],
    [
      'one shipped: fail naming carrier and tracking, the rest still locked',
      [line('a', true), line('b')],
      'FAIL',
      ['b'],
      /a 已发货 中通快递 ZT1.*其余 1 件已锁定/,
    ],
    ['all shipped: fail, nothing to lock', [line('a', true)], 'FAIL', [], /中通快递 ZT1/],
    ['refunded line needs no lock', [line('a', false, true), line('b')], 'SUCCESS', ['b'], /拦截成功/],
    ['a shipped then refunded line does not count as left', [line('a', true, true)], 'SUCCESS', [], /已退款/],
  ];
  for (const [name, lines, result, lock, msg] of cases) {
    it(name, () => {
      const d = decide(lines);
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

  it('reason required for clerk and CS only', () => {
    assert.equal(reasonRequired('manual'), true);
    assert.equal(reasonRequired('customer_service'), true);
    assert.equal(reasonRequired('buyer_card'), false);
    assert.equal(reasonRequired('platform'), false);
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
