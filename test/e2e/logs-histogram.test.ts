import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, go, openPage, serveBundles, shot, type Served } from './harness';

/**
 * A sosreport's dpkg.log, four days older than its journals, put every journal line in the last of the
 * histogram's 120 bars. Those few old lines now have a bar of their own, and the journals the rest.
 */
describe.skipIf(!chromiumAvailable())('Logs histogram: a few lines far from the rest are drawn apart', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-logs-histogram-'));
  const hashParams = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');

  beforeAll(async () => {
    const root = path.join(tmp, 'node');
    fs.mkdirSync(path.join(root, 'var/log'), { recursive: true });
    // dpkg.log's own stamps: "2022-02-07 15:32:54 status installed …".
    fs.writeFileSync(path.join(root, 'var/log/dpkg.log'), ['2022-02-07 15:32:54 startup archives unpack', '2022-02-07 15:32:54 install efibootmgr:amd64 <none> 17-1', '2022-02-07 15:32:55 status installed efibootmgr:amd64 17-1', ''].join('\n'));
    const start = Date.parse('2022-02-11T19:00:00Z');
    const lines = Array.from({ length: 1800 }, (_, i) => `${new Date(start + i * 1000).toISOString()} node-1 kubelet[812]: ${i % 60 === 0 ? 'E' : 'I'}0211 sync loop iteration ${i}`);
    fs.writeFileSync(path.join(root, 'var/log/kubelet.log'), `${lines.join('\n')}\n`);
    served = await serveBundles([root]);
    ({ browser, page } = await openPage({ viewport: { width: 1280, height: 800 }, timeout: 15_000, errors }));
    await page.goto(served.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('draws the half hour of kubelet lines to its own scale, and the three dpkg lines in one bar apart that zooms to them', async () => {
    await go(page, `#/b/${served.bundleIds[0]}/logs`);
    const axis = page.locator('.histogram-axis');
    await expect.poll(() => axis.innerText()).toMatch(/^3 older lines from 2022-02-07 15:32:54Z ⋯ then 2022-02-11 1\d:\d\d:\d\dZ/);
    expect(await page.locator('.histogram svg .bar.apart').count()).toBe(1);
    // The kubelet's 30 minutes fill the other bars: many of them, none empty of lines for long.
    expect(await page.locator('.histogram svg .bar:not(.apart)').count()).toBeGreaterThan(20);
    await shot(page, 'logs-histogram-apart-1280');
    await page.locator('.histogram svg .bar.apart .bar-hit').dispatchEvent('mousedown');
    await page.locator('.histogram svg .bar.apart .bar-hit').dispatchEvent('mouseup');
    await expect.poll(() => hashParams().get('from')).toBe('2022-02-07T15:32:54.000Z');
    expect(Date.parse(hashParams().get('to') ?? '')).toBeLessThanOrEqual(Date.parse('2022-02-11T19:00:00Z'));
    expect(errors).toEqual([]);
  });
});
