// shared/rules/lines.ts, table-driven. spec/exports.md: exports without sub-order ids number an order's lines
// `${tid}-n`; spec/platform-events.md: `order.upserted` is "the platform's full current view of the trade", with
// the real sub-order ids. The numbered lines are the same goods: each is paired with one real line (same qty and
// the same SKU, or the same title when one side has no SKU); anything else is not paired.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNumberedLine, matchNumberedLines, type LineIdentity } from '../../shared/rules/lines.js';

const T = '3921004455660070';
const L = (oid: string, sku: string, qty = 1, title = `t-${sku}`): LineIdentity => ({ oid, sku, title, qty });

describe('isNumberedLine', () => {
  const cases: Array<[string, boolean]> = [
    [`${T}-1`, true],
    [`${T}-12`, true],
    [`${T}-`, false],
    [`${T}-a`, false],
    [`${T}1`, false],
    ['3921004455660071', false],
    [`9${T}-1`, false],
  ];
  for (const [oid, want] of cases) it(`${oid} → ${want}`, () => assert.equal(isNumberedLine(T, oid), want));
});

describe('matchNumberedLines', () => {
  const cases: Array<{ name: string; stored: LineIdentity[]; incoming: LineIdentity[]; want: Array<[string, string]> }> = [
    {
      name: 'same SKUs and quantities, another order of lines: each pairs with its own good',
      stored: [L(`${T}-1`, 'BAG'), L(`${T}-2`, 'SOCK', 2)],
      incoming: [L('71', 'SOCK', 2), L('72', 'BAG')],
      want: [
        [`${T}-1`, '72'],
        [`${T}-2`, '71'],
      ],
    },
    {
      name: 'a different quantity is not the same line',
      stored: [L(`${T}-1`, 'SOCK', 2)],
      incoming: [L('71', 'SOCK', 3)],
      want: [],
    },
    {
      name: 'different SKUs are different goods, even with one title',
      stored: [L(`${T}-1`, 'BAG-RED', 1, '帆布包')],
      incoming: [L('71', 'BAG-BLUE', 1, '帆布包')],
      want: [],
    },
    {
      name: 'no SKU on one side: the same title and quantity pair',
      stored: [L(`${T}-1`, '', 1, '帆布包')],
      incoming: [L('71', 'BAG', 1, '帆布包')],
      want: [[`${T}-1`, '71']],
    },
    {
      name: 'two numbered lines of one SKU pair with two real lines, each used once',
      stored: [L(`${T}-1`, 'MUG'), L(`${T}-2`, 'MUG')],
      incoming: [L('71', 'MUG'), L('72', 'MUG')],
      want: [
        [`${T}-1`, '71'],
        [`${T}-2`, '72'],
      ],
    },
    {
      name: 'more numbered lines than real ones: the extra stays unpaired',
      stored: [L(`${T}-1`, 'MUG'), L(`${T}-2`, 'MUG')],
      incoming: [L('71', 'MUG')],
      want: [[`${T}-1`, '71']],
    },
    {
      name: 'a numbered line the new view still lists is not renamed',
      stored: [L(`${T}-1`, 'MUG')],
      incoming: [L(`${T}-1`, 'MUG'), L('71', 'MUG')],
      want: [],
    },
    {
      name: 'a real id already stored is not a target',
      stored: [L(`${T}-1`, 'MUG'), L('71', 'MUG')],
      incoming: [L('71', 'MUG')],
      want: [],
    },
    {
      name: 'incoming numbered ids (another export) are not real ids',
      stored: [L(`${T}-1`, 'MUG')],
      incoming: [L(`${T}-2`, 'MUG')],
      want: [],
    },
    {
      name: 'real stored ids are never renamed',
      stored: [L('70', 'MUG')],
      incoming: [L('71', 'MUG')],
      want: [],
    },
    {
      name: 'numbered ids of another order are not this order’s numbers',
      stored: [L('3921004455660000-1', 'MUG')],
      incoming: [L('71', 'MUG')],
      want: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.deepEqual(
        matchNumberedLines(T, c.stored, c.incoming).map((p) => [p.from, p.to]),
        c.want,
      ),
    );
  }
});
