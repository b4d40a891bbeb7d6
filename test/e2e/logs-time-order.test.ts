import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_OF_THREE, writeNodeOfThreeFiles } from '../fixtures/logs/node-of-three-files';
import { hasSharedFixtures, sharedFixture, sharedSkipReason } from '../support/shared-fixtures';
import { chromiumAvailable, go, openPage, serveBundles, shot, type Served } from './harness';

/**
 * An operator opening Logs on a must-gather met a ConfigMap's YAML: the lines came in the order the
 * files were read. The view now opens on the logs merged by time, the text files a click away.
 */
describe.skipIf(!chromiumAvailable())('Logs view: logs merged by time, text files a click away', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-logs-order-'));
  const mustGather = hasSharedFixtures ? [sharedFixture('peer-bundles/openshift-must-gather-4.x-aws.tar.xz')] : [];

  const rows = () => page.getByRole('list', { name: 'Log lines' }).locator('.log-row');
  const count = () => page.getByTestId('match-count');
  const hashParams = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
  /** "artifact:line" of the first n rows (each row's title starts with it). */
  const places = async (n: number): Promise<string[]> =>
    (await rows().evaluateAll((els, k) => els.slice(0, k).map((e) => (e.getAttribute('title') ?? '').split('\n')[0]), n));

  beforeAll(async () => {
    served = await serveBundles([writeNodeOfThreeFiles(tmp), ...mustGather]);
    ({ browser, page } = await openPage({ viewport: { width: 1280, height: 800 }, timeout: 15_000, errors }));
    await page.goto(served.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('opens on the syslog and the pod log interleaved by time; the YAML is under Text files and after the logs under All', async () => {
    const b = served.bundleIds[0];
    await go(page, `#/b/${b}/logs`);
    await expect.poll(() => count().innerText()).toMatch(/^315 lines/);
    await expect.poll(() => places(4)).toEqual([
      `${NODE_OF_THREE.syslog}:1`,
      `${NODE_OF_THREE.klog}:1`,
      `${NODE_OF_THREE.syslog}:2`,
      `${NODE_OF_THREE.klog}:2`,
    ]);
    expect(await rows().first().locator('.log-time').innerText()).not.toBe('—');
    await shot(page, 'logs-time-order-1280');

    const files = page.getByRole('group', { name: 'Files' });
    await files.getByRole('button', { name: 'Text files' }).click();
    expect(hashParams().get('files')).toBe('text');
    await expect.poll(() => count().innerText()).toMatch(/^40 lines/);
    await expect.poll(() => places(1)).toEqual([`${NODE_OF_THREE.yaml}:1`]);

    await files.getByRole('button', { name: 'All' }).click();
    await expect.poll(() => count().innerText()).toMatch(/^355 lines/);
    await expect.poll(() => places(1)).toEqual([`${NODE_OF_THREE.syslog}:1`]);
    await page.getByRole('button', { name: /Last/ }).click();
    await expect.poll(() => rows().last().getAttribute('title')).toMatch(new RegExp(`^${NODE_OF_THREE.yaml}:40\\n`));
    await files.getByRole('button', { name: 'Logs' }).click();
    await expect.poll(() => count().innerText()).toMatch(/^315 lines/);

    // A search only the YAML answers says so in Logs, and offers the text files.
    await page.getByRole('searchbox', { name: 'Search logs' }).fill('zone6.local');
    await expect.poll(() => page.getByText('No line matches.').count()).toBe(1);
    await page.getByRole('button', { name: 'Look in text files too' }).click();
    await expect.poll(() => places(1)).toEqual([`${NODE_OF_THREE.yaml}:14`]);
    expect(hashParams().get('files')).toBe('all');
    await go(page, `#/b/${b}/logs`);
  });

  it('comes back to the line it was scrolled to (the anchor in the URL), in time order', async () => {
    const b = served.bundleIds[0];
    await go(page, `#/b/${b}/logs`);
    await expect.poll(() => places(1)).toEqual([`${NODE_OF_THREE.syslog}:1`]);
    await page.getByRole('list', { name: 'Log lines' }).evaluate((el) => el.scrollBy(0, 22 * 100));
    await expect.poll(() => hashParams().get('at')).not.toBeNull();
    const at = hashParams().get('at');
    const place = (await page.locator(`.log-row[data-line-id="${at}"]`).getAttribute('title'))?.split('\n')[0];
    expect(place).toMatch(/^logs\/.*:\d+$/);
    await page.reload();
    // The list starts at that line (not at the line whose id is next to it).
    await expect.poll(() => places(1)).toEqual([place]);
    expect(await rows().first().getAttribute('data-line-id')).toBe(at);
    expect(errors).toEqual([]);
  });

  it.skipIf(!hasSharedFixtures)(`opens an OpenShift must-gather on its earliest log lines, not on YAML${hasSharedFixtures ? '' : ` (${sharedSkipReason})`}`, async () => {
    const b = served.bundleIds[1];
    await go(page, `#/b/${b}/logs`);
    await expect.poll(() => rows().count()).toBeGreaterThan(10);
    const first = await places(30);
    expect(first.filter((p) => /\.yaml:\d+$/.test(p))).toEqual([]);
    const times = await rows().evaluateAll((els) => els.slice(0, 30).map((e) => e.querySelector('.log-time')?.textContent ?? ''));
    expect(times.filter((t) => t !== '—').length).toBeGreaterThan(20);
    await shot(page, 'logs-time-order-must-gather-1280');
    expect(errors).toEqual([]);
  });
});
