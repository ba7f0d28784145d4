// The printed pick list itself: the station's print view rendered to PDF by Chromium (page.pdf()),
// read back with pdftotext, page 1 kept as a PNG (pdftoppm) for review.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { it } from 'node:test';
import { artifact, importGbkFixtures, launchBrowser, skipIfUnavailable, startStation, STATION_TOKEN } from '../helpers/station.js';

function popplerUnavailable(): string | null {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'pdftotext not found (apt-get install -y poppler-utils)';
  }
}

it('pick list PDF: SKUs in bin order, right totals, no full phone number', { timeout: 120_000 }, async (t) => {
  if (skipIfUnavailable(t, popplerUnavailable())) return;
  const station = await startStation();
  const browser = await launchBrowser();
  try {
    await importGbkFixtures(station);
    const created = await station.fetch(`/api/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filters: {}, maxOrders: 500 }),
    });
    assert.equal(created.status, 201);
    const { batch } = (await created.json()) as {
      batch: { batchNo: string; pieceCount: number; rows: Array<{ sku: string; bin: string; totalQty: number }> };
    };
    await station.fetch(`/api/batches/${batch.batchNo}/printed`, { method: 'POST', body: '{}' });

    const page = await browser.newPage();
    const res = await page.goto(`${station.url}/api/batches/${batch.batchNo}/print?kind=all&size=A4&token=${STATION_TOKEN}`);
    assert.equal(res?.status(), 200);
    const pdfPath = artifact('picklist.pdf');
    await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    const pages = text.split('\f').filter((p) => p.trim());
    assert.ok(pages.length >= 15, `pick list + 40 slips three to a sheet, got ${pages.length} pages`);

    // Page 1: the pick list, SKUs in walking order with the totals of the item export.
    const first = pages[0]!;
    const order = ['TSHIRT-B-M', 'TSHIRT-W-L', 'SOCK-5P', 'MUG-350', 'NOTE-A5', 'CAP-NAVY', 'BAG-CANVAS'];
    const positions = order.map((sku) => first.indexOf(sku));
    assert.ok(
      positions.every((p) => p >= 0),
      `all SKUs on page 1: ${positions}`,
    );
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
      'SKUs in bin order A-03-10 … C-02-05',
    );
    for (const row of batch.rows) {
      const line = first.split('\n').find((l) => l.includes(row.sku))!;
      assert.match(line, new RegExp(`${row.bin}.*${row.sku}.*\\s${row.totalQty}\\s+\\d+`), `row ${row.sku}: ${line}`);
    }
    assert.match(first, new RegExp(`合计\\s+${batch.pieceCount}\\s+40`));
    assert.match(first, new RegExp(batch.batchNo));
    assert.match(first, /第 1 页 \/ 共 \d+ 页/, 'page numbers in the page footer');
    // Every page carries the running header and a page number.
    pages.forEach((p, i) => assert.match(p, new RegExp(`第 ${i + 1} 页`), `page ${i + 1} has its number`));

    // Packing slips: masked contact lines only.
    assert.match(text, /李\*/);
    assert.match(text, /170\*\*\*\*1792 转 0189/);
    assert.doesNotMatch(text, /(?<!\d)1[3-9]\d{9}(?!\d)/, 'no full phone number anywhere in the PDF');
    assert.ok(!text.includes('建国路93号院3单元1004室'));

    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', pdfPath, artifact('picklist-page')]);
    const png = fs.readdirSync(artifact('')).find((f) => f.startsWith('picklist-page') && f.endsWith('.png'));
    assert.ok(png, 'page 1 rendered to PNG');

    // Label-size slips render too.
    await page.goto(`${station.url}/api/batches/${batch.batchNo}/print?kind=slips&size=label`);
    const labelPdf = artifact('slips-label.pdf');
    await page.pdf({ path: labelPdf, preferCSSPageSize: true, printBackground: true });
    const info = execFileSync('pdfinfo', [labelPdf], { encoding: 'utf8' });
    assert.match(info, /Page size:\s+28[23]\.\d+ x 42[45]\.\d+ pts/, '100×150 mm pages');
  } finally {
    await browser.close();
    await station.stop();
  }
});
