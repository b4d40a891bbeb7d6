import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseBundle } from '../../main/engine/rules';
import { chromiumAvailable, DEMO_BUNDLE, go, openPage, serveBundles, shot, type Served } from './harness';

// After an upgrade whose rules differ, the workspace opens at once and diagnoses its bundles again in
// the background: until then the findings shown are the older rules', and the views say so.
describe.skipIf(!chromiumAvailable())('findings of an older rule set, while the bundle is diagnosed again', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let b: number;
  const errors: string[] = [];

  beforeAll(async () => {
    // Served without the pool's maintenance: the bundle stays as an upgrade left it until the test says.
    served = await serveBundles([DEMO_BUNDLE]);
    b = served.bundleIds[0];
    served.db.prepare("UPDATE bundles SET rules_version = 'an older rule set' WHERE id = ?").run(b);
    ({ browser, page } = await openPage({ viewport: { width: 1280, height: 800 }, timeout: 10_000, errors }));
    await page.goto(`${served.server.url}#/library`);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('marks the bundle in the Library and says so on its Overview and Findings, until its findings are remade', async () => {
    await expect.poll(() => page.getByRole('img', { name: 're-checking' }).count()).toBe(1);
    await go(page, `#/b/${b}/overview`);
    const note = page.getByRole('status').filter({ hasText: "older version of nodescope's rules" });
    await expect.poll(() => note.count()).toBe(1);
    await shot(page, 'recheck-overview');
    await go(page, `#/b/${b}/findings`);
    await expect.poll(() => note.count()).toBe(1);

    served.db.transaction(() => diagnoseBundle(served.db, b))();
    // The view asks again every 2 s and reloads the findings once they are the current rules'.
    await expect.poll(() => note.count(), { timeout: 8_000 }).toBe(0);
    expect(await page.locator('.finding-row').count()).toBeGreaterThan(0);
    await go(page, '#/library');
    await expect.poll(() => page.getByRole('img', { name: 're-checking' }).count(), { timeout: 8_000 }).toBe(0);
    expect(errors).toEqual([]);
  });
});
