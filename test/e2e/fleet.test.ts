import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../collector/fake-node';
import { collectPool, diskFullStorm, variedNode } from '../fleet/pool';
import { chromiumAvailable, go, openPage, serveBundles, shot, type Served } from './harness';

// A pool of 20 workers collected by the real collector (--root), one with its disk full (worker-7)
// and one still on an old kernel (worker-13): the Fleet view in browser mode.
describe.skipIf(!chromiumAvailable())('the Fleet view with 20 nodes', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const cleanup: string[] = [];
  const work = tmpDir('fleet-e2e');

  beforeAll(async () => {
    const nodes = Array.from({ length: 20 }, (_, i) => variedNode(i + 1));
    nodes[6] = diskFullStorm(nodes[6]!);
    nodes[12] = { ...nodes[12]!, kernel: '3.10.0-862.el7.x86_64' };
    const tarballs = await collectPool(nodes, path.join(work, 'out'), cleanup, 4);
    served = await serveBundles(tarballs);
    ({ browser, page } = await openPage({ viewport: { width: 1440, height: 1000 }, timeout: 20_000, errors }));
    await page.goto(`${served.server.url}#/`);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    for (const d of [work, ...cleanup]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('lists the node with the full disk first, its reasons in plain words, the old kernel too', async () => {
    await page.locator('a.nav-item', { hasText: 'Fleet' }).click();
    const outliers = page.getByRole('list', { name: 'Nodes unlike the others' }).locator(':scope > li');
    await expect.poll(() => outliers.count()).toBeGreaterThan(1);
    const first = await outliers.first().innerText();
    expect(first).toMatch(/^worker-7/);
    expect(first).toContain('no space left on device');
    expect(first).toContain('absent on the other 19 nodes');
    const all = await outliers.allInnerTexts();
    expect(all.find((t) => t.startsWith('worker-13'))).toMatch(/kernel: 3\.10\.0-862\.el7\.x86_64, 3\.10\.0-1\d+\S* on \d+ of the other 19 nodes/);
    await expect.poll(() => page.getByRole('table', { name: 'Nodes by feature' }).getByRole('row').count()).toBe(21);
    await shot(page, 'fleet-20-nodes');
    expect(errors).toEqual([]);
  });

  it("puts outliers on top of the heatmap; a cell opens that node's evidence", async () => {
    const rows = page.getByRole('table', { name: 'Nodes by feature' }).getByRole('row');
    expect(await rows.nth(1).locator('.hm-node').innerText()).toBe('worker-7');
    const hot = rows.nth(1).locator('.hm-cell.hm-4').first();
    await hot.click();
    await expect.poll(() => page.url()).toMatch(/#\/b\/\d+\/artifacts\?path=logs%2Fmessages&line=\d+/);
    await expect.poll(() => page.locator('body').innerText()).toContain('no space left on device');
  });

  it('opens Compare for two picked nodes, and ranks what separates picked nodes from the rest', async () => {
    await go(page, '#/fleet');
    const rows = page.getByRole('table', { name: 'Nodes by feature' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(21);
    await rows.nth(1).getByRole('checkbox').check();
    await page.getByRole('button', { name: /What separates/ }).click();
    const groups = page.locator('.fleet-groups');
    await expect.poll(() => groups.innerText()).toMatch(/^What separates worker-7 \(B\) from the other 19 nodes/);
    // The storm's templates are on worker-7 only: they separate it from every other node.
    const best = (await groups.locator('tr').allInnerTexts()).filter((t) => t.startsWith('1.00'));
    expect(best.some((t) => t.includes('no space left on dev'))).toBe(true);
    await shot(page, 'fleet-20-separators');
    await rows.nth(5).getByRole('checkbox').check();
    await page.getByRole('link', { name: 'Compare 2/2' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/compare\/\d+\/\d+$/);
    expect(errors).toEqual([]);
  });

  it('opens a Fleet of the bundles picked in the Library', async () => {
    await page.locator('a.nav-item', { hasText: 'Library' }).click();
    const rows = page.locator('.library-row:not(.th)');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    for (let i = 0; i < 3; i++) await rows.nth(i).locator('input[type=checkbox]').check();
    await page.getByRole('link', { name: 'Fleet of 3' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/fleet\?ids=\d+%2C\d+%2C\d+$/);
    await expect.poll(() => page.locator('.view-head').innerText()).toContain('3 nodes');
    expect(errors).toEqual([]);
  });
});
