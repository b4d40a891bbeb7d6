import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, go, launchChromium, serveBundles, shot, type Served } from '../e2e/harness';
import { tempDir } from '../support/tarball';
import { CJK, NODE, REFERENCE_NODE, writeIncidentBundle, writeReferenceBundle } from './incident';
import { RESULTS } from './inspect';

/** The operator composes the incident report in the app (browser mode) and exports it. */

let tmp: { dir: string; cleanup: () => void };
let served: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  tmp = tempDir('nodescope-report-ui-');
  served = await serveBundles([await writeIncidentBundle(tmp.dir), await writeReferenceBundle(tmp.dir)]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  tmp?.cleanup();
});

async function saved(download: Promise<Download>, name: string): Promise<Buffer> {
  const d = await download;
  const file = path.join(RESULTS, name);
  fs.mkdirSync(RESULTS, { recursive: true });
  await d.saveAs(file);
  expect(d.suggestedFilename()).toMatch(new RegExp(`^nodescope-report-${NODE}-20261110\\.(html|md|pdf)$`));
  return fs.readFileSync(file);
}

describe.runIf(chromiumAvailable())('Report view', () => {
  it('picks findings, reorders them, takes a summary, a note and a comparison, and exports HTML, Markdown and PDF', async () => {
    const [bad, good] = served.bundleIds;
    await page.goto(served.url);
    await go(page, `#/b/${bad}/report`);
    const ready = page.getByRole('heading', { name: 'Findings in the report (4)' });
    await ready.or(page.getByRole('alert')).first().waitFor();
    if (!(await ready.isVisible())) throw new Error(`the Report view shows: ${await page.getByRole('alert').first().innerText()}`);

    await page.getByLabel('Include Tasks blocked in the kernel for minutes (hung_task)').uncheck();
    await page.getByLabel('Include Network device waiting to be freed (unregister_netdevice)').check();
    await page.getByLabel('Move Processes killed by the kernel OOM killer up').click();
    await page.getByLabel('Summary').fill(`kube-proxy on ${NODE} burns two CPUs. <script>not code</script>`);
    await page.getByLabel('Impact').fill(`${CJK}: the sync job is down`);
    await page.getByLabel('Note on Processes killed by the kernel OOM killer').fill('fluentd was at its limit');
    await page.getByLabel('Compare with').selectOption(String(good));
    await page.getByLabel('Profile to add').selectOption('pprof/kube-proxy/cpu.pb.gz');
    await page.getByLabel('Function whose subtree to draw').fill('net.interfaceAddrTable');
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('heading', { name: 'Profiles drawn (2)' }).waitFor();
    await page.getByRole('heading', { name: 'Findings in the report (4)' }).waitFor();
    await shot(page, 'report-view');

    const html = (await saved(Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export HTML' }).click()]).then(([d]) => d), 'ui.html')).toString('utf8');
    const titles = [...html.matchAll(/<h3>\d+\. <span class="sev \w+">\w+<\/span>([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(titles).toEqual([
      'Processes killed by the kernel OOM killer',
      'One function dominates a component&#39;s CPU or heap profile',
      'Containers in CrashLoopBackOff',
      'Network device waiting to be freed (unregister_netdevice)',
    ]);
    expect(html).toContain(`<p class="prose">kube-proxy on ${NODE} burns two CPUs. &lt;script&gt;not code&lt;/script&gt;</p>`);
    expect(html).toContain(`<p class="prose">${CJK}: the sync job is down</p>`);
    expect(html).toContain('<b>Note:</b> <span class="prose">fluentd was at its limit</span>');
    expect(html).toContain(`<h3>Reference node: ${REFERENCE_NODE}</h3>`);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<h3 class="mono">pprof/kube-proxy/cpu.pb.gz — net.interfaceAddrTable</h3>');
    expect(html).toContain('net.interfaceAddrTable and its callees: 39.00 s of 62.00 s (62.9%) cpu/nanoseconds');
    expect(html.match(/<svg [^>]*class="flame"/g)).toHaveLength(2);

    const md = (await saved(Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Markdown' }).click()]).then(([d]) => d), 'ui.md')).toString('utf8');
    expect(md).toContain('### 1. WARNING: Processes killed by the kernel OOM killer');
    expect(md).toContain('> **Note:** fluentd was at its limit');
    expect(md).toContain('&lt;script&gt;not code&lt;/script&gt;');

    const pdf = await saved(Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PDF' }).click()]).then(([d]) => d), 'ui.pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByRole('status').filter({ hasText: 'Exported' }).waitFor();
    await shot(page, 'report-exported');
  });
});
