import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregatePickList, batchNumber, compareBins } from '../../shared/rules/picklist.js';

describe('natural bin order', () => {
  const sorted = ['A-03-10', 'A-03-12', 'A-07-01', 'A-10-01', 'B-01-02', 'B-4-7', 'B-04-08', 'C-01-01', 'c-02-05', 'Z9', null];
  it('sorts a shuffled list into walking order', () => {
    const shuffled = [...sorted].reverse();
    assert.deepEqual([...shuffled].sort(compareBins), sorted);
  });
  const pairs: Array<[string | null, string | null, number]> = [
    ['A-03-10', 'A-03-12', -1],
    ['A-03-12', 'B-01-02', -1],
    ['A-3-12', 'A-03-12', -1], // same number, shorter form first (stable, total order)
    ['A-10-01', 'A-9-01', 1],
    ['B-01-02', null, -1],
    [null, 'A-01-01', 1],
    ['A-01', 'A-01-01', -1],
    ['A-01-01', 'A-01-01', 0],
  ];
  for (const [a, b, sign] of pairs) it(`${a} vs ${b}`, () => assert.equal(Math.sign(compareBins(a, b)), sign));
});

describe('aggregation by SKU', () => {
  it('sums quantities, counts orders, sorts by bin', () => {
    const rows = aggregatePickList([
      { tid: '1', oid: '1a', sku: 'MUG', title: '杯', barcode: '69', bin: 'B-01-02', qty: 2 },
      { tid: '2', oid: '2a', sku: 'TEE', title: '衫', barcode: '68', bin: 'A-03-12', qty: 1 },
      { tid: '2', oid: '2b', sku: 'MUG', title: '杯', barcode: '69', bin: 'B-01-02', qty: 1 },
      { tid: '3', oid: '3a', sku: 'MUG', title: '杯', barcode: '69', bin: 'B-01-02', qty: 3 },
      { tid: '3', oid: '3b', sku: 'TEE', title: '衫', barcode: '68', bin: 'A-03-12', qty: 1 },
      { tid: '4', oid: '4a', sku: 'NEW', title: '新', barcode: null, bin: null, qty: 1 },
    ]);
    assert.deepEqual(rows.map((r) => [r.bin, r.sku, r.totalQty, r.orderCount]), [
      ['A-03-12', 'TEE', 2, 2],
      ['B-01-02', 'MUG', 6, 3],
      [null, 'NEW', 1, 1],
    ]);
  });
  it('batch numbers', () => assert.equal(batchNumber('2026-11-23', 7), 'B20261123-007'));
});
