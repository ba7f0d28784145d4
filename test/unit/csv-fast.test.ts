import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { parseCsv, parseCsvFast } from '../../electron/intake/decode.js';

const OPTIONS = { relax_quotes: true, relax_column_count: true, skip_empty_lines: true, bom: true };
const reference = (text: string): string[][] | 'error' => {
  try {
    return parse(text, OPTIONS) as string[][];
  } catch {
    return 'error';
  }
};

describe('the one-pass CSV parser gives csv-parse’s rows, or steps aside', () => {
  const cases: Array<[string, string[][] | null]> = [
    [
      '订单编号,状态\r\n="3921004455660000","买家已付款,等待卖家发货"\r\n',
      [
        ['订单编号', '状态'],
        ['="3921004455660000"', '买家已付款,等待卖家发货'],
      ],
    ],
    [
      'a,b\n\n"x ""y""",\n',
      [
        ['a', 'b'],
        ['x "y"', ''],
      ],
    ],
    ['"multi\r\nline",2\r\n\r\n3', [['multi\r\nline', '2'], ['3']]],
    ['"",a\n', [['', 'a']]],
    ['', []],
    ['\ufeffa,b\r\n', null],
    ['a\rb\r', null],
    ['a\r\nb\nc', null],
    ['"unclosed,a\n', null],
    ['"a"b,c\n', null],
  ];
  for (const [text, want] of cases) {
    it(JSON.stringify(text), () => {
      assert.deepEqual(parseCsvFast(text), want);
      const ref = reference(text);
      if (want) assert.deepEqual(want, ref);
      if (ref !== 'error') assert.deepEqual(parseCsv(text), ref);
    });
  }

  it('agrees with csv-parse on random text', () => {
    const alphabet = ['a', '"', '"', ',', ',', '\r\n', '\n', '\r', '中', '=', ' ', '""', '="1"'];
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    let fast = 0;
    for (let k = 0; k < 20000; k++) {
      let text = '';
      for (let j = Math.floor(rnd() * 12); j > 0; j--) text += alphabet[Math.floor(rnd() * alphabet.length)];
      const got = parseCsvFast(text);
      if (got === null) continue;
      fast++;
      assert.deepEqual(got, reference(text), JSON.stringify(text));
    }
    assert.ok(fast > 5000);
  });
});
