// End to end in station mode: pick batches (create from filters, print view, 需撤出 after an interception,
// withdraw), a batch from the pending list's selection, and the supervisor's audited reveal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright';
import { taobaoClosedExport } from '../helpers/fixtures.js';
import { artifact, importGbkFixtures, launchBrowser, openApp, skipIfUnavailable, startStation, type Station } from '../helpers/station.js';

const REVEAL_TID = '3921004455660020';
const REVEAL_PHONE = '18910284423';

const text = async (page: Page, testid: string) => ((await page.getByTestId(testid).first().textContent()) ?? '').trim();

test('batches: create from filters, print view, 需撤出 after an interception, withdraw', { timeout: 120_000 }, async (t) => {
  if (skipIfUnavailable(t)) return;
  let station: Station | undefined;
  let browser: Browser | undefined;
  try {
    station = await startStation();
    await importGbkFixtures(station);
    browser = await launchBrowser();
    const { page, problems } = await openApp(browser, station);

    // The nav entry sits between 预警 and 打包台.
    const navOrder = await page
      .locator('[data-testid="nav"] .nav-item')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    assert.deepEqual(navOrder.slice(2, 5), ['nav-alerts', 'nav-batches', 'nav-pack']);

    await page.getByTestId('nav-batches').click();
    await page.getByTestId('batches-screen').waitFor();
    assert.equal(await page.getByTestId('batch-row').count(), 0);

    // Create from filters: no filter, up to 500 orders.
    await page.getByTestId('batch-new').click();
    const form = page.getByTestId('batch-form');
    assert.equal(await form.getByTestId('batch-max').inputValue(), '200', 'default max orders');
    await form.getByTestId('batch-max').fill('500');
    await form.getByTestId('batch-create-submit').click();
    await form.waitFor({ state: 'detached' });

    const detail = page.getByTestId('batch-detail');
    await detail.getByTestId('pick-row').first().waitFor();
    const batchNo = (await detail.getAttribute('data-batch-no'))!;
    assert.match(batchNo, /^B\d{8}-\d{3,}$/);
    await page.getByTestId('batch-created').waitFor();
    const rows = detail.getByTestId('pick-row');
    assert.equal(await rows.count(), 7, '7 pick rows');
    assert.equal(await rows.first().getAttribute('data-bin'), 'A-03-10', 'walking order starts at A-03-10');
    assert.equal(await text(page, 'batch-pieces'), '91');
    assert.equal(await text(page, 'pick-total'), '91');
    assert.equal(await text(page, 'batch-orders'), '40');
    assert.equal(await detail.getByTestId('slip-row').count(), 40, 'one packing slip per order');
    assert.ok((await text(page, 'batch-printed')).includes('未打印'));
    const listRow = page.locator(`[data-testid="batch-row"][data-batch-no="${batchNo}"]`);
    await listRow.waitFor();
    assert.ok(((await listRow.textContent()) ?? '').includes('40 / '), 'list shows the order count');
    // Station mode: CSV downloads carry the batch number; the desktop-only buttons are absent.
    assert.equal(await page.getByTestId('csv-picklist').getAttribute('href'), `/api/batches/${batchNo}/picklist.csv`);
    assert.equal(await page.getByTestId('csv-slips').getAttribute('href'), `/api/batches/${batchNo}/slips.csv`);
    assert.equal(await page.getByTestId('export-pdf').count(), 0);
    assert.equal(await page.getByTestId('print-to').count(), 0);
    const csv = await station.fetch(`/api/batches/${batchNo}/picklist.csv`);
    assert.equal(csv.status, 200);
    // The masked slips in the app: no real number anywhere in the page.
    assert.doesNotMatch(await page.content(), /(?<!\d)1[3-9]\d{9}(?!\d)/, 'no full phone number in the batch screen');
    await page.screenshot({ path: artifact('batch-detail.png') });

    // 全部打印: the print view opens in a new window; the batch is marked printed only once the clerk confirms.
    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('print-all').click()]);
    await popup.waitForLoadState();
    const printed = await popup.content();
    assert.ok(printed.includes(batchNo), 'print view names the batch');
    assert.ok(printed.includes('拣货单'), 'print view is the pick list');
    assert.match(popup.url(), new RegExp(`/api/batches/${batchNo}/print\\?kind=all&size=A4&lang=zh-CN$`));
    await popup.close();
    await page.waitForTimeout(300);
    assert.ok((await text(page, 'batch-printed')).includes('未打印'), 'opening the preview does not mark it printed');
    await page.getByTestId('print-confirm').click();
    await page.waitForFunction(
      () =>
        /第?\s*1/.test(document.querySelector('[data-testid="batch-printed"]')?.textContent ?? '') &&
        !document.querySelector('[data-testid="batch-printed"]')?.textContent?.includes('未打印'),
    );
    assert.ok((await text(page, 'batch-printed')).endsWith('打印次数 1'), await text(page, 'batch-printed'));

    // Ctrl+P on the batch detail reprints the whole batch (same number, count 2), not the app page.
    const [again] = await Promise.all([page.context().waitForEvent('page'), page.keyboard.press('Control+p')]);
    await again.waitForLoadState();
    assert.ok((await again.content()).includes(batchNo));
    await again.close();
    await page.getByTestId('print-confirm').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="batch-printed"]')?.textContent?.trim().endsWith('打印次数 2'));
    assert.equal(await detail.getAttribute('data-batch-no'), batchNo);

    // An interception for one order of the printed batch: 需撤出, pushed live (no reload).
    const tid = (await detail.getByTestId('slip-row').nth(3).getAttribute('data-tid'))!;
    const created = await station.fetch(`/api/interceptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tid, reason: 'e2e 买家要求拦截' }),
    });
    assert.equal(created.status, 201, await created.text());
    const stale = page.getByTestId('stale-list');
    await stale.waitFor({ timeout: 5_000 });
    const staleLines = stale.locator(`[data-testid="stale-line"][data-tid="${tid}"]`);
    assert.ok((await staleLines.count()) >= 1, 'the intercepted order is listed to withdraw');
    assert.equal(await stale.getByTestId('stale-line').count(), await staleLines.count(), 'only that order');
    await listRow.getByTestId('batch-stale-tag').waitFor({ timeout: 5_000 });
    assert.match((await listRow.getByTestId('batch-stale-tag').textContent()) ?? '', /需撤出\s*\d+/);
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-batches-badge"]')?.textContent?.trim() === '1');
    assert.ok(((await stale.textContent()) ?? '').includes('拦截'), 'the lock pill on the stale line');
    await page.screenshot({ path: artifact('batch-stale.png') });

    // 已撤出 for each of its lines: the list empties, the tag and the badge go.
    for (let left = await staleLines.count(); left > 0; left--) {
      await staleLines.first().getByTestId('withdraw-line').click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="stale-line"]').length === n, left - 1);
    }
    await stale.waitFor({ state: 'detached' });
    await listRow.getByTestId('batch-stale-tag').waitFor({ state: 'detached' });
    await page.getByTestId('nav-batches-badge').waitFor({ state: 'detached' });
    const history = (await page.getByTestId('batch-history').textContent()) ?? '';
    for (const step of ['创建', '打印', '重新打印', '需撤出', '已撤出'])
      assert.ok(history.includes(step), `history has ${step}: ${history}`);
    assert.equal(await detail.locator(`[data-testid="slip-row"][data-tid="${tid}"]`).count(), 0, 'the withdrawn order has no slip left');

    // Another order of the printed batch closes (a Taobao export row 交易关闭): 需撤出 too, marked 订单已关闭.
    const closedTid = (await detail.getByTestId('slip-row').nth(5).getAttribute('data-tid'))!;
    const upload = new FormData();
    upload.append('files', new Blob([new Uint8Array(taobaoClosedExport(closedTid))]), 'taobao-closed.csv');
    const closedRes = await station.fetch('/api/imports', { method: 'POST', body: upload });
    assert.equal(closedRes.status, 200, await closedRes.text());
    await stale.waitFor({ timeout: 5_000 });
    const closedLines = stale.locator(`[data-testid="stale-line"][data-tid="${closedTid}"]`);
    await closedLines.first().waitFor();
    assert.equal(await stale.getByTestId('stale-line').count(), await closedLines.count(), 'only the closed order');
    assert.equal(await stale.getByTestId('closed-pill').count(), await closedLines.count());
    assert.ok(((await stale.textContent()) ?? '').includes('订单已关闭'));
    await detail.locator(`[data-testid="slip-row"][data-tid="${closedTid}"]`).waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: artifact('batch-stale-closed-1366.png') });

    assert.deepEqual(problems, [], 'no page errors');
  } finally {
    await browser?.close();
    await station?.stop();
  }
});

test(
  'batches from the pending selection; supervisor reveal: PIN in settings, full phone in the dialog only',
  { timeout: 120_000 },
  async (t) => {
    if (skipIfUnavailable(t)) return;
    let station: Station | undefined;
    let browser: Browser | undefined;
    try {
      station = await startStation({ env: { SHIPLOCK_SUPERVISOR_PIN: '135790' } });
      await importGbkFixtures(station);
      browser = await launchBrowser();
      const { page, problems } = await openApp(browser, station);

      // Select mode in the pending list: tick two orders (j/k/x from the keyboard too), then 生成拣货批次.
      await page.waitForFunction(() => document.querySelector('[data-testid="total-count"]')?.textContent?.includes('40'));
      await page.getByTestId('select-mode').click();
      const pick = page.getByTestId('pick-order');
      await pick.first().waitFor();
      await page.locator('[data-testid="order-row"]').nth(0).getByTestId('pick-order').click();
      assert.equal(await page.getByTestId('order-detail').count(), 0, 'ticking a row does not open the drawer');
      await page.keyboard.press('j');
      await page.keyboard.press('x');
      await page.waitForFunction(() => document.querySelector('[data-testid="selection-count"]')?.textContent?.includes('2'));
      const picked = await page
        .locator('[data-testid="order-row"][data-picked="true"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-tid')));
      assert.equal(picked.length, 2);
      await page.getByTestId('selection-to-batch').click();
      const detail = page.getByTestId('batch-detail');
      await detail.getByTestId('pick-row').first().waitFor();
      assert.equal(await text(page, 'batch-orders'), '2');
      assert.deepEqual(
        (await detail.getByTestId('slip-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-tid')))).sort(),
        [...picked].sort(),
      );
      assert.ok((await text(page, 'batch-created')).includes('2'));

      // Settings: the first PIN came from the station's terminal (SHIPLOCK_SUPERVISOR_PIN); the clerk changes it.
      await page.getByTestId('nav-settings').click();
      const pinCard = page.getByTestId('settings-supervisor');
      await pinCard.waitFor();
      assert.equal(((await pinCard.getByTestId('pin-state').textContent()) ?? '').trim(), '已设置');
      assert.equal(await page.getByTestId('settings-slipSize').inputValue(), 'A4');
      await pinCard.getByTestId('pin-current').fill('135790');
      await pinCard.getByTestId('pin-new').fill('246813');
      await pinCard.getByTestId('pin-confirm').fill('246813');
      await pinCard.getByTestId('pin-save').click();
      await pinCard.getByTestId('pin-saved').waitFor();
      await page.screenshot({ path: artifact('settings-supervisor.png') });

      // The order's drawer: masked contact, then the reveal dialog.
      await page.evaluate((tid) => (window.location.hash = `#/pending/${tid}`), REVEAL_TID);
      const drawer = page.getByTestId('order-detail');
      await drawer.locator('[data-testid="detail-line"]').first().waitFor();
      assert.equal(await drawer.getAttribute('data-tid'), REVEAL_TID);
      assert.ok(((await drawer.getByTestId('contact-line').textContent()) ?? '').includes('189****4423'));

      await drawer.getByTestId('reveal-open').click();
      const dialog = page.getByTestId('reveal-dialog');
      await dialog.waitFor();
      // A wrong PIN is refused (and audited on the station).
      await dialog.getByTestId('reveal-supervisor').fill('王主管');
      await dialog.getByTestId('reveal-pin').fill('000000');
      await dialog.getByTestId('reveal-reason').fill('快递员联系不上收件人');
      await dialog.getByTestId('reveal-submit').click();
      await dialog.getByTestId('reveal-error').waitFor();
      assert.ok(((await dialog.getByTestId('reveal-error').textContent()) ?? '').includes('主管密码不正确'));
      assert.equal(await dialog.getByTestId('reveal-result').count(), 0);
      assert.ok(!(await page.content()).includes(REVEAL_PHONE));

      // The right PIN: the full phone in the dialog, nowhere else (no title, no tooltip).
      await dialog.getByTestId('reveal-pin').fill('246813');
      await dialog.getByTestId('reveal-submit').click();
      await dialog.getByTestId('reveal-phone').waitFor();
      assert.equal(((await dialog.getByTestId('reveal-phone').textContent()) ?? '').trim(), REVEAL_PHONE);
      await dialog.getByTestId('reveal-audited').waitFor();
      const outside = await page.evaluate((phone) => {
        const d = document.querySelector('[data-testid="reveal-dialog"]');
        const titled = [...document.querySelectorAll('[title], [aria-label], [aria-description]')].some((el) =>
          ['title', 'aria-label', 'aria-description'].some((a) => el.getAttribute(a)?.includes(phone)),
        );
        const clone = document.body.cloneNode(true) as HTMLElement;
        clone.querySelector('[data-testid="reveal-dialog"]')?.closest('.modal-backdrop')?.remove();
        return { titled, elsewhere: clone.innerHTML.includes(phone), inDialog: !!d?.innerHTML.includes(phone) };
      }, REVEAL_PHONE);
      assert.deepEqual(outside, { titled: false, elsewhere: false, inDialog: true });
      assert.ok(!((await drawer.getByTestId('contact-line').textContent()) ?? '').includes(REVEAL_PHONE), 'the drawer stays masked');

      // Closing clears it; opening again starts from an empty form.
      await dialog.getByTestId('reveal-close').click();
      await dialog.waitFor({ state: 'detached' });
      assert.ok(!(await page.content()).includes(REVEAL_PHONE), 'the full phone is gone from the page');
      await drawer.getByTestId('reveal-open').click();
      await dialog.waitFor();
      assert.equal(await dialog.getByTestId('reveal-result').count(), 0);
      assert.equal(await dialog.getByTestId('reveal-pin').inputValue(), '');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await drawer.count(), 1, 'Esc closes the dialog first, not the drawer');
      assert.ok(!(await page.content()).includes(REVEAL_PHONE));

      // The refused reveal is the one expected failed request (Chromium logs the 403 as a console error).
      const unexpected = problems.filter((p) => !/status of 403 \(Forbidden\)/.test(p));
      assert.equal(problems.length - unexpected.length, 1, 'exactly one refused request: the wrong PIN');
      assert.deepEqual(unexpected, [], 'no page errors');
    } finally {
      await browser?.close();
      await station?.stop();
    }
  },
);
