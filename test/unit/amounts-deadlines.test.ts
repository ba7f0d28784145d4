import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Amounts } from '../../shared/domain.js';
import { formatFen, paidAmount, yuanToFen } from '../../shared/rules/amounts.js';
import {
  countdown,
  deadlineState,
  DEFAULT_SHIP_DEADLINE_HOURS,
  deriveShipDeadline,
  formatCountdown,
} from '../../shared/rules/deadlines.js';
import { formatShort, HOUR, parseLocalDateTime } from '../../shared/rules/time.js';

const base: Amounts = { items: 0, postage: 0, coupon: 0, redPacket: 0, taobaoCoin: 0, deposit: null, balance: null };

describe('paid amount (实付款)', () => {
  const cases: Array<[string, Partial<Amounts>, number]> = [
    ['items + postage', { items: 5900, postage: 800 }, 6700],
    ['coupon, red packet and coins never count', { items: 19900, coupon: 2000, redPacket: 500, taobaoCoin: 100 }, 17300],
    ['presale: deposit + balance, discounts ignored', { items: 11700, coupon: 1000, deposit: 2340, balance: 8360 }, 10700],
    ['presale deposit without balance yet', { items: 11700, deposit: 2340, balance: null }, 2340],
    ['never negative', { items: 100, coupon: 500 }, 0],
  ];
  for (const [name, a, want] of cases) it(name, () => assert.equal(paidAmount({ ...base, ...a }), want));
});

describe('yuan → fen', () => {
  const cases: Array<[string, number | null]> = [
    ['19.90', 1990],
    ['0.99', 99],
    ['146.01', 14601],
    ['8', 800],
    ['1,234.5', 123450],
    ['¥12.30', 1230],
    ['-3', -300],
    ['', null],
    ['abc', null],
    ['1.234', null],
  ];
  for (const [t, want] of cases) it(`${JSON.stringify(t)} → ${want}`, () => assert.equal(yuanToFen(t), want));
  it('formats back', () => {
    assert.equal(formatFen(14601), '146.01');
    assert.equal(formatFen(5), '0.05');
  });
});

describe('ship deadline derivation', () => {
  const paid = Date.parse('2026-11-11T03:28:27+08:00');
  const cases: Array<[string, Parameters<typeof deriveShipDeadline>[0], number | null, 'platform' | 'derived']> = [
    ['spot: paid + 48 h', { orderType: 'spot', paidAt: paid, platformDeadline: null }, paid + 48 * HOUR, 'derived'],
    ['presale: paid + 168 h', { orderType: 'presale', paidAt: paid, platformDeadline: null }, paid + 168 * HOUR, 'derived'],
    ['tiered: paid + 72 h', { orderType: 'tiered', paidAt: paid, platformDeadline: null }, paid + 72 * HOUR, 'derived'],
    ['a platform deadline wins', { orderType: 'spot', paidAt: paid, platformDeadline: paid + HOUR }, paid + HOUR, 'platform'],
    ['not paid: none yet', { orderType: 'spot', paidAt: null, platformDeadline: null }, null, 'derived'],
  ];
  for (const [name, input, at, source] of cases) {
    it(name, () => assert.deepEqual(deriveShipDeadline(input, DEFAULT_SHIP_DEADLINE_HOURS), { at, source }));
  }
  it('uses the configured hours', () => {
    assert.equal(
      deriveShipDeadline({ orderType: 'spot', paidAt: 0, platformDeadline: null }, { ...DEFAULT_SHIP_DEADLINE_HOURS, spot: 24 }).at,
      24 * HOUR,
    );
  });
});

describe('deadline state and countdown', () => {
  const d = Date.parse('2026-11-13T03:28:27+08:00');
  const states: Array<[number, string]> = [
    [d - 6 * HOUR - 60_000, 'ok'],
    [d - 6 * HOUR, 'due_soon'],
    [d - 60_000, 'due_soon'],
    [d, 'overdue'],
    [d + 60_000, 'overdue'],
  ];
  for (const [now, want] of states) it(`${(d - now) / 60_000} min left → ${want}`, () => assert.equal(deadlineState(d, now, 6), want));
  it('none without a deadline', () => assert.equal(deadlineState(null, d, 6), 'none'));

  const texts: Array<[number, string, string]> = [
    [d - (5 * HOUR + 12 * 60_000), '剩 5小时12分', '5h 12m left'],
    [d + (1 * HOUR + 3 * 60_000), '超时 1小时03分', '1h 03m overdue'],
    [d - (2 * 24 * HOUR + 3 * HOUR), '剩 2天3小时', '2d 3h left'],
    [d - 59_000, '剩 0小时00分', '0h 00m left'],
  ];
  for (const [now, zh, en] of texts) {
    it(`countdown ${zh}`, () => {
      assert.equal(formatCountdown(d, now, 'zh-CN'), zh);
      assert.equal(formatCountdown(d, now, 'en'), en);
    });
  }
  it('splits days, hours, minutes', () => assert.deepEqual(countdown(90 * 60_000, 0), { overdue: false, days: 0, hours: 1, minutes: 30 }));
});

describe('local time in the station zone', () => {
  it('reads export times as Asia/Shanghai wall clock', () => {
    assert.equal(parseLocalDateTime('2026-11-11 03:25:00', 'Asia/Shanghai'), Date.parse('2026-11-11T03:25:00+08:00'));
    assert.equal(parseLocalDateTime('2026/11/1 3:05', 'Asia/Shanghai'), Date.parse('2026-11-01T03:05:00+08:00'));
    assert.equal(parseLocalDateTime('2026-11-11T03:25:00Z', 'Asia/Shanghai'), Date.parse('2026-11-11T03:25:00Z'));
  });
  it('handles a zone with daylight saving', () => {
    assert.equal(parseLocalDateTime('2026-07-01 12:00:00', 'Europe/Berlin'), Date.parse('2026-07-01T12:00:00+02:00'));
    assert.equal(parseLocalDateTime('2026-01-01 12:00:00', 'Europe/Berlin'), Date.parse('2026-01-01T12:00:00+01:00'));
  });
  it('rejects nonsense', () => {
    for (const t of ['', 'yesterday', '2026-13-01 00:00', '2026-11-11 25:00']) assert.equal(parseLocalDateTime(t, 'Asia/Shanghai'), null);
  });
  it('formats MM-DD HH:mm in the zone', () =>
    assert.equal(formatShort(Date.parse('2026-11-12T20:40:28+08:00'), 'Asia/Shanghai'), '11-12 20:40'));
});
