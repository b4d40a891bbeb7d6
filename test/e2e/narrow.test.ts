import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, DEMO_BUNDLE, go, openPage, serveBundles, shot, type Served } from './harness';

// A must-gather's paths run to 150 characters without a space; at 900 px, or beside a finding list at
// 1280, what the operator reads must stay inside its pane, not run under the next one.
const LONG_DIR = 'quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-eede85cbd33388f7e18954e5ce8ad9616e91df05ace604966c0a44111d85c897';
// The node is named after the folder: as long as a must-gather's "openshift-must-gather-4.x-metal (6 nodes)".
const LONG_NODE = 'openshift-must-gather-4-x-metal-6-nodes';
const POD = 'apiserver-operator-7c8d9f5b6-x2x5q';
const EXT4_ERROR = 'EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm kubelet: reading directory lblock 0';

/** Elements under the selector whose right edge is past the selector's own. */
async function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const box = document.querySelector(sel);
    if (!box) return [`${sel} absent`];
    const right = box.getBoundingClientRect().right;
    return Array.from(box.querySelectorAll('*')).filter((e) => e.getBoundingClientRect().right > right + 1).map((e) => `${e.tagName}.${e.className}: ${(e.textContent ?? '').slice(0, 40)}`);
  }, selector);
}

describe.skipIf(!chromiumAvailable())('a narrow window and long unbroken paths', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-narrow-'));

  beforeAll(async () => {
    const dir = path.join(tmp, LONG_NODE, LONG_DIR, 'host_service_logs', 'masters');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'dmesg'), `[   12.345678] ${EXT4_ERROR}\n[   13.000000] ${EXT4_ERROR}\n`);
    fs.mkdirSync(path.join(tmp, LONG_NODE, 'k8s'));
    const pod = { kind: 'Pod', metadata: { name: POD, namespace: 'openshift-apiserver-operator' }, spec: { nodeName: LONG_NODE }, status: { phase: 'Running' } };
    fs.writeFileSync(path.join(tmp, LONG_NODE, 'k8s', 'pods.json'), JSON.stringify({ kind: 'PodList', items: [pod] }));
    const dns = path.join(tmp, LONG_NODE, LONG_DIR, 'namespaces', 'openshift-dns');
    fs.mkdirSync(dns, { recursive: true });
    fs.writeFileSync(path.join(dns, 'Corefile'), '.:53 {\n    errors\n    forward . /etc/resolv.conf\n    cache 30\n}\n');
    served = await serveBundles([path.join(tmp, LONG_NODE), DEMO_BUNDLE]);
    ({ browser, page } = await openPage({ viewport: { width: 900, height: 700 }, timeout: 15_000 }));
    await page.goto(served.url);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('wraps a finding whose summary and evidence name a long path inside the detail pane', async () => {
    await go(page, `#/b/${served.bundleIds[0]}/findings?i=0`);
    await expect.poll(() => page.locator('.finding-detail .evidence-link').count()).toBeGreaterThan(0);
    expect(await overflowing(page, '.split-detail')).toEqual([]);
    await shot(page, 'finding-long-path-900');
  });

  it('fits every column of the process table, its header over its rows, in a 900 px window', async () => {
    await go(page, `#/b/${served.bundleIds[1]}/processes`);
    await expect.poll(() => page.locator('.proc-row:not(.th)').count()).toBeGreaterThan(2);
    // The cells: a long command line inside one is cut with an ellipsis, as meant.
    const cellsPastEdge = await page.evaluate(() => {
      const edge = document.querySelector('.data-table')?.getBoundingClientRect().right ?? 0;
      return Array.from(document.querySelectorAll('.proc-row > *')).filter((c) => c.getBoundingClientRect().right > edge + 1).map((c) => c.textContent);
    });
    expect(cellsPastEdge).toEqual([]);
    const right = (sel: string) => page.locator(sel).first().evaluate((e) => Math.round(e.getBoundingClientRect().right));
    expect(await right('.proc-row.th > :last-child')).toBe(await right('.proc-row:not(.th) > :last-child'));
    await shot(page, 'processes-900');
  });

  it('keeps a long node name (a must-gather of 6 nodes) on its own Library row', async () => {
    await go(page, '#/');
    await expect.poll(() => page.locator('.library-row:not(.th)').count()).toBe(2);
    // Rows have a fixed height (a virtual list): a name that wraps runs into the row below.
    const spill = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.library-row:not(.th)')).flatMap((row) => {
        const box = row.getBoundingClientRect();
        return Array.from(row.children).filter((c) => c.getBoundingClientRect().bottom > box.bottom + 1).map((c) => c.textContent);
      }),
    );
    expect(spill).toEqual([]);
    await shot(page, 'library-900');
  });

  it('keeps both Corefile views (Server blocks, Text) in reach beside a long artifact path', async () => {
    await go(page, `#/b/${served.bundleIds[0]}/dns`);
    await expect.poll(() => page.locator('.corefile .seg button').count()).toBe(2);
    expect(await overflowing(page, '.corefile .panel-head')).toEqual([]);
    const seg = await page.locator('.corefile .seg').evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(seg.scroll).toBeLessThanOrEqual(seg.client);
    await page.getByRole('button', { name: 'Text' }).click();
    await expect.poll(() => page.locator('.corefile').innerText()).toContain('forward . /etc/resolv.conf');
    await shot(page, 'dns-corefile-900');
  });

  it("shows a pod's own name in the Pods table, the long namespace giving way first", async () => {
    await go(page, `#/b/${served.bundleIds[0]}/kubernetes`);
    const name = page.locator('.pods-list .pod-name > .ellipsis').first();
    await expect.poll(() => name.count()).toBe(1);
    const shown = await name.evaluate((e) => ({ text: e.textContent, cut: e.scrollWidth > e.clientWidth }));
    expect(shown).toEqual({ text: POD, cut: false });
    await shot(page, 'kubernetes-pods-900');
  });
});
