import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { Profile } from 'pprof-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProfile } from '../../main/engine/profiles/load';
import { topTable } from '../../main/engine/profiles/top';
import { largeCpuProfile } from '../profiles/synthetic';
import { XSS } from './bundles';
import { chromiumAvailable, go, openPage, REPO, serveBundles, shot, type Served } from './harness';

// An operator with two nodes' profiles, in Chromium against `nodescope serve`: the flame graph of a
// profile with ~500k call-tree nodes (the synthetic stress profile of test/profiles/synthetic.ts,
// most samples ending in time.Now) stays interactive; search, zoom, the top
// table and the bottom-up view agree; etcd's put-only CPU profile is compared with the put+range one
// from another bundle; a goroutine dump shows its stuck bucket first; function names are text.

const FIXTURES = path.join(REPO, 'test', 'fixtures');
const fixture = (rel: string): string => path.join(FIXTURES, rel);

function put(top: string, rel: string, from: string | Buffer): void {
  const file = path.join(top, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (typeof from === 'string') fs.copyFileSync(from, file);
  else fs.writeFileSync(file, from);
}

/** etcd's CPU profile (made here) with its hottest leaf function renamed to markup. */
function hostileProfile(): Buffer {
  const p = Profile.decode(zlib.gunzipSync(fs.readFileSync(fixture('pprof/etcd-3.4.23/cpu-put.pb.gz'))));
  const leafLocation = p.location.find((l) => l.id === p.sample[0].locationId[0])!;
  const fn = p.function.find((f) => f.id === leafLocation.line[0].functionId)!;
  fn.name = p.stringTable.dedup(XSS.img);
  return zlib.gzipSync(p.encode());
}

/** Two plain folders, as an operator would unpack other tools' captures (no manifest). */
function writeBundles(dir: string): string[] {
  const a = path.join(dir, 'node-a-20261120T100000Z');
  put(a, 'pprof/kube-apiserver/cpu.pb.gz', largeCpuProfile());
  put(a, 'pprof/etcd/cpu-put.pb.gz', fixture('pprof/etcd-3.4.23/cpu-put.pb.gz'));
  put(a, 'pprof/blocked-app/goroutine-debug2.txt', fixture('goroutine/go-blocked/goroutine-debug2.txt'));
  put(a, 'pprof/blocked-app/goroutine.pb.gz', fixture('goroutine/go-blocked/goroutine.pb.gz'));
  put(a, 'pprof/evil/cpu.pb.gz', hostileProfile());
  const dump = fs.readFileSync(fixture('goroutine/go-blocked/goroutine-debug2.txt'), 'utf8');
  put(a, 'pprof/evil/goroutine-debug2.txt', Buffer.from(dump.replaceAll('main.worker', `main.${XSS.img}`)));
  const b = path.join(dir, 'node-b-20261120T110000Z');
  put(b, 'pprof/etcd/cpu-put-range.pb.gz', fixture('pprof/etcd-3.4.23/cpu-put-range.pb.gz'));
  return [a, b];
}

interface Frame {
  name: string;
  depth: number;
  width: number;
  fill: string;
}

describe.skipIf(!chromiumAvailable())('Profiles and Goroutines views in Chromium', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-profiles-'));
  let A = 0;
  let B = 0;

  beforeAll(async () => {
    served = await serveBundles(writeBundles(tmp));
    [A, B] = served.bundleIds;
    ({ browser, page } = await openPage({ viewport: { width: 1440, height: 900 }, timeout: 15_000, errors }));
    await page.goto(served.url);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The frames drawn, with depth from their row (root at the top, 18 px rows). */
  const frames = (): Promise<Frame[]> =>
    page.locator('.flame-box svg g.frame').evaluateAll((gs) =>
      gs.map((g) => {
        const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(g.getAttribute('transform') ?? '');
        const rect = g.querySelector('rect');
        return {
          name: g.getAttribute('name') ?? '',
          depth: Math.round(Number(m?.[2] ?? 0) / 18),
          width: Number(rect?.getAttribute('width') ?? 0),
          fill: rect?.getAttribute('fill') ?? '',
        };
      }),
    );
  const summary = (): Promise<string> => page.locator('.flame-summary').innerText();
  const topRows = { first: () => page.getByRole('list', { name: 'Top functions' }).locator('.top-row').first(), filter: (o: { hasText: string }) => page.getByRole('list', { name: 'Top functions' }).locator('.top-row').filter(o) };
  const widest = (fs: Frame[], depth: number): Frame => fs.filter((f) => f.depth === depth && f.name !== '…').sort((x, y) => y.width - x.width)[0];

  it('draws the stress profile (about 500k call-tree nodes) from a pruned tree of a few thousand', async () => {
    await go(page, `#/b/${A}/profiles`);
    await page.locator('.profile-row', { hasText: 'pprof/kube-apiserver/cpu.pb.gz' }).click();
    // Few frames are wide enough to draw: almost all of the nodes are narrower than a pixel.
    await expect.poll(async () => (await frames()).length, { timeout: 20_000 }).toBeGreaterThan(3); // a 500k-node profile: seconds on a loaded machine
    const m = /([\d,]+) of ([\d,]+) nodes drawn/.exec(await summary());
    const drawn = Number(m![1].replace(/,/g, ''));
    const full = Number(m![2].replace(/,/g, ''));
    expect(full).toBeGreaterThan(400_000);
    expect(drawn).toBeLessThanOrEqual(10_000);
    // The top table is pprof's: time.Now has the most flat time in this profile (go tool pprof -top).
    await expect.poll(() => topRows.first().innerText()).toContain('time.Now');
    await shot(page, 'profiles-large-cpu');
    expect(errors).toEqual([]);
  });

  it('zooms on a click, asks the engine for the zoomed part, and keeps the top table in step', async () => {
    const before = await frames();
    const target = widest(before, 2);
    const summaryBefore = await summary();
    await page.locator(`.flame-box g.frame[name="${target.name}"]`).first().click();
    // d3-flame-graph zooms at once; the engine's tree focused on the function follows.
    await expect.poll(() => page.locator('.breadcrumb').innerText()).toContain(target.name);
    await expect.poll(summary).not.toBe(summaryBefore);
    await expect.poll(() => page.locator('.top-table .top-head').innerText()).toContain(`samples through ${target.name}`);
    const svgWidth = Number(await page.locator('.flame-box svg').getAttribute('width'));
    await expect.poll(async () => widest(await frames(), 2)?.width ?? 0).toBeGreaterThan(svgWidth * 0.99);
    await expect.poll(() => page.locator('.top-row.selected').innerText()).toContain(target.name);
    // Hovering a frame gives flat and cum with their share, as text.
    await page.locator(`.flame-box g.frame[name="${target.name}"]`).first().hover();
    const tip = page.locator('.flame-tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.innerText()).toMatch(new RegExp(`^${target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?: \\(inline\\))?\\ncum [\\d.]+ \\S+ · [\\d.]+%\\nflat`));
    await shot(page, 'profiles-large-cpu-zoomed');
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await expect.poll(summary).toBe(summaryBefore);
    expect(errors).toEqual([]);
  });

  it('searches literally, with the share of samples the matches cover', async () => {
    const search = page.getByRole('searchbox', { name: 'Highlight functions' });
    // A RegExp built from this would throw (d3-flame-graph's own search does).
    await search.fill('main.(');
    await expect.poll(() => page.locator('.flame-details').innerText()).toMatch(/^search: 0 frames drawn · 0\.00% of all samples/);
    await search.fill('time.now');
    await expect.poll(() => page.locator('.flame-details').innerText()).toMatch(/^search: \d+ frames drawn · \d+\.\d\d% of all samples \([\d.]+ s\) have a matching frame/);
    await expect.poll(async () => (await frames()).filter((f) => f.fill.toLowerCase() === '#e600e6').length).toBeGreaterThan(0);
    const lit = (await frames()).filter((f) => f.fill.toLowerCase() === '#e600e6');
    expect(lit.every((f) => f.name.toLowerCase().includes('time.now'))).toBe(true);
    // time.Now and time.now: 85% + 11% of the samples end in them (synthetic.ts), so at least 94.9% of
    // the samples have a matching frame, though most of their frames are too narrow to draw.
    // Read in the poll: the details line is redrawn as the search settles, so one later read may catch a redraw.
    let share = -1;
    await expect
      .poll(async () => {
        const m = /(\d+\.\d\d)% of all samples/.exec(await page.locator('.flame-details').innerText());
        share = m ? Number(m[1]) : -1;
        return share;
      })
      .toBeGreaterThanOrEqual(94.9);
    expect(share).toBeLessThanOrEqual(100);
    await search.fill('');
    expect(errors).toEqual([]);
  });

  it('highlights the frames of a function picked in the top table', async () => {
    // The zoom above scrolled the table to its frame: back to the top, where main.next (1% flat) is.
    await page.getByRole('list', { name: 'Top functions' }).evaluate((el) => {
      type Scrolled = { scrollTop: number; parentElement: Scrolled | null };
      for (let e = el as unknown as Scrolled | null; e; e = e.parentElement) e.scrollTop = 0;
    });
    const row = topRows.filter({ hasText: 'main.next' }).first();
    await row.click();
    await expect.poll(() => page.locator('.top-row.selected').count()).toBe(1);
    await expect.poll(async () => (await frames()).filter((f) => f.fill.toLowerCase() === '#e600e6').length).toBeGreaterThan(0);
    const lit = (await frames()).filter((f) => f.fill.toLowerCase() === '#e600e6');
    expect(new Set(lit.map((f) => f.name))).toEqual(new Set(['main.next']));
    expect(await page.locator('.flame-details').innerText()).toMatch(/^selected: main\.next · /);
    await row.click();
    expect(errors).toEqual([]);
  });

  it('bottom-up: the widest function under the root is the first row of the top table (most flat)', async () => {
    await page.getByRole('button', { name: 'Bottom-up' }).click();
    await expect.poll(() => page.url()).toContain('inv=1');
    await expect.poll(async () => widest(await frames(), 1)?.name).toBe('time.Now');
    const first = await topRows.first().locator('span').last().innerText();
    expect(widest(await frames(), 1).name).toBe(first);
    await shot(page, 'profiles-large-cpu-bottom-up');
    await page.getByRole('button', { name: 'Top-down' }).click();
    await expect.poll(() => page.url()).not.toContain('inv=1');
    // The other sample type of a Go CPU profile: time.Now's flat count of all (the engine's top table,
    // which test/profiles/top-vs-pprof.test.ts checks against go tool pprof -sample_index=samples).
    const counts = topTable(decodeProfile(largeCpuProfile()), { sample: 'samples', limit: 1 });
    expect(counts.rows[0].name).toBe('time.Now');
    expect(await page.getByRole('combobox', { name: 'Sample type' }).inputValue()).toBe('cpu/nanoseconds');
    await page.getByRole('combobox', { name: 'Sample type' }).selectOption('samples/count');
    await expect.poll(() => topRows.first().innerText()).toMatch(new RegExp(`^${counts.rows[0].flat.toLocaleString('en-US')}\\s`));
    await expect.poll(() => summary()).toMatch(new RegExp(`^samples/count · total ${counts.total.toLocaleString('en-US')} ·`));
    expect(errors).toEqual([]);
  });

  it('compares etcd put-only (A, other bundle) with put+range (B) in one differential flame graph', async () => {
    await go(page, `#/b/${B}/profiles`);
    await page.locator('.profile-row', { hasText: 'pprof/etcd/cpu-put-range.pb.gz' }).click();
    await expect.poll(async () => (await frames()).length).toBeGreaterThan(10);
    const search = page.getByRole('searchbox', { name: 'Highlight functions' });
    await search.fill('mvcc');
    await expect.poll(() => page.locator('.flame-details').innerText()).toMatch(/^search: \d+ frames drawn · \d+\.\d\d% of all samples/);
    await shot(page, 'profiles-etcd-range-flame');
    await search.fill('');
    await page.getByRole('button', { name: 'Compare with…' }).click();
    await page.getByRole('combobox', { name: 'Baseline bundle' }).selectOption(String(A));
    await page.getByRole('combobox', { name: 'Baseline profile' }).selectOption('pprof/etcd/cpu-put.pb.gz');
    await page.getByRole('button', { name: 'Compare (B = this profile)' }).click();
    await expect.poll(() => page.url()).toContain(`vs=${A}%3Approf%2Fetcd%2Fcpu-put.pb.gz`);
    await expect.poll(() => page.locator('.diff-legend').innerText()).toMatch(/Normalised: B × [\d.]+/);
    const fills = new Set((await frames()).map((f) => f.fill));
    const rgb = [...fills].map((f) => /rgb\((\d+),(\d+),(\d+)\)/.exec(f)).filter((m) => m !== null);
    // Red where B (with range requests) spends more, blue where less: both happen between these two.
    expect(rgb.some((m) => Number(m[1]) > Number(m[3]) + 40)).toBe(true);
    expect(rgb.some((m) => Number(m[3]) > Number(m[1]) + 40)).toBe(true);
    expect(await page.locator('.top-table .top-head').innerText()).toContain('Change per function (B − A)');
    expect(await topRows.first().innerText()).toMatch(/[+−]/);
    await page.locator('.flame-box g.frame').nth(3).hover();
    await expect.poll(() => page.locator('.flame-tip').innerText()).toMatch(/A \(baseline\) cum .*\nB scaled to A cum .*\nchange [+−]?/);
    await shot(page, 'profiles-diff-etcd');
    await page.getByRole('button', { name: 'Raw' }).click();
    await expect.poll(() => page.locator('.diff-legend').innerText()).toContain('Raw delta: go tool pprof -diff_base A B');
    expect(errors).toEqual([]);
  });

  it('exports the profile as folded stacks that add up to its CPU time', async () => {
    await page.getByRole('button', { name: 'Close the diff' }).click();
    await expect.poll(() => page.url()).not.toContain('vs=');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('group', { name: 'Export' }).getByRole('button', { name: 'folded' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^etcd-cpu-put-range-cpu\.folded\.txt$/);
    const folded = fs.readFileSync((await download.path())!, 'utf8').trim().split('\n');
    const sum = folded.reduce((s, line) => s + Number(/ (\d+)$/.exec(line)![1]), 0);
    // The profile's own cpu/nanoseconds values, summed from the protobuf.
    const p = Profile.decode(zlib.gunzipSync(fs.readFileSync(fixture('pprof/etcd-3.4.23/cpu-put-range.pb.gz'))));
    const cpu = p.sampleType.findIndex((t) => p.stringTable.strings[Number(t.type)] === 'cpu');
    const total = p.sample.reduce((s, x) => s + Number(BigInt.asIntN(64, BigInt(x.value[cpu]))), 0);
    expect(sum).toBe(total);
    expect(folded.every((l) => /^[^;]+(;[^;]+)* \d+$/.test(l))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('shows the stuck goroutine bucket first, with its counts adding up to the dump', async () => {
    await go(page, `#/b/${A}/profiles`);
    await page.locator('.profile-row', { hasText: 'pprof/blocked-app/goroutine-debug2.txt' }).click();
    const buckets = page.getByRole('list', { name: 'Goroutine buckets' }).locator('.bucket-row');
    await expect.poll(() => buckets.count()).toBeGreaterThan(1);
    expect(await buckets.first().getAttribute('class')).toContain('stuck');
    await expect.poll(() => page.locator('.bucket-detail .callout').innerText()).toMatch(/goroutines? /);
    const dumpText = fs.readFileSync(fixture('goroutine/go-blocked/goroutine-debug2.txt'), 'utf8');
    const inDump = (dumpText.match(/^goroutine \d+ \[/gm) ?? []).length;
    expect(await page.locator('.state-chip').first().innerText()).toBe(`all ${inDump}`);
    const chips = await page.locator('.state-chip').allInnerTexts();
    expect(chips.slice(1).reduce((s, c) => s + Number(/(\d+)$/.exec(c)![1]), 0)).toBe(inDump);
    await shot(page, 'profiles-goroutines-blocked-app');
    // The protobuf taken at the same moment: a flame graph, or the same goroutines as buckets.
    await page.locator('.profile-row', { hasText: 'pprof/blocked-app/goroutine.pb.gz' }).click();
    await expect.poll(() => page.locator('.flame-summary').innerText()).toMatch(new RegExp(`^goroutine/count · total ${inDump} ·`));
    await page.getByRole('button', { name: 'Goroutine buckets' }).click();
    await expect.poll(() => page.locator('.state-chip').first().innerText()).toBe(`all ${inDump}`);
    expect(await buckets.first().getAttribute('class')).toContain('stuck');
    expect(await buckets.first().innerText()).toContain('(inferred)');
    expect(errors).toEqual([]);
  });

  it('draws a function named with markup as text, and runs nothing', async () => {
    await page.locator('.profile-row', { hasText: 'pprof/evil/cpu.pb.gz' }).click();
    await expect.poll(async () => (await frames()).some((f) => f.name === XSS.img)).toBe(true);
    await expect.poll(() => page.getByRole('list', { name: 'Top functions' }).innerText()).toContain(XSS.img);
    await page.locator('.flame-box g.frame', { hasText: XSS.img }).first().hover();
    await expect.poll(() => page.locator('.flame-tip').innerText()).toContain(XSS.img);
    await page.locator('.profile-row', { hasText: 'pprof/evil/goroutine-debug2.txt' }).click();
    await expect.poll(() => page.locator('.bucket-detail').innerText()).toContain(XSS.img);
    expect(await page.getByRole('list', { name: 'Goroutine buckets' }).innerText()).toContain(XSS.img);
    expect(await page.evaluate(() => (globalThis as unknown as { __nodescopeXss?: number }).__nodescopeXss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
