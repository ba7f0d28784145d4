// Issue #12 (setup that explains itself): "A catch-up that writes the memo, flag and notices for requests
// received before setup, after showing the clerk what it will send." In Chromium against the station.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Browser } from 'playwright';
import { fixtureEvents } from '../helpers/fixtures.js';
import { artifact, launchBrowser, openApp, skipIfUnavailable, startStation, type Station } from '../helpers/station.js';

const TID = '3921004455660120';

test('catch-up: a request locked before setup shows what will be sent, then sends it once', { timeout: 120_000 }, async (t) => {
  if (skipIfUnavailable(t)) return;
  let station: Station | undefined;
  let browser: Browser | undefined;
  try {
    station = await startStation();
    browser = await launchBrowser();
    const orders = fixtureEvents().filter((e) => e.type === 'order.upserted');
    assert.equal((await station.postEvents(orders)).status, 202);
    const now = new Date().toISOString();
    const req = {
      id: 'evt-catchup-1',
      type: 'interception.requested',
      platform: 'taobao',
      occurredAt: now,
      payload: { requestId: 'cs-catchup', tid: TID, source: 'customer_service' },
    };
    assert.equal((await station.postEvents(req)).status, 202);

    const { page, problems } = await openApp(browser, station);
    await page.getByTestId('nav-settings').click();
    const card = page.getByTestId('catch-up');
    await card.waitFor();
    assert.ok(((await card.textContent()) ?? '').includes(TID));
    assert.equal(await page.getByTestId('catch-up-send').isDisabled(), true, 'not before the setup is done');

    // Finish the setup (memo, terms, enabled) through the API, then send from the screen.
    const s = (await (await station.fetch('/api/settings')).json()) as { interception: Record<string, unknown> };
    const patch = { interception: { ...s.interception, memoText: '拦截件勿发', termsAgreed: true, enabled: true } };
    const res = await station.fetch('/api/settings', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    });
    assert.equal(res.status, 200, await res.text());
    await page.waitForFunction(() => !(document.querySelector('[data-testid="catch-up-send"]') as HTMLButtonElement | null)?.disabled);
    await page.screenshot({ path: artifact('catch-up-1366.png') });
    await page.getByTestId('catch-up-send').click();
    await card.waitFor({ state: 'detached' });

    const out = (await (await station.fetch('/api/outbox?after=0&limit=1000')).json()) as {
      items: Array<{ type: string; payload: { tid?: string } }>;
    };
    const mine = out.items.filter((e) => e.payload.tid === TID).map((e) => e.type);
    assert.deepEqual(mine, ['interception.result', 'order.memo_updated', 'buyer.message', 'buyer.message']);
    assert.deepEqual(problems, []);
  } finally {
    await browser?.close();
    await station?.stop();
  }
});
