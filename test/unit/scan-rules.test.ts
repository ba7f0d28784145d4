// Pack-station scan normalisation and the 验货 tally (shared/rules/scan.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endsScan, lineFor, normalizeScan, orderCodeForms, splitScans, tallyDone, tallyLeft, tick } from '../../shared/rules/scan.js';

describe('normalizeScan', () => {
  const cases: Array<[string, string, string]> = [
    ['plain digits', '3921004455660070', '3921004455660070'],
    ['full-width digits from a Chinese IME', '３９２１００４４５５６６００７０', '3921004455660070'],
    ['full-width letters and colon', 'ＳＦ１２３４５６７８９０', 'SF1234567890'],
    ['ideographic space and ASCII spaces', '　3921 0044\u00a05566 0070　', '3921004455660070'],
    ['a scanner Tab suffix', '6901234567854\t', '6901234567854'],
    ['CR LF suffix', '6901234567854\r\n', '6901234567854'],
    ['Enter in the middle of nothing', '\n', ''],
    ['zero-width and BOM', '\ufeff69012\u200b34567854', '6901234567854'],
    ['full-width hyphen-minus', 'ＢＡＧ－ＣＡＮＶＡＳ', 'BAG-CANVAS'],
    ['lowercase kept (barcodes may be case-sensitive)', 'sf1234567890', 'sf1234567890'],
  ];
  for (const [name, input, want] of cases) it(name, () => assert.equal(normalizeScan(input), want));
});

describe('endsScan and splitScans', () => {
  it('Enter and Tab end a scan; other keys do not', () => {
    assert.equal(endsScan('Enter'), true);
    assert.equal(endsScan('Tab'), true);
    assert.equal(endsScan('NumpadEnter'), true);
    for (const k of ['a', '1', 'F2', 'Escape', ' ']) assert.equal(endsScan(k), false, k);
  });
  it('splits several scans typed or pasted at once', () => {
    assert.deepEqual(splitScans('3921004455660070\t6901234567854\r\n６９０１２３４５６７８６１\n\n'), [
      '3921004455660070',
      '6901234567854',
      '6901234567861',
    ]);
  });
});

describe('orderCodeForms (tracking-number forms)', () => {
  const cases: Array<[string, string, string[]]> = [
    ['as scanned first, then upper-case', 'sf1234567890', ['sf1234567890', 'SF1234567890']],
    ['No: prefix', 'No:SF1234567890', ['No:SF1234567890', 'NO:SF1234567890', 'SF1234567890']],
    ['NO. prefix, lowercase', 'no.yt9988776655', ['no.yt9988776655', 'NO.YT9988776655', 'yt9988776655', 'YT9988776655']],
    ['运单号： full-width colon', '运单号：ＪＴ０００１', ['运单号:JT0001', '运单号:JT0001'.toUpperCase(), 'JT0001']],
    ['a tid stays one form', '３９２１００４４５５６６００７０', ['3921004455660070']],
  ];
  for (const [name, input, want] of cases) it(name, () => assert.deepEqual(orderCodeForms(input), [...new Set(want)]));
  it('never yields an empty form', () => assert.deepEqual(orderCodeForms('No:'), ['No:', 'NO:']));
});

describe('验货 tally', () => {
  const lines = [
    { oid: 'a', sku: 'BAG-CANVAS', barcode: '6901234567854', qty: 1 },
    { oid: 'b', sku: 'SOCK-5P', barcode: '6901234567861', qty: 2 },
    { oid: 'c', sku: 'NO-LABEL', barcode: null, qty: 1 },
  ];
  it('ticks each line off with its count, then done', () => {
    let tally = {};
    for (const [code, oid] of [
      ['6901234567861', 'b'],
      ['６９０１２３４５６７８５４', 'a'],
      ['6901234567861\t', 'b'],
    ] as const) {
      const r = tick(lines, tally, code);
      assert.ok(r.ok, code);
      assert.equal(r.oid, oid);
      tally = r.tally;
    }
    assert.deepEqual(tally, { a: 1, b: 2 });
    assert.equal(tallyLeft(lines, tally), 1);
    assert.equal(tallyDone(lines, tally), false);
    const last = tick(lines, tally, 'no-label'); // no barcode: the SKU code, any case
    assert.ok(last.ok && last.done);
  });
  it('a wrong item and one piece too many are errors that change nothing', () => {
    assert.deepEqual(tick(lines, {}, '6900000000000'), { ok: false, error: 'not_in_order' });
    assert.deepEqual(tick(lines, { a: 1 }, '6901234567854'), { ok: false, error: 'too_many', oid: 'a' });
  });
  it('a barcode wins over a SKU code that looks the same', () => {
    assert.deepEqual(
      lineFor(lines, '6901234567854').map((l) => l.oid),
      ['a'],
    );
  });
});
