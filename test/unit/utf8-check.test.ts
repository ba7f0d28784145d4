// The import's encoding scan (electron/intake/stream.ts) asks of a file read in pieces the question a fatal
// TextDecoder answers of the whole: is it UTF-8 (else the file is read as GB18030)? Same answer, any split.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { Utf8Check } from '../../electron/intake/stream.js';

const fatal = (b: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
};

function check(bytes: Uint8Array, cuts: number[]): boolean {
  const u = new Utf8Check();
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    u.write(bytes.subarray(at, Math.max(at, Math.min(c, bytes.length))));
    at = Math.max(at, Math.min(c, bytes.length));
  }
  u.write(bytes.subarray(at));
  return u.end();
}

describe('Utf8Check: the same verdict as a fatal TextDecoder, however the bytes are split', () => {
  const table: Array<[string, Uint8Array]> = [
    ['empty', new Uint8Array()],
    ['ASCII', Buffer.from('订单编号,a')],
    ['Chinese UTF-8 with a BOM', Buffer.from('\ufeff主订单编号,子订单编号\r\n')],
    ['a 4-byte character', Buffer.from('𠀀x')],
    ['GBK text', iconv.encode('订单编号,买家会员名', 'gbk')],
    ['a cut-off character at the end', Buffer.from('订单').subarray(0, 5)],
    ['an overlong encoding', Uint8Array.from([0xc0, 0xaf])],
    ['a UTF-16 surrogate', Uint8Array.from([0xed, 0xa0, 0x80])],
    ['a lone continuation byte', Uint8Array.from([0x61, 0x80])],
    ['a lead byte 0xF8', Uint8Array.from([0x61, 0xf8])],
  ];
  for (const [name, bytes] of table) {
    it(name, () => {
      for (let cut = 0; cut <= bytes.length; cut++) assert.equal(check(bytes, [cut]), fatal(bytes), `split at ${cut}`);
    });
  }

  it('random bytes and random text, split anywhere', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }).map((s) => new Uint8Array(Buffer.from(s))),
      fc.string({ unit: 'binary', maxLength: 20 }).map((s) => new Uint8Array(iconv.encode(s, 'gb18030'))),
    );
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(45), { maxLength: 6 }), (b, cuts) => check(b, cuts) === fatal(b)),
      { numRuns: 3000 },
    );
  });
});
