import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeKubeletBundle } from './bundles';
import { chromiumAvailable, go, openPage, serveBundles, shot, type Served } from './harness';

/** `grep -c` over the bundle's kubelet journal, C locale. */
function grepCount(file: string, ...args: string[]): number {
  const r = spawnSync('grep', ['-c', ...args, file], { env: { ...process.env, LC_ALL: 'C' } });
  return Number(r.stdout.toString().trim());
}

// Issue 17, problems 1-4, as an operator meets them in the Logs view.
describe.skipIf(!chromiumAvailable())('Logs view: whole lines, whole-line search, URL state, counts', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let b: number;
  let log: string;
  const errors: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-logs-'));
  const LINES = 5000;

  const search = () => page.getByRole('searchbox', { name: 'Search logs' });
  const rows = () => page.getByRole('list', { name: 'Log lines' }).locator('.log-row');
  const count = () => page.getByTestId('match-count');
  const hashParams = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');

  beforeAll(async () => {
    const bundle = writeKubeletBundle(tmp, LINES);
    log = bundle.log;
    served = await serveBundles([bundle.root]);
    b = served.bundleIds[0];
    ({ browser, page } = await openPage({ viewport: { width: 1280, height: 800 }, timeout: 10_000, errors }));
    await page.goto(`${served.server.url}#/b/${b}/overview`);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('1. shows a kubelet line message first, wraps lines on demand, and the whole line with context in the detail pane', async () => {
    await page.locator('a.nav-item', { hasText: 'Logs' }).click();
    await expect.poll(() => count().innerText()).toMatch(/^5,000 lines · [\d,]+ errors$/);
    // Unwrapped, the message (after ~100 characters of stamps, host, unit[pid] and klog header) comes first.
    const first = rows().first();
    expect(await first.locator('.log-text').innerText()).toMatch(/^[a-z_]+\.go:\d+\] /);
    const title = await first.getAttribute('title');
    expect(title).toMatch(/kubenswrapper\[\d+\]: [EIW]1110 /);

    await page.getByRole('button', { name: 'Wrap lines' }).click();
    expect(hashParams().get('wrap')).toBe('1');
    await expect.poll(async () => (await rows().first().boundingBox())?.height ?? 0).toBeGreaterThan(30);
    expect(await rows().first().locator('.log-text').innerText()).toMatch(/^Nov 10 14:00:\d\d\.\d{6} master-0 kubenswrapper\[\d+\]: [EIW]1110 /);
    await shot(page, 'logs-wrapped-1280');

    await rows().nth(3).click();
    const detail = page.getByRole('complementary', { name: 'Line detail' });
    const whole = fs.readFileSync(log, 'utf8').split('\n')[3];
    await expect.poll(() => detail.getByTestId('full-line').innerText()).toBe(whole);
    expect(await detail.innerText()).toContain('kubelet.service');
    const context = detail.getByRole('list', { name: 'Context lines' }).locator('.log-row');
    await expect.poll(() => context.count()).toBeGreaterThan(9);
    await detail.getByRole('button', { name: '±5' }).click();
    await expect.poll(() => context.count()).toBe(9); // lines 1..9 around line 4
    expect(hashParams().get('ctx')).toBe('5');
    await shot(page, 'logs-detail-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, 'logs-detail-1920');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);
    await page.getByRole('button', { name: 'Wrap lines' }).click();
  });

  it('2. finds words of the prefix, word prefixes, phrases, excludes and regexes, with counts equal to grep -c', async () => {
    const cases: [string, number][] = [
      ['kubenswrapper', grepCount(log, '-iE', '(^|[^[:alnum:]])kubenswrapper')],
      ['E1110', grepCount(log, '-iE', '(^|[^[:alnum:]])E1110')],
      ['4417', grepCount(log, '-iE', '(^|[^[:alnum:]])4417')],
      ['Crash', grepCount(log, '-iE', '(^|[^[:alnum:]])crash')],
      ['"Probe failed"', grepCount(log, '-iF', 'probe failed')],
      ['/CrashLoop(BackOff)?:/', grepCount(log, '-E', 'CrashLoop(BackOff)?:')],
    ];
    for (const [q, expected] of cases) {
      expect(expected, q).toBeGreaterThan(0);
      await search().fill(q);
      await expect.poll(() => count().innerText(), { message: q }).toMatch(new RegExp(`^${expected.toLocaleString('en')} lines?( ·|$)`));
    }
    const crash = grepCount(log, '-iE', '(^|[^[:alnum:]])crash');
    const crashNotCoredns = crash - grepCount(log, '-iE', '(^|[^[:alnum:]])crash.*(^|[^[:alnum:]])coredns|(^|[^[:alnum:]])coredns.*(^|[^[:alnum:]])crash');
    await search().fill('Crash -coredns');
    await expect.poll(() => count().innerText()).toMatch(new RegExp(`^${crashNotCoredns.toLocaleString('en')} lines`));
    // The match shows even when it is only in the prefix: the prefix is shown, the hit marked.
    await search().fill('4417');
    await expect.poll(() => rows().first().locator('mark').first().innerText()).toBe('4417');
    await shot(page, 'logs-search-prefix-1280');
    expect(await page.locator('#search-help').innerText()).toMatch(/-exclude.*\/regex\//);
  });

  it('3. keeps the URL in charge: the sidebar, a pasted link and Back/Forward step by step; a new filter starts at the top', async () => {
    await search().fill('CrashLoopBackOff');
    await expect.poll(() => hashParams().get('q')).toBe('CrashLoopBackOff');
    await page.locator('a.nav-item', { hasText: 'Logs' }).click();
    await expect.poll(() => search().inputValue()).toBe('');
    await page.waitForTimeout(700);
    expect(hashParams().get('q')).toBeNull();

    await go(page, `#/b/${b}/logs?q=heapster`);
    await expect.poll(() => search().inputValue()).toBe('heapster');
    await page.waitForTimeout(700);
    expect(hashParams().get('q')).toBe('heapster');

    // Three searches and a selection, then Back four times walks them back one by one.
    for (const q of ['probe', 'readiness', 'Unauthorized']) {
      await search().fill(q);
      await expect.poll(() => hashParams().get('q')).toBe(q);
      await page.waitForTimeout(1600); // a pause between searches: each is its own history entry
    }
    await rows().first().click();
    await expect.poll(() => hashParams().get('line')).not.toBeNull();
    await page.goBack();
    await expect.poll(() => hashParams().get('line')).toBeNull();
    expect(await search().inputValue()).toBe('Unauthorized');
    await page.goBack();
    await expect.poll(() => search().inputValue()).toBe('readiness');
    await page.goBack();
    await expect.poll(() => search().inputValue()).toBe('probe');
    await page.goForward();
    await expect.poll(() => search().inputValue()).toBe('readiness');

    // Scroll 2,500 rows down, then pick "warning": the list starts over at the first warning.
    await search().fill('');
    await expect.poll(() => count().innerText()).toMatch(/^5,000 lines · [\d,]+ errors$/);
    const list = page.getByRole('list', { name: 'Log lines' });
    for (let i = 0; i < 6; i++) {
      await list.evaluate((el) => el.scrollBy(0, 22 * 500));
      await page.waitForTimeout(150);
    }
    await expect.poll(() => rows().first().getAttribute('data-line-id').then(Number)).toBeGreaterThan(2000);
    await expect.poll(() => hashParams().get('at')).not.toBeNull();
    await page.getByRole('group', { name: 'Levels' }).getByRole('button', { name: 'warning' }).click();
    const firstWarning = fs.readFileSync(log, 'utf8').split('\n').find((l) => / W1110 /.test(l)) ?? '';
    await expect.poll(() => rows().first().getAttribute('title')).toContain(firstWarning);
    expect(hashParams().get('at')).toBeNull();
    await page.getByRole('group', { name: 'Levels' }).getByRole('button', { name: 'warning' }).click();
  });

  it('4. counts exactly, jumps to the last line and from error to error, and reads newest first', async () => {
    await go(page, `#/b/${b}/logs`);
    await expect.poll(() => count().innerText()).toMatch(new RegExp(`^${LINES.toLocaleString('en')} lines · [\\d,]+ errors$`));
    const errorsInFile = grepCount(log, '-E', ': [EF]1110 ');
    expect(await count().innerText()).toContain(`${errorsInFile.toLocaleString('en')} errors`);
    const all = fs.readFileSync(log, 'utf8').trimEnd().split('\n');

    await page.getByRole('button', { name: /Last/ }).click();
    await expect.poll(() => rows().last().getAttribute('title')).toContain(all[all.length - 1]);
    await page.getByRole('button', { name: /First/ }).click();
    await expect.poll(() => rows().first().getAttribute('title')).toContain(all[0]);

    const errorLines = all.filter((l) => / [EF]1110 /.test(l));
    await page.getByRole('button', { name: '↓ Error' }).click();
    const detail = page.getByRole('complementary', { name: 'Line detail' });
    await expect.poll(() => detail.getByTestId('full-line').innerText()).toBe(errorLines[0]);
    await page.keyboard.press('e');
    await expect.poll(() => detail.getByTestId('full-line').innerText()).toBe(errorLines[1]);
    await page.keyboard.press('j');
    await expect.poll(() => detail.getByTestId('full-line').innerText()).toBe(all[all.indexOf(errorLines[1]) + 1]);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Newest first' }).click();
    expect(hashParams().get('order')).toBe('desc');
    await expect.poll(() => rows().first().getAttribute('title')).toContain(all[all.length - 1]);
    await shot(page, 'logs-newest-first-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, 'logs-newest-first-1920');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(errors).toEqual([]);
  });
});
