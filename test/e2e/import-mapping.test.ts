// End to end in station mode: Douyin .xlsx over HTTP, and the column-mapping flow in Chromium — an
// unknown sheet shows its columns and first rows, the clerk maps and previews, saves, the orders import;
// the same sheet next time maps itself; Settings lists and deletes the mapping.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Browser } from 'playwright';
import { fixture, tempDir } from '../helpers/fixtures.js';
import { artifact, launchBrowser, openApp, skipIfUnavailable, startStation, type Station } from '../helpers/station.js';

const ERP =
  '单号,商品编码,数量,收件人,电话,地址,实付,付款时间,状态,备注\r\n' +
  'E2001,TSHIRT-W-L,2,张三丰,13812345678,浙江省 杭州市 余杭区 文一西路969号3号楼,99.00,2026-11-11 10:00:00,待发货,\r\n' +
  'E2002,MUG-350,1,$$Zz9Qq==$$,$$Yy8Ww==$$,##Xx7Ee==##,29.00,2026-11-11 11:00:00,已发货,加急\r\n';

test('station: .xlsx over HTTP; map an unknown sheet, preview, save, import; it maps itself next time', async (t) => {
  if (skipIfUnavailable(t)) return;
  let station: Station | undefined;
  let browser: Browser | undefined;
  try {
    station = await startStation();

    // The bundled station reads the Douyin .xlsx like its CSV.
    const form = new FormData();
    form.append('files', new Blob([Buffer.from(fixture('douyin-orders.xlsx'))]), 'douyin-orders.xlsx');
    const res = await station.fetch(`${station.url}/api/imports`, { method: 'POST', body: form });
    const raw = await res.text();
    assert.equal(res.status, 200, raw);
    assert.deepEqual(
      (JSON.parse(raw) as { files: Array<{ kind: string; imported: number }> }).files.map((f) => [f.kind, f.imported]),
      [['douyin_orders', 7]],
    );

    browser = await launchBrowser();
    const { page, problems } = await openApp(browser, station);
    const dir = tempDir('shiplock-e2e-erp-');
    const erp = path.join(dir, 'erp-orders.csv');
    fs.writeFileSync(erp, ERP);

    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-input').setInputFiles(erp);
    const panel = page.getByTestId('mapping-panel');
    await panel.waitFor({ timeout: 30_000 });
    const sample = (await page.getByTestId('mapping-sample').textContent()) ?? '';
    assert.match(sample, /单号/);
    assert.match(sample, /138\*\*\*\*5678/, 'phones masked in the sample');
    assert.match(sample, /已加密/);
    for (const secret of ['13812345678', '张三丰', '文一西路969号', '$$Zz9Qq']) assert.ok(!sample.includes(secret), `${secret} shown`);

    // Guessed from the column names; the clerk corrects what the guess can't know.
    assert.equal(await page.getByTestId('map-orderId').inputValue(), '单号');
    assert.equal(await page.getByTestId('map-qty').inputValue(), '数量');
    await page.getByTestId('map-sku').selectOption('商品编码');
    await page.getByTestId('map-paidAmount').selectOption('实付');
    await page.getByTestId('mapping-platform').selectOption('jd');
    await page.getByTestId('mapping-name').fill('ERP 订单导出');
    assert.equal(await page.getByTestId('mapping-save').isDisabled(), true, 'preview before saving');
    await page.getByTestId('mapping-preview').click();
    await page.getByTestId('mapping-preview-order').nth(1).waitFor();
    const preview = (await page.getByTestId('mapping-preview-orders').textContent()) ?? '';
    assert.match(preview, /E2001/);
    assert.match(preview, /99\.00/);
    assert.match(preview, /张\*\*/);
    assert.ok(!preview.includes('13812345678'));
    await page.screenshot({ path: artifact('import-mapping.png'), fullPage: true });

    await page.getByTestId('mapping-save').click();
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 30_000 });
    assert.equal(await result.locator('[data-testid="import-file"][data-kind="mapped_orders"]').getAttribute('data-imported'), '2');

    // Next time: no mapping step.
    await page.getByTestId('import-input').setInputFiles(erp);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="import-file"][data-kind="mapped_orders"]')?.getAttribute('data-imported') === '0',
    );
    assert.equal(await panel.count(), 0);

    const order = (await (await station.fetch(`${station.url}/api/orders/E2001`)).json()) as {
      platform: string;
      lines: Array<{ sku: string; qty: number }>;
    };
    assert.equal(order.platform, 'jd');
    assert.deepEqual(
      order.lines.map((l) => [l.sku, l.qty]),
      [['TSHIRT-W-L', 2]],
    );

    // Settings lists the mapping and deletes it.
    await page.getByTestId('nav-settings').click();
    const row = page.locator('[data-testid="mapping-row"][data-name="ERP 订单导出"]');
    await row.waitFor();
    page.once('dialog', (d) => void d.accept());
    await row.getByTestId('mapping-delete').click();
    await row.waitFor({ state: 'detached' });
    const list = (await (
      await station.fetch(`${station.url}/api/rpc/mappings.list`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      })
    ).json()) as {
      items: unknown[];
    };
    assert.equal(list.items.length, 0);
    // The 422 unknown_header answer is how the station asks for a mapping; the browser logs it.
    assert.deepEqual(
      problems.filter((p) => !/status of 422/.test(p)),
      [],
    );
  } finally {
    await browser?.close();
    await station?.stop();
  }
});
