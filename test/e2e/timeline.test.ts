import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeKubeletBundle } from './bundles';
import { chromiumAvailable, DEMO_BUNDLE, go, openPage, serveBundles, shot, type Served } from './harness';

// The ★ Timeline: one axis for the bundle, zoomed by dragging, clicked into Logs and Findings; two
// bundles on one axis in Compare.
describe.skipIf(!chromiumAvailable())('Timeline view', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-timeline-'));
  const hash = () => new URL(page.url()).hash;

  beforeAll(async () => {
    served = await serveBundles([DEMO_BUNDLE, writeKubeletBundle(tmp, 3000).root]);
    ({ browser, page } = await openPage({ viewport: { width: 1280, height: 800 }, timeout: 10_000, errors }));
    await page.goto(`${served.server.url}#/b/${served.bundleIds[0]}/overview`);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('shows log volume per source, the collection window and event lanes; drag zooms, a bar opens Logs there', async () => {
    const b = served.bundleIds[1];
    await go(page, `#/b/${b}/timeline`);
    const rowLabel = page.locator('.tl-label', { hasText: 'kubelet' }).first();
    await expect.poll(() => rowLabel.innerText()).toMatch(/3,000/);
    expect(await page.locator('.tl-collection').count()).toBe(1);
    await shot(page, 'timeline-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, 'timeline-1920');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Drag across a third of the chart: the URL holds the zoom, Back undoes it.
    const box = (await page.locator('.tl').boundingBox())!;
    const y = box.y + 60;
    await page.mouse.move(box.x + 260, y);
    await page.mouse.down();
    await page.mouse.move(box.x + 520, y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => hash()).toMatch(/from=.*&to=/);
    await page.goBack();
    await expect.poll(() => hash()).toBe(`#/b/${b}/timeline`);

    await page.locator('.tl-bar').first().click();
    await expect.poll(() => hash()).toMatch(new RegExp(`^#/b/${b}/logs\\?src=kubelet.*from=.*to=`));
    await expect.poll(() => page.getByTestId('match-count').innerText()).toMatch(/^[\d,]+ lines?/);
  });

  it('puts findings at their evidence times and opens the finding on click', async () => {
    const a = served.bundleIds[0];
    await go(page, `#/b/${a}/timeline`);
    const lane = page.getByRole('group', { name: 'Findings (evidence)' });
    await expect.poll(() => lane.locator('.tl-mark').count()).toBeGreaterThan(0);
    // Kubernetes events are marks too; events older than the logs (kept a year by some clusters) sit
    // outside the default axis, counted in the legend and one click away.
    await shot(page, 'timeline-demo-1280');
    const k8s = page.getByRole('group', { name: 'Kubernetes events' }).locator('.tl-mark');
    const outside = /(\d+) events are outside this span/.exec(await page.locator('.tl-legend').innerText());
    if (outside) {
      await page.getByRole('button', { name: 'Whole bundle' }).click();
      await expect.poll(() => k8s.count()).toBeGreaterThan(0);
      await page.goBack();
    } else {
      await expect.poll(() => k8s.count()).toBeGreaterThan(0);
    }
    await lane.locator('.tl-mark').first().click();
    await expect.poll(() => hash()).toMatch(new RegExp(`^#/b/${a}/findings\\?i=\\d+`));
  });

  it('overlays two bundles on one axis in Compare', async () => {
    const [a, b] = served.bundleIds;
    await go(page, `#/compare/${a}/${b}`);
    const section = page.locator('[data-section="timeline"]');
    await expect.poll(() => section.locator('.tl-side-head').count()).toBe(2);
    expect(await section.locator('.tl-collection').count()).toBe(2);
    await section.scrollIntoViewIfNeeded();
    await shot(page, 'timeline-compare-1280');
    expect(errors).toEqual([]);
  });
});
