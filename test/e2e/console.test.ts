import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, DEMO_BUNDLE, launchChromium, serveBundles, type Served } from './harness';

// A console error in browser mode hides the real ones an operator reports: opening the app logs none.
describe.skipIf(!chromiumAvailable())('the browser console when the app opens', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    served = await serveBundles([DEMO_BUNDLE]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`);
    });
    page.on('pageerror', (e) => errors.push(e.message));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('logs no error, not even for a favicon the page never named', async () => {
    await page.goto(served.url);
    await expect.poll(() => page.locator('main h1, main .view-head').first().count()).toBe(1);
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
  });
});
