import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, DEMO_BUNDLE, go, openPage, serveBundles, shot, type Served } from './harness';

// Issue 17, problem 6: the flame graph at 1280 px is wide enough to read, searches with a regex,
// takes pprof's -focus/-ignore/-hide, keeps zoom and selection in the URL, and has a sandwich view.
describe.skipIf(!chromiumAvailable())('flame graph: width, regex, filters, URL, sandwich', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const params = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');

  beforeAll(async () => {
    served = await serveBundles([DEMO_BUNDLE]);
    ({ browser, page } = await openPage({ viewport: { width: 1280, height: 800 }, timeout: 15_000, errors }));
    await page.goto(`${served.url.replace(/#.*$/, '')}#/b/${served.bundleIds[0]}/profiles?p=pprof%2Fetcd%2Fcpu.pb.gz`);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  const frames = () => page.locator('.flame-box svg g.frame');

  it('6. is wide, searches by regex, filters like pprof, and keeps zoom, selection and view in the URL with Back', async () => {
    await expect.poll(() => frames().count(), { timeout: 20_000 }).toBeGreaterThan(10);
    const width = Number(await page.locator('.flame-box svg').first().getAttribute('width'));
    expect(width).toBeGreaterThan(700); // was 436 px at 1280×800
    const topName = page.getByRole('list', { name: 'Top functions' }).locator('.top-row .ellipsis').first();
    expect((await topName.boundingBox())!.width).toBeGreaterThan(400);
    await shot(page, 'flame-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, 'flame-1920');
    await page.setViewportSize({ width: 1280, height: 800 });

    // A regex highlight (RE2), kept in the URL.
    await page.getByLabel('Highlight functions').fill('/^runtime\\.(mallocgc|futex)/');
    await page.getByLabel('Highlight functions').press('Enter');
    await expect.poll(() => params().get('q')).toBe('/^runtime\\.(mallocgc|futex)/');
    await expect.poll(() => page.locator('.flame-details').innerText()).toMatch(/\d+ frames/);

    // pprof's -focus: only samples through etcdserver; the URL says so.
    const total = await page.locator('.flame-summary').innerText();
    await page.getByLabel('Focus regex').fill('etcdserver');
    await page.getByLabel('Focus regex').press('Enter');
    await expect.poll(() => params().get('focus')).toBe('etcdserver');
    await expect.poll(() => page.locator('.flame-summary').innerText()).not.toBe(total);
    await page.getByLabel('Ignore regex').fill('^syscall\\.');
    await page.getByLabel('Ignore regex').press('Enter');
    await expect.poll(() => params().get('ignore')).toBe('^syscall\\.');
    await page.goBack();
    await expect.poll(() => params().get('ignore')).toBeNull();
    await page.goBack();
    await expect.poll(() => params().get('focus')).toBeNull();

    // Zoom by clicking a frame: in the URL; Back zooms out.
    await expect.poll(() => frames().count(), { timeout: 20_000 }).toBeGreaterThan(10);
    await frames().nth(2).click();
    await expect.poll(() => params().get('z')).not.toBeNull();
    await page.goBack();
    await expect.poll(() => params().get('z')).toBeNull();

    // The sandwich of the top function: callers above, callees below.
    await page.getByRole('list', { name: 'Top functions' }).locator('.top-row').first().click();
    await expect.poll(() => params().get('sel')).not.toBeNull();
    await page.getByRole('button', { name: 'Sandwich' }).click();
    expect(params().get('mode')).toBe('sandwich');
    await expect.poll(() => page.getByRole('img', { name: 'Callers' }).locator('g.frame').count()).toBeGreaterThan(1);
    await expect.poll(() => page.getByRole('img', { name: 'Callees' }).locator('g.frame').count()).toBeGreaterThan(0);
    await shot(page, 'flame-sandwich-1280');
    await page.goBack();
    await expect.poll(() => params().get('mode')).toBeNull();
    expect(errors).toEqual([]);
  });
});
