import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStuckExitBundle } from './bundles';
import { chromiumAvailable, DEMO_BUNDLE, go, openPage, serveBundles, shot, type Served } from './harness';

// Issue 17, problem 7: sortable tables, CPU as a rate, copy (line, evidence as Markdown, link), lists
// driven from the keyboard, and a layout that holds at 1280 px.
describe.skipIf(!chromiumAvailable())('tables, copy and keys', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-keys-'));
  let b = 0;
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const params = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');

  beforeAll(async () => {
    served = await serveBundles([writeStuckExitBundle(tmp, DEMO_BUNDLE)]);
    b = served.bundleIds[0];
    ({ browser, page } = await openPage({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'], timeout: 15_000, errors }));
    await page.goto(served.url);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('7a. sorts the process table by a click on a column heading, and back the other way', async () => {
    await go(page, `#/b/${b}/processes`);
    const rows = page.getByRole('list', { name: 'Processes' }).locator('.proc-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(2);
    // The 7th cell: CPU s (the 6th, CPU %, is empty when the bundle gives no boot time or uptime).
    const cpu = async (): Promise<number[]> => (await rows.locator(':scope > span:nth-of-type(7)').allInnerTexts()).map(Number);
    const sorted = (v: number[], dir: 1 | -1): boolean => v.length > 2 && v.every((x, i) => i === 0 || (v[i - 1] - x) * dir >= 0);
    await page.getByRole('button', { name: 'CPU s', exact: true }).click();
    expect(params().get('sort')).toBe('-cpus');
    await expect.poll(async () => sorted(await cpu(), 1)).toBe(true);
    expect(Math.max(...(await cpu()))).toBeGreaterThan(0);
    expect((await cpu())[0]).toBe(Math.max(...(await cpu())));
    await page.getByRole('button', { name: 'CPU s', exact: true }).click();
    expect(params().get('sort')).toBe('cpus');
    await expect.poll(async () => sorted(await cpu(), -1)).toBe(true);
    await page.getByRole('button', { name: 'PID', exact: true }).click();
    const pids = async (): Promise<number[]> => (await rows.locator(':scope > span:nth-of-type(1)').allInnerTexts()).map(Number);
    await expect.poll(async () => sorted(await pids(), 1)).toBe(true); // a number column sorts largest first
    await shot(page, 'processes-sorted-1280');
  });

  it('7b. copies a log line, a finding\'s evidence as Markdown, and a link', async () => {
    await go(page, `#/b/${b}/logs?q=CrashLoopBackOff`);
    const first = page.getByRole('list', { name: 'Log lines' }).locator('.log-row').first();
    await first.click();
    const detail = page.getByRole('complementary', { name: 'Line detail' });
    const whole = await detail.getByTestId('full-line').innerText();
    await detail.getByRole('button', { name: 'Copy line' }).click();
    await expect.poll(clipboard).toBe(whole);
    await detail.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(clipboard).toBe(page.url());

    await go(page, `#/b/${b}/findings`);
    const copy = page.getByRole('button', { name: 'Copy evidence' }).first();
    await copy.click();
    await expect.poll(clipboard).toMatch(/^\*\*.+\*\* — `[^`]+:\d+` \(\[open\]\(http:\/\/127\.0\.0\.1:\d+\/\?token=[^)]+#\/b\/\d+\/(logs|artifacts)\?[^)]+\)\)\n\n```\n[\s\S]+\n```\n$/);
    await page.getByRole('button', { name: 'Copy as Markdown' }).first().click();
    await expect.poll(clipboard).toMatch(/^### .+ \((critical|warning|info), rule `[a-z0-9-]+`\)\n/);
  });

  it('7c. drives lists from the keyboard: ? lists the keys, Esc closes the Sources picker, j/k/Enter/Esc in Logs', async () => {
    await go(page, `#/b/${b}/logs`);
    await expect.poll(() => page.getByTestId('match-count').innerText()).toMatch(/^[\d,]+ lines/);
    await page.locator('main h1').click();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => help.count()).toBe(1);
    expect(await help.innerText()).toMatch(/j \/ ↓/);
    await shot(page, 'keys-help-1280');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);

    await page.getByRole('button', { name: /Sources/ }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Sources' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Sources' }).count()).toBe(0);

    await page.keyboard.press('Enter');
    await expect.poll(() => params().get('line')).toBe('1');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const second = params().get('line');
    await page.keyboard.press('k');
    await expect.poll(() => params().get('artifact') && params().get('line') !== second).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => params().get('line')).toBeNull();
  });

  it('7d. holds its layout at 1280 px: badges and numbers on one line', async () => {
    await go(page, '#/');
    await expect.poll(() => page.locator('.library-row .badge').count()).toBeGreaterThan(0);
    for (const badge of await page.locator('.badge').all()) {
      const box = await badge.boundingBox();
      if (box) expect(box.height).toBeLessThan(24);
    }
    await go(page, `#/b/${b}/system`);
    await expect.poll(() => page.locator('.num').count()).toBeGreaterThan(3);
    // A number on one line: its text's boxes on one line (a table cell is as tall as its row, whose
    // path cell may wrap).
    const lines = await page.evaluate(() =>
      Array.from(document.querySelectorAll('main .num')).map((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        // A box that starts below the bottom of the line so far starts a new line.
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0).sort((x, y) => x.top - y.top);
        let n = 0;
        let bottom = -Infinity;
        for (const r of rects) {
          if (r.top >= bottom - 1) n++;
          bottom = Math.max(bottom, r.bottom);
        }
        return n;
      }),
    );
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.filter((n) => n > 1)).toEqual([]);
    await shot(page, 'system-1280');
    expect(errors).toEqual([]);
  });
});
