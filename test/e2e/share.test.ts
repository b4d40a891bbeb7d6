import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantedBundle } from '../share/planted';
import { chromiumAvailable, openPage, serveBundles, shot, type Served } from './harness';

// An operator about to send a bundle to a vendor: reviews what identifies the site, adds a word,
// downloads the pseudonymised copy, and later pastes the vendor's answer to read it with real names.
describe.skipIf(!chromiumAvailable())('the Share view in browser mode', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-share-e2e-'));

  beforeAll(async () => {
    served = await serveBundles([await plantedBundle('acme-worker-7')]);
    ({ browser, page } = await openPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, timeout: 15_000, errors }));
    await page.goto(`${served.server.url}#/b/${served.bundleIds[0]}/overview`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists each kind of value found with counts and the value marked in its context', async () => {
    await page.locator('a.nav-item', { hasText: 'Share' }).click();
    const table = page.getByRole('table', { name: 'Values found' });
    await expect.poll(() => table.locator('tbody tr td:first-child').allInnerTexts()).toEqual(
      expect.arrayContaining(['IPv4 addresses', 'IPv6 addresses', 'MAC addresses', 'Host and node names', 'Domains', 'E-mail addresses', 'User names']),
    );
    expect(await table.locator('mark').allInnerTexts()).toEqual(expect.arrayContaining(['acme-worker-7', '10.20.30.40']));
    await shot(page, 'share-review');
  });

  it('adds a word of the user to what is replaced', async () => {
    await page.getByRole('textbox', { name: 'Also replace' }).fill('kubelet_node_status');
    await page.getByRole('textbox', { name: 'Keep as they are' }).click();
    const table = page.getByRole('table', { name: 'Values found' });
    await expect.poll(() => table.locator('tbody tr td:first-child').allInnerTexts()).toContain('Your words');
  });

  it('downloads a bundle in which no planted value is left, and reads an answer back', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download shared bundle' }).click()]);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    const dir = path.join(tmp, 'x');
    fs.mkdirSync(dir);
    expect(spawnSync('tar', ['-xzf', file, '-C', dir]).status).toBe(0);
    const all = spawnSync('grep', ['-rl', '-i', '-e', 'acme-worker-7', '-e', '10.20.30.40', '-e', 'kubelet_node_status', dir], { encoding: 'utf8' });
    expect(all.stdout).toBe('');
    const top = fs.readdirSync(dir)[0]!;
    const fakeNode = /^nodescope-(node-[0-9a-f]{6})-/.exec(top)![1]!;
    await page.getByRole('textbox', { name: 'Text with pseudonyms' }).fill(`We think ${fakeNode} lost its disk.`);
    await page.getByRole('button', { name: 'Restore real values' }).click();
    await expect.poll(() => page.getByLabel('Restored text').innerText()).toBe('We think acme-worker-7 lost its disk.');
    await shot(page, 'share-unshare');
    expect(errors).toEqual([]);
  });
});
