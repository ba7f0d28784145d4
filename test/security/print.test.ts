// Issue #9: the print view escapes every value for its context (CSS strings, HTML text, attributes), so a
// station name cannot hide the 需撤出 warning; CSV cells that Excel would run as formulas stay text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BatchView } from '../../shared/api/contract.js';
import { cssString, pickListCsv, renderPrintView } from '../../electron/picklist/print.js';
import { launchBrowser, browserUnavailable } from '../helpers/station.js';

const EVIL = ['\\";} .stale{display:none !important} @page{x:"', '</style><style>.stale{display:none}</style>', 'a\'b"c\n}{', '打包台\\'];

function batch(station: string): BatchView {
  return {
    batchNo: 'B20261111-001',
    station,
    createdAt: Date.parse('2026-11-11T10:00:00+08:00'),
    createdBy: station,
    printedAt: null,
    printCount: 0,
    status: 'open',
    orderCount: 1,
    lineCount: 1,
    pieceCount: 1,
    staleCount: 1,
    rows: [
      { bin: 'A-01', sku: '=HYPERLINK("http://x")', title: '<img src=x onerror=alert(1)>', barcode: null, totalQty: 1, orderCount: 1 },
    ],
    orders: [],
    stale: [
      { why: 'locked', tid: '3921004455660000', oid: 'o1', sku: 'SKU"}', title: 't', qty: 1, bin: '</style>', requestIds: ['r'], seq: 1 },
    ],
    seqs: { '3921004455660000': 1 },
    history: [],
  };
}

const opts = {
  kind: 'picklist' as const,
  size: 'A4' as const,
  timeZone: 'Asia/Shanghai',
  printedAt: Date.parse('2026-11-11T10:00:00+08:00'),
};

describe('print view escaping', () => {
  it('a CSS string holds only letters, digits, spaces and escapes', () => {
    for (const name of EVIL) {
      const s = cssString(name);
      assert.match(s, /^"(?:[\p{L}\p{N} ]|\\[0-9a-f]+ )*"$/u, s);
    }
  });

  it('the rendered page keeps exactly one <style> and no raw markup from data', () => {
    for (const name of EVIL) {
      const html = renderPrintView(batch(name), opts);
      assert.equal(html.match(/<style>/g)?.length, 1);
      assert.equal(html.match(/<\/style>/g)?.length, 1);
      assert.ok(!html.includes('<img'), 'data is HTML-escaped');
      assert.ok(
        !/\.stale\{display:none/.test(
          html
            .split('<style>')[1]!
            .split('</style>')[0]!
            .replace(/\.stale \{[^}]*\}/, ''),
        ),
      );
    }
  });

  it('in Chromium the 需撤出 warning stays visible whatever the station name', async (t) => {
    const why = browserUnavailable();
    if (why && !why.includes('not built')) {
      if (process.env.CI === 'true') assert.fail(why);
      return t.skip(why);
    }
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      for (const name of EVIL) {
        await page.setContent(renderPrintView(batch(name), opts));
        const shown = await page.evaluate(() => {
          const el = document.querySelector('.stale') as HTMLElement | null;
          if (!el) return 'missing';
          const cs = getComputedStyle(el);
          return cs.display !== 'none' && cs.visibility !== 'hidden' && el.getBoundingClientRect().height > 0 ? 'visible' : 'hidden';
        });
        assert.equal(shown, 'visible', JSON.stringify(name));
      }
    } finally {
      await browser.close();
    }
  });

  it('CSV cells starting with = + - @ TAB or CR stay text', () => {
    const b = batch('x');
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      b.rows[0]!.sku = `${lead}1+1`;
      const csv = pickListCsv(b);
      const cell = csv.split('\r\n')[1]!.split(',')[2]!;
      assert.ok(cell.startsWith("'") || cell.startsWith(`"'`), JSON.stringify(cell));
    }
  });
});
