import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHostileBundle, XSS } from './bundles';
import { chromiumAvailable, go, openPage, serveBundles, shot, type Served } from './harness';

// A node's workloads choose what goes into its logs, process names and ConfigMaps: the UI must show
// that text as text, and nothing in it may run.
describe.skipIf(!chromiumAvailable())('a bundle full of markup is shown as text and runs nothing', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-xss-'));

  beforeAll(async () => {
    served = await serveBundles([await writeHostileBundle(tmp)]);
    ({ browser, page } = await openPage({ viewport: { width: 1440, height: 900 }, timeout: 10_000 }));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(served.url);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function nothingRan(): Promise<void> {
    expect(await page.evaluate(() => (globalThis as unknown as { __nodescopeXss?: number }).__nodescopeXss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('#root script').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  }

  it('shows the kubelet journal lines with their markup as text', async () => {
    await go(page, `#/b/${served.bundleIds[0]}/logs`);
    const lines = page.getByRole('list', { name: 'Log lines' });
    await expect.poll(() => lines.innerText()).toContain(XSS.img);
    const text = await lines.innerText();
    expect(text).toContain(XSS.script);
    expect(text).toContain(XSS.href);
    await shot(page, 'xss-logs');
    await nothingRan();
  });

  it('shows search highlights around markup as text', async () => {
    await page.getByRole('searchbox', { name: 'Search logs' }).fill('annotation');
    const lines = page.getByRole('list', { name: 'Log lines' });
    await expect.poll(() => lines.innerText()).not.toContain('pod_workers');
    expect(await lines.locator('mark').first().innerText()).toBe('annotation');
    expect(await lines.innerText()).toContain(XSS.script);
    await nothingRan();
  });

  it('shows the Corefile and the process command line as text in the artifact viewer', async () => {
    await go(page, `#/b/${served.bundleIds[0]}/artifacts?path=dns%2FCorefile`);
    const content = page.getByRole('list', { name: 'Artifact lines' });
    await expect.poll(() => content.innerText()).toContain(XSS.img);
    expect(await content.innerText()).toContain(XSS.script);
    await shot(page, 'xss-corefile-artifact');
    await go(page, `#/b/${served.bundleIds[0]}/artifacts?path=proc%2F4242%2Fcmdline`);
    await expect.poll(() => page.getByRole('list', { name: 'Artifact lines' }).innerText()).toContain(XSS.href);
    await nothingRan();
  });

  it('shows the process name, its command line and the parsed Corefile as text in Processes and DNS', async () => {
    await go(page, `#/b/${served.bundleIds[0]}/processes?pid=4242`);
    const table = page.getByRole('list', { name: 'Processes' });
    await expect.poll(() => table.innerText()).toContain('<script>x</script>');
    const detail = page.getByRole('complementary', { name: 'Process detail' });
    await expect.poll(() => detail.innerText()).toContain(XSS.href);
    expect(await detail.innerText()).toContain(XSS.img);
    await shot(page, 'xss-processes');
    await go(page, `#/b/${served.bundleIds[0]}/dns`);
    await expect.poll(() => page.locator('main').innerText()).toContain(XSS.img);
    await page.getByRole('group', { name: 'Corefile view' }).getByRole('button', { name: 'Text' }).click();
    expect(await page.locator('pre.corefile-text').textContent()).toContain(XSS.script);
    await shot(page, 'xss-dns');
    await nothingRan();
  });
});
