// End to end in station mode: the built UI in Chromium against the built station server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright';
import { FIXTURES } from '../helpers/fixtures.js';
import {
  artifact,
  EVENT_SECRET,
  launchBrowser,
  openApp,
  skipIfUnavailable,
  startStation,
  STATION_TOKEN,
  type Station,
} from '../helpers/station.js';

const FILES = ['taobao-orders-gbk.csv', 'taobao-items-gbk.csv', 'sku-master.csv'].map((f) => path.join(FIXTURES, f));

/** Every real mobile number in the order fixture: none may ever reach the page. */
function fixturePhones(): string[] {
  const text = iconv.decode(fs.readFileSync(path.join(FIXTURES, 'taobao-orders-gbk.csv')), 'gbk');
  return [...new Set(text.match(/(?<!\d)1[3-9]\d{9}(?!\d)/g) ?? [])];
}

async function importFixtures(page: Page): Promise<void> {
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-input').setInputFiles(FILES);
  const result = page.getByTestId('import-result');
  await result.waitFor({ timeout: 30_000 });
  const orders = result.locator('[data-testid="import-file"][data-kind="taobao_orders"]');
  assert.equal(await orders.getAttribute('data-imported'), '40', 'the order report imports 40 orders');
}

async function search(page: Page, q: string, expected: number): Promise<void> {
  await page.getByTestId('search-input').fill(q);
  await page.waitForFunction(
    ({ q, n }) => {
      const total = document.querySelector('[data-testid="total-count"]')?.textContent ?? '';
      if (!new RegExp(`(^|\\D)${n}(\\D|$)`).test(total)) return false;
      const rows = [...document.querySelectorAll('[data-testid="order-row"]')];
      return n > 20 ? rows.length > 0 : rows.length === n && (q === '' || rows.some((r) => r.getAttribute('data-tid') === q));
    },
    { q, n: expected },
  );
}

test('station: import the GBK fixtures, browse the masked pending list, open an order', async (t) => {
  if (skipIfUnavailable(t)) return;
  let station: Station | undefined;
  let browser: Browser | undefined;
  try {
    station = await startStation();
    browser = await launchBrowser();
    const { page, problems } = await openApp(browser, station);

    await importFixtures(page);
    await page.getByTestId('to-pending').click();
    await page.getByTestId('order-row').first().waitFor();

    // 40 pending orders: the count, the nav badge, and every row reachable by scrolling the virtual list.
    await page.waitForFunction(() => document.querySelector('[data-testid="total-count"]')?.textContent?.includes('40'));
    assert.match((await page.getByTestId('total-count').textContent()) ?? '', /共\s*40\s*单/);
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-pending-badge"]')?.textContent?.trim() === '40');
    const seen = await page.evaluate(async () => {
      const list = document.querySelector('[data-testid="order-list"]') as HTMLElement;
      const tids = new Set<string>();
      for (let top = 0; top <= list.scrollHeight; top += 300) {
        list.scrollTop = top;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        document.querySelectorAll('[data-testid="order-row"]').forEach((r) => tids.add(r.getAttribute('data-tid') ?? ''));
      }
      list.scrollTop = 0;
      return tids.size;
    });
    assert.equal(seen, 40, 'the virtual list renders all 40 orders while scrolling');

    // Masked contact lines: a secret number with its extension, and a plain phone.
    await search(page, '3921004455660000', 1);
    const first = page.locator('[data-testid="order-row"][data-tid="3921004455660000"] [data-testid="contact-line"]');
    const firstText = (await first.textContent()) ?? '';
    assert.ok(firstText.includes('李*'), firstText);
    // In the table's narrow cell the extension opens the second line, so neither is ever cut.
    assert.equal(((await first.locator('.contact-phone').textContent()) ?? '').trim(), '170****1792');
    assert.equal(((await first.locator('.contact-ext').textContent()) ?? '').trim(), '转 0189');
    for (const part of ['.contact-name', '.contact-phone', '.contact-ext']) {
      const [cell, box] = await first.locator(part).evaluate((el) => {
        const c = el.closest('[data-col="receiver"]')!.getBoundingClientRect();
        const r = el.getBoundingClientRect();
        return [
          [c.left, c.right],
          [r.left, r.right],
        ];
      });
      assert.ok(box[0]! >= cell[0]! - 0.5 && box[1]! <= cell[1]! + 0.5, `${part} is whole inside its cell: ${box} in ${cell}`);
    }
    const address = ((await first.locator('.contact-address').textContent()) ?? '').trim();
    assert.ok(address.startsWith('四川省 成都市 武侯区 建国路9'), address);
    assert.ok(address.endsWith('****'), address);

    await search(page, '3921004455660020', 1);
    const second =
      (await page.locator('[data-testid="order-row"][data-tid="3921004455660020"] [data-testid="contact-line"]').textContent()) ?? '';
    assert.ok(second.includes('189****4423'), second);

    await search(page, '', 40);
    const noLeak = async (where: string) => {
      const html = await page.content();
      for (const phone of fixturePhones()) assert.ok(!html.includes(phone), `${where}: real phone ${phone} in the page`);
      assert.ok(!html.includes('18910284423') && !html.includes('17097561792'), `${where}: real phone in the page`);
      assert.ok(!html.includes('建国路93号院3单元1004室'), `${where}: a full address in the page`);
      assert.ok(!html.includes('李静'), `${where}: a full name in the page`);
    };
    assert.ok(fixturePhones().length >= 10, 'the fixture has real numbers to look for');
    await noLeak('list');
    await page.screenshot({ path: artifact('pending-list.png') });

    // Search, then open the detail drawer from the keyboard.
    await search(page, '3921004455660070', 1);
    assert.match((await page.getByTestId('total-count').textContent()) ?? '', /共\s*1\s*单/);
    await page.locator('body').click({ position: { x: 1000, y: 1000 } });
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('order-detail');
    await detail.locator('[data-testid="detail-line"]').first().waitFor();
    assert.equal(await detail.getAttribute('data-tid'), '3921004455660070');
    assert.equal(await detail.locator('[data-testid="detail-line"]').count(), 3);
    const bins = await detail.locator('[data-testid="line-bin"]').allTextContents();
    assert.deepEqual([...bins].sort(), ['A-03-10', 'A-07-01', 'C-02-05']);
    assert.ok(((await detail.getByTestId('contact-line').textContent()) ?? '').includes('170****4544 转 2120'));
    await noLeak('detail');
    await page.screenshot({ path: artifact('order-detail.png') });

    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    // `/` focuses the search; a row click opens the drawer too.
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'search-input');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="order-row"]').first().click();
    await detail.waitFor();

    assert.deepEqual(problems, [], 'no page errors (CSP, runtime)');
  } finally {
    await browser?.close();
    await station?.stop();
  }
});

test('station: switching the language in settings relabels the navigation', async (t) => {
  if (skipIfUnavailable(t)) return;
  let station: Station | undefined;
  let browser: Browser | undefined;
  try {
    station = await startStation();
    browser = await launchBrowser();
    const { page } = await openApp(browser, station);
    assert.equal((await page.getByTestId('nav-pending').locator('.nav-label').textContent())?.trim(), '待发货');

    await page.getByTestId('nav-settings').click();
    // A server-side validation error is shown next to its field.
    await page.getByTestId('settings-dueSoonHours').fill('-1');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('field-error').waitFor();
    await page.getByTestId('settings-dueSoonHours').fill('6');

    await page.getByTestId('settings-locale').selectOption('en');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-pending"] .nav-label')?.textContent === 'Pending');
    assert.equal((await page.getByTestId('nav-settings').locator('.nav-label').textContent())?.trim(), 'Settings');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    // The station token and event secret are never in a web page: the browser is pointed at the terminal.
    await page.getByTestId('secrets-terminal').waitFor();
    assert.equal(await page.getByTestId('reveal-secrets').count(), 0);
    const html = await page.content();
    assert.ok(!html.includes(EVENT_SECRET) && !html.includes(STATION_TOKEN), 'a secret in the settings page');
    await page.screenshot({ path: artifact('settings-en.png') });

    // The choice is stored by the station: a fresh page opens in English.
    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-pending"] .nav-label')?.textContent === 'Pending');
  } finally {
    await browser?.close();
    await station?.stop();
  }
});
