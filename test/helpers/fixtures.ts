import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
export const fixture = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
export const fixtureText = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
/**
 * A fresh folder under the OS temp dir, deleted when this test process exits (each test file runs in its own
 * process): a full run made about a thousand of them, gigabytes of stores left behind on a developer's machine.
 * SHIPLOCK_KEEP_TEMP=1 keeps them, to look at a store after a failure.
 */
const made: string[] = [];
export const tempDir = (prefix = 'shiplock-test-'): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (!made.length && process.env.SHIPLOCK_KEEP_TEMP !== '1')
    process.once('exit', () => {
      for (const d of made) {
        try {
          fs.rmSync(d, { recursive: true, force: true });
        } catch {
          /* left for the OS to clear: never fail a run over its leftovers */
        }
      }
    });
  made.push(dir);
  return dir;
};

/** The event fixture as envelopes. */
export function fixtureEvents(): Array<Record<string, unknown>> {
  return fixtureText('events.jsonl')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * The Taobao order export (GBK) reduced to one order whose 订单状态 now reads 交易关闭: the platform closed the
 * trade (spec/exports.md status texts).
 */
export function taobaoClosedExport(tid: string): Buffer {
  const text = iconv
    .decode(Buffer.from(fixture('taobao-orders-gbk.csv')), 'gbk')
    .split('\r\n')
    .filter((l, i) => i === 0 || l.startsWith(`="${tid}"`))
    .map((l) => l.replace('"买家已付款,等待卖家发货"', '交易关闭'))
    .join('\r\n');
  return iconv.encode(text, 'gbk');
}
