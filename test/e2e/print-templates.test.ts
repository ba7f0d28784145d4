// Print templates in Chromium (page.pdf), read back with poppler: three A4 slips to a sheet, each with its
// sequence number; a 100×150 mm label with large tid, address and a boxed memo; price only when asked; pick
// list bins 14 pt and quantities 16 pt; the print view in English. PDFs and page PNGs kept in test-results/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import type { Page } from 'playwright';
import { rpc } from '../helpers/office.js';
import { generateOrders, toEvents, withOfficeExtras } from '../../bench/generate.js';
import { artifact, launchBrowser, skipIfUnavailable, startStation, STATION_TOKEN } from '../helpers/station.js';

function popplerMissing(): string | null {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'pdftotext not found (apt-get install -y poppler-utils)';
  }
}

async function pdf(page: Page, url: string, name: string): Promise<{ pages: string[]; info: string; bbox: string; path: string }> {
  const res = await page.goto(url);
  assert.equal(res?.status(), 200, url);
  const path = artifact(`${name}.pdf`);
  await page.pdf({ path, preferCSSPageSize: true, printBackground: true });
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', path, artifact(name)]);
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  return {
    pages: text.split('\f').filter((p) => p.trim()),
    info: execFileSync('pdfinfo', [path], { encoding: 'utf8' }),
    bbox: execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' }),
    path,
  };
}

/** Height in pt of the first word box that is exactly `word` (≈ the font size × line height of the face). */
function wordHeight(bbox: string, word: string): number {
  const esc = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`<word xMin="[\\d.]+" yMin="([\\d.]+)" xMax="[\\d.]+" yMax="([\\d.]+)">${esc}</word>`).exec(bbox);
  assert.ok(m, `word ${word} in the PDF`);
  return Number(m[2]) - Number(m[1]);
}

test('print templates: 3 slips per A4 page, label with boxed memo, price only when asked, big bins', { timeout: 120_000 }, async (t) => {
  if (skipIfUnavailable(t, popplerMissing())) return;
  const station = await startStation();
  const browser = await launchBrowser();
  try {
    const orders = withOfficeExtras(generateOrders(40, 7, Date.now()), 7);
    const res = await station.postEvents(toEvents(orders));
    assert.ok(res.status === 200 || res.status === 202, await res.text());
    const { batch } = await rpc<{ batch: { batchNo: string; orders: Array<{ tid: string; sellerMemo: string; paidAmount: number }> } }>(
      station,
      'batches.create',
      { filters: {}, maxOrders: 9 },
    );
    assert.equal(batch.orders.length, 9);
    const page = await browser.newPage();
    await page.goto(`${station.url}/?token=${STATION_TOKEN}`); // sign in: the print view needs the session cookie
    const base = `${station.url}/api/batches/${batch.batchNo}/print`;

    // A4 slips: 9 orders on 3 sheets, three to a sheet, numbered 1…9, no price by default, no 拣货单 header.
    const a4 = await pdf(page, `${base}?kind=slips&size=A4`, 'print-slips-a4');
    assert.equal(a4.pages.length, 3, `9 slips on 3 A4 pages, got ${a4.pages.length}`);
    assert.match(a4.info, /Page size:\s+59[45]\.\d+ x 841\.\d+ pts/, 'A4 pages');
    a4.pages.forEach((p, i) => {
      const tids = batch.orders.slice(i * 3, i * 3 + 3).map((o) => o.tid);
      for (const tid of tids) assert.ok(p.includes(tid), `page ${i + 1} has ${tid}`);
      assert.ok(p.includes('发货单'), 'slip pages are headed 发货单');
      assert.ok(!p.includes('拣货单'), 'no 拣货单 header on slip pages');
    });
    for (let seq = 1; seq <= 9; seq++) assert.ok(wordHeight(a4.bbox, String(seq)) >= 18, `sequence number ${seq} is large`);
    assert.ok(!a4.pages.join('').includes('实付款'), 'price hidden by default');

    // Price when asked (and the shop name).
    const priced = await pdf(page, `${base}?kind=slips&size=A4&price=1&shop=1`, 'print-slips-a4-price');
    assert.match(priced.pages[0]!, /实付款 ¥\d+\.\d{2}/);
    assert.ok(priced.pages[0]!.includes('基准测试店'), 'shop name when asked');
    const hidden = await pdf(page, `${base}?kind=slips&size=A4&price=0`, 'print-slips-a4-noprice');
    assert.ok(!hidden.pages.join('').includes('¥'), 'price hidden when asked');

    // Labels: one 100×150 mm page per order; tid and the memo large; the memo printed.
    const label = await pdf(page, `${base}?kind=slips&size=label`, 'print-slips-label');
    assert.match(label.info, /Page size:\s+28[23]\.\d+ x 42[45]\.\d+ pts/, '100×150 mm pages');
    assert.equal(label.pages.length, 9);
    const withMemo = batch.orders.findIndex((o) => o.sellerMemo);
    assert.ok(withMemo >= 0, 'a batch order has a memo');
    const memoWord = batch.orders[withMemo]!.sellerMemo.split(/[\s,:]/)[0]!;
    assert.ok(label.pages[withMemo]!.includes(memoWord), `label ${withMemo + 1} shows the memo`);
    const tidHeight = wordHeight(label.bbox, batch.orders[0]!.tid);
    assert.ok(tidHeight >= 12, `tid on the label at ≥ 12 pt, box ${tidHeight}`);

    // Pick list: bin 14 pt bold, quantity 16 pt; SKU codes whole on one line.
    const pick = await pdf(page, `${base}?kind=picklist`, 'print-picklist');
    const sku = /SKU-\d{4}/.exec(pick.pages[0]!)![0];
    assert.ok(!/SKU-\s*\n/.test(pick.pages[0]!), 'SKU codes not broken');
    assert.ok(sku);
    const binWord = /[A-H]-\d{2}-\d{2}/.exec(pick.pages[0]!)![0];
    const binH = wordHeight(pick.bbox, binWord);
    assert.ok(binH >= 15.5, `bin at 14 pt (DejaVu Sans Mono box ≈ 1.16 × size), box ${binH}`);
    // The totals row: pieces in the quantity style (16 pt) beside the order count (10 pt), same face.
    const lastPage = pick.bbox.slice(pick.bbox.lastIndexOf('<page'));
    const words = [...lastPage.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(
      (m) => ({
        x: Number(m[1]),
        y: Number(m[2]),
        h: Number(m[3]) - Number(m[2]),
        w: m[4]!,
      }),
    );
    const total = words.findLast((w) => w.w === '合计')!;
    const [pieces, ordersN] = words
      .filter((w) => w !== total && Math.abs(w.y + w.h / 2 - total.y - total.h / 2) < 6 && /^\d+$/.test(w.w))
      .sort((a, b) => a.x - b.x);
    assert.ok(pieces && ordersN, 'the totals row has pieces and orders');
    assert.ok(pieces.h / ordersN.h >= 1.5, `quantity ${pieces.w} (${pieces.h}) vs count ${ordersN.w} (${ordersN.h})`);

    // English print view.
    const en = await pdf(page, `${base}?kind=all&size=A4&lang=en`, 'print-all-en');
    assert.ok(en.pages[0]!.includes('Pick list'));
    assert.ok(en.pages.join('').includes('Packing slips'));
    assert.ok(!/拣货单|发货单|卖家备注/.test(en.pages.join('')), 'no Chinese headings in the English print view');
  } finally {
    await browser.close();
    await station.stop();
  }
});
