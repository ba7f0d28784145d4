// .xlsx cells → the text their CSV twin has (electron/intake/xlsx.ts cellText).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellText } from '../../electron/intake/xlsx.js';

describe('xlsx cell text', () => {
  const cases: Array<[string, unknown, string]> = [
    ['empty', null, ''],
    ['text, Douyin’s leading tab kept for cleanCell', '\t6917926768823643751', '\t6917926768823643751'],
    ['a safe integer id', 300012345678, '300012345678'],
    ['an amount', 137.9, '137.9'],
    ['a date cell (wall clock in the UTC fields) → the CSV’s text', new Date(Date.UTC(2026, 10, 11, 9, 59, 1)), '2026-11-11 09:59:01'],
    ['a date read a hair early rounds to the second', new Date(Date.UTC(2026, 10, 11, 9, 59, 1) - 1), '2026-11-11 09:59:01'],
    [
      'an id Excel stored as a number past 2^53 → exponent form, refused later as 科学计数法',
      Number('6917926768823643751'),
      '6.917926768823644E+18',
    ],
    ['rich text', { richText: [{ text: '纯棉' }, { text: 'T恤' }] }, '纯棉T恤'],
    ['a formula’s result', { formula: 'A1*2', result: 118 }, '118'],
    ['a formula without a cached result', { formula: 'A1*2' }, ''],
    ['a hyperlink', { text: 'SF1234567890', hyperlink: 'https://example.com' }, 'SF1234567890'],
    ['an error value', { error: '#N/A' }, ''],
    ['a boolean', true, 'TRUE'],
  ];
  for (const [name, v, want] of cases) it(name, () => assert.equal(cellText(v), want));
});
