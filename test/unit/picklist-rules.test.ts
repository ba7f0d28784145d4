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
    assert.deepEqual(
      rows.map((r) => [r.bin, r.sku, r.totalQty, r.orderCount]),
      [
        ['A-03-12', 'TEE', 2, 2],
        ['B-01-02', 'MUG', 6, 3],
        [null, 'NEW', 1, 1],
      ],
    );
  });
  it('batch numbers', () => assert.equal(batchNumber('2026-11-23', 7), 'B20261123-007'));
});

describe('Code128 barcodes on print views', async () => {
  const { code128 } = await import('../../electron/picklist/print.js');
  const modules = (svg: string) => Number(/viewBox="0 0 (\d+) /.exec(svg)![1]) - 20; // minus the two quiet zones
  it('a 16-digit tid is code set C: start + 8 pairs + check + stop = 123 modules', () => {
    assert.equal(modules(code128('3921004455660000')), 11 * 10 + 13);
  });
  it('a batch number mixes sets: start B, letters, switch to C for the digit runs', () => {
    const m = modules(code128('B20261123-001'));
    assert.equal((m - 13) % 11, 0, 'whole symbols plus the 13-module stop');
    assert.ok(m > 11 * 6);
  });
  it('ends with the stop pattern 2331112 (bars and spaces)', () => {
    const svg = code128('ABC');
    const widths = [...svg.matchAll(/h(\d+)v/g)].map((x) => Number(x[1]));
    assert.deepEqual(widths.slice(-4), [2, 3, 1, 2], 'stop: bars 2,3,1,2 with spaces 3,1,1 between');
  });
});
