import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, serveBundles, shot, SHOTS, type Served } from '../e2e/harness';
import { tempDir } from '../support/tarball';
import { ADDED_HOST, ADDED_RULE, KERNEL_B, NEW_ERROR, writePair } from './pair';

// The Compare view in Chromium on the good/bad pair: every section says what differs, links into the
// detailed views of either side, and the CPU profiles are drawn as a differential flame graph.
describe.skipIf(!chromiumAvailable())('the Compare view, good node against bad node', () => {
  let tmp: ReturnType<typeof tempDir>;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let a: number;
  let b: number;
  const errors: string[] = [];
  const section = (id: string) => page.locator(`[data-section="${id}"]`);

  async function sectionShot(id: string): Promise<void> {
    await section(id).scrollIntoViewIfNeeded();
    fs.mkdirSync(SHOTS, { recursive: true });
    await section(id).screenshot({ path: path.join(SHOTS, `compare-${id}.png`) });
  }

  beforeAll(async () => {
    tmp = tempDir('nodescope-compare-view-');
    const pair = await writePair(tmp.dir);
    served = await serveBundles([pair.good, pair.bad]);
    [a, b] = served.bundleIds;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${served.server.url}#/compare/${a}/${b}`);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    tmp?.cleanup();
  });

  it('counts the differences per section and lists the new findings of B', async () => {
    await expect.poll(() => page.locator('.cmp-tabs').innerText()).toMatch(/Findings\s*\d/);
    const tabs = await page.locator('.cmp-tabs button').allInnerTexts();
    expect(tabs.map((t) => t.replace(/\s+\d+$/, ''))).toEqual(['Findings', 'Node facts', 'System', 'Processes', 'iptables / ipvs', 'DNS', 'Profiles', 'Logs']);
    expect(tabs.find((t) => t.startsWith('iptables'))).toMatch(/ 1$/);
    const findings = section('findings');
    expect(await findings.locator('li', { hasText: 'uninterruptible sleep' }).locator('.badge').allTextContents()).toEqual(['only B', 'info']);
    expect(await findings.getByRole('link', { name: 'B' }).getAttribute('href')).toBe(`#/b/${b}/findings`);
    await shot(page, 'compare-top');
    await sectionShot('findings');
  });

  it('shows the kernel upgrade, IP forwarding turned off and the system numbers with their delta', async () => {
    const facts = section('facts');
    expect(await facts.locator('tr', { hasText: 'kernel' }).innerText()).toContain(KERNEL_B);
    expect(await facts.locator('tr', { hasText: 'net.ipv4.ip_forward' }).innerText()).toMatch(/1\s+0/);
    await sectionShot('facts');
    const load = section('system').locator('tr', { hasText: 'load 1 min' });
    // The good node's loadavg is this-vm's, the bad node's the demo node's (test/compare/pair.ts).
    const first = (file: string) => Number(fs.readFileSync(path.resolve(__dirname, '..', file), 'utf8').split(' ')[0]);
    const [a, b] = [first('fixtures/system/this-vm/proc/loadavg'), first('demo/nodescope-demo-worker-1/proc/loadavg')];
    const delta = b - a;
    expect(await load.locator('td').allInnerTexts()).toEqual(['load', 'load 1 min', a.toFixed(2), b.toFixed(2), `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(2)}`]);
    await sectionShot('system');
  });

  it('shows the sleeps stuck in D state with their kernel stack, and links to D-state processes of B', async () => {
    const processes = section('processes');
    const sleep = processes.locator('tr', { hasText: 'sleep' });
    // count [states] in A and B, the change in D-state processes, the D stack.
    expect(await sleep.innerText()).toMatch(/2 \[S 2\]\s+2 \[D 2\]\s+\+2\s+hrtimer_nanosleep/);
    expect(await processes.getByRole('link', { name: 'B' }).getAttribute('href')).toBe(`#/b/${b}/processes?state=D`);
    await sectionShot('processes');
  });

  it('shows the added iptables rule and the added CoreDNS hosts entry', async () => {
    expect(await section('network').locator('li.cmp-added').allInnerTexts()).toEqual([`+ ${ADDED_RULE}`]);
    await sectionShot('network');
    // Once in the Corefile's hosts plugin, once among the names CoreDNS resolves from its hosts plugins.
    expect(await section('dns').locator('li.cmp-added').allInnerTexts()).toEqual([`+ ${ADDED_HOST}`, `+ ${ADDED_HOST}`]);
    expect(await section('dns').locator('.cmp-block h3').first().textContent()).toMatch(/Corefile .:53 › hosts \(changed\)/);
    await sectionShot('dns');
  });

  it('draws the etcd CPU profiles as a differential flame graph, beside the top gainers and losers', async () => {
    const profiles = section('profiles');
    await expect.poll(() => profiles.locator('svg g.frame').count()).toBeGreaterThan(10);
    const fills = await profiles.locator('svg g.frame rect').evaluateAll((rects) => rects.map((r) => r.getAttribute('fill')));
    expect(fills.some((f) => /^rgb\(2\d\d,\s?[0-9]{1,2},/.test(f ?? ''))).toBe(true);
    expect(fills.some((f) => /^rgb\([0-9]{2},\s?1\d\d,\s?2\d\d\)/.test(f ?? ''))).toBe(true);
    expect(await profiles.locator('table').first().locator('tr').count()).toBeGreaterThan(0);
    await sectionShot('profiles');
  });

  it('puts the new error template of B first in Logs, linked to an example line', async () => {
    const first = section('logs').locator('tbody tr').first();
    expect(await first.innerText()).toContain(NEW_ERROR);
    expect(await first.locator('td').nth(0).innerText()).toBe('0');
    expect(await first.locator('td').nth(1).innerText()).toBe('18');
    expect(await first.locator('a').getAttribute('href')).toMatch(new RegExp(`^#/b/${b}/logs\\?artifact=logs%2Fjournal%2Fkubelet.service.log&line=\\d+$`));
    await sectionShot('logs');
    expect(errors).toEqual([]);
  });

  it('says identical for a bundle and itself', async () => {
    await page.goto(`${served.server.url}#/compare/${b}/${b}`);
    await expect.poll(() => page.locator('.cmp-head').innerText()).toMatch(/identical/i);
    expect(await page.locator('li.cmp-added, li.cmp-removed, .cmp-table tbody tr').count()).toBe(0);
    await shot(page, 'compare-identical');
    expect(errors).toEqual([]);
  });
});
