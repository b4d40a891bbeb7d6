import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBundle } from '../../main/engine/ingest';
import { writeHostileBundle } from './bundles';
import { chromiumAvailable, DEMO_BUNDLE, go, openPage, serveBundles, shot, type Served } from './harness';

// The operator's first minutes with a bundle, in a real browser against `nodescope serve`: what is
// wrong (findings), the proof (the log line in context), then their own search.
describe.skipIf(!chromiumAvailable())('the demo bundle in browser mode', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const NODE = 'demo-worker-1';

  beforeAll(async () => {
    served = await serveBundles([DEMO_BUNDLE]);
    ({ browser, page } = await openPage({ viewport: { width: 1440, height: 900 }, timeout: 10_000, errors }));
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('opens on the Overview of the served bundle with its findings and node facts', async () => {
    await page.goto(served.url);
    // The node as the manifest names it (the demo node of test/demo/make-demo.sh).
    await expect.poll(() => page.locator('h1').innerText()).toBe(NODE);
    const warnings = page.locator('.card-warning .card-n');
    await expect.poll(() => warnings.innerText()).not.toBe('0');
    const findings = page.locator('.finding-list');
    await expect.poll(() => findings.innerText()).toContain('Kubelet PLEG is not healthy');
    expect(await page.locator('.panel', { hasText: 'Completeness' }).innerText()).toMatch(/skipped/);
    await shot(page, '01-overview');
    expect(errors).toEqual([]);
  });

  it('follows a finding to its evidence line in the kubelet\'s syslog, shown in context', async () => {
    await page.locator('.finding-list a', { hasText: 'Kubelet PLEG is not healthy' }).click();
    const detail = page.locator('.finding-detail');
    await expect.poll(() => detail.textContent()).toContain('What to do');
    // Why it fired and what it ruled out, above the rule's meaning.
    await expect.poll(() => detail.locator('.finding-why').innerText()).toMatch(/Why it fired[\s\S]*Ruled out/);
    await shot(page, '02-finding');
    const evidence = detail.locator('.evidence-link', { hasText: 'logs/messages:44' });
    const quoted = await evidence.locator('xpath=..').locator('pre.quote').innerText();
    await evidence.click();
    const target = page.locator('.log-context .log-row.target');
    await expect.poll(() => target.getAttribute('data-line')).toBe('44');
    expect(quoted.startsWith(await target.locator('.log-text').innerText())).toBe(true);
    // The lines around it are there too: context, not just the line.
    expect(await page.locator('.log-context [data-line="43"]').count()).toBe(1);
    expect(page.url()).toContain('artifact=logs%2Fmessages&line=44');
    await shot(page, '03-log-context');
  });

  it('searches every log with highlights, and narrows to one source', async () => {
    await page.locator('.log-context button[aria-label="Close detail"]').click();
    await page.keyboard.press('/');
    await page.keyboard.type('CrashLoopBackOff');
    const lines = page.getByRole('list', { name: 'Log lines' });
    await expect.poll(() => page.url()).toContain('q=CrashLoopBackOff');
    const rows = (): Promise<string[]> => lines.locator('.log-row .log-text').allInnerTexts();
    const matching = async (): Promise<string> => {
      const r = await rows();
      return r.length === 0 ? 'no rows yet' : `${r.filter((t) => !t.toLowerCase().includes('crashloopbackoff')).length} rows without the word`;
    };
    await expect.poll(matching).toBe('0 rows without the word');
    expect(await lines.locator('mark').first().innerText()).toBe('CrashLoopBackOff');
    expect(await page.locator('.histogram svg .bar').count()).toBeGreaterThan(0);
    await shot(page, '04-log-search');

    // A time range typed by hand (UTC), as the histogram's zoom sets it.
    await page.getByRole('textbox', { name: 'From time' }).fill('2026-12-02 04:50');
    await page.getByRole('textbox', { name: 'From time' }).press('Enter');
    await expect.poll(() => page.url()).toContain('from=2026-12-02T04%3A50%3A00.000Z');
    const times = async (): Promise<string> => {
      const t = await lines.locator('.log-time').allInnerTexts();
      return t.length === 0 ? 'no rows yet' : `${t.filter((x) => x < '2026-12-02 04:50').length} rows before 04:50`;
    };
    await expect.poll(times).toBe('0 rows before 04:50');
    await page.getByRole('button', { name: 'Reset time range' }).click();

    await page.getByRole('searchbox', { name: 'Search logs' }).fill('');
    await page.getByRole('button', { name: /Sources/ }).click();
    await page.locator('.picker-row', { has: page.locator('.ellipsis', { hasText: /^containerd$/ }) }).locator('input').check();
    await expect.poll(async () => new Set(await lines.locator('.log-source').allInnerTexts())).toEqual(new Set(['containerd']));
  });

  it('shows the CPU split from the two /proc/stat samples and the Kubernetes events', async () => {
    await page.locator('a.nav-item', { hasText: 'System' }).click();
    const cpu = page.locator('.panel', { hasText: 'CPU' }).first();
    await expect.poll(() => cpu.innerText()).toContain('between the two samples');
    expect(await cpu.innerText()).toMatch(/steal \d+\.\d%/);
    await shot(page, '10-system');
    await page.locator('a.nav-item', { hasText: 'Kubernetes' }).click();
    const events = page.getByRole('list', { name: 'Events' });
    await expect.poll(() => events.innerText()).toContain('FailedMount');
    await shot(page, '11-kubernetes');
    expect(errors).toEqual([]);
  });

  it('draws the flame graph of the demo etcd\'s CPU profile and buckets its goroutines', async () => {
    await go(page, `#/b/${served.bundleIds[0]}/profiles`);
    await page.locator('.profile-row', { hasText: 'pprof/etcd/cpu.pb.gz' }).click();
    await expect.poll(() => page.locator('.flame-box g.frame').count()).toBeGreaterThan(10);
    await expect.poll(() => page.locator('.flame-summary').innerText()).toMatch(/^cpu\/nanoseconds · total /);
    expect(await page.getByRole('list', { name: 'Top functions' }).innerText()).toMatch(/go\.etcd\.io|runtime\./);
    await shot(page, 'profiles-etcd-flame');
    await page.locator('.profile-row', { hasText: 'pprof/etcd/goroutine-debug2.txt' }).click();
    const buckets = page.getByRole('list', { name: 'Goroutine buckets' }).locator('.bucket-row');
    await expect.poll(() => buckets.count()).toBeGreaterThan(3);
    expect(await page.getByRole('list', { name: 'Goroutine buckets' }).innerText()).toContain('go.etcd.io/etcd');
    await shot(page, 'profiles-goroutines');
    expect(errors).toEqual([]);
  });

  it('opens another bundle from the Library by its path, and lands on its Overview when ingested', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-open-'));
    const file = await writeHostileBundle(tmp);
    await page.locator('a.nav-item', { hasText: 'Library' }).click();
    await page.getByRole('textbox', { name: 'Bundle path' }).fill(file);
    await page.getByRole('button', { name: 'Ingest' }).click();
    await expect.poll(() => page.locator('h1').innerText(), { timeout: 30_000 }).toBe('evil-node');
    expect(page.url()).toMatch(/#\/b\/2\/overview$/);
    await page.locator('a.nav-item', { hasText: 'Library' }).click();
    await page.getByRole('textbox', { name: 'Bundle path' }).fill(path.join(tmp, 'missing.tar.gz'));
    await page.getByRole('button', { name: 'Ingest' }).click();
    await expect.poll(() => page.locator('.job-failed').innerText()).toContain('missing.tar.gz');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('shows a binary artifact as hex, with the command that made it', async () => {
    await go(page, `#/b/${served.bundleIds[0]}/artifacts?path=pprof%2Fetcd%2Fcpu.pb.gz`);
    const rows = page.getByRole('list', { name: 'Artifact bytes' }).locator('.hex-row');
    await expect.poll(() => rows.first().innerText()).toMatch(/^00000000\s+1f 8b/);
    expect(await page.locator('.artifact-head').innerText()).toContain('sha256');
    await page.getByRole('searchbox', { name: 'Search artifacts' }).fill('iptables-save.txt');
    await expect.poll(() => page.getByRole('list', { name: 'Artifacts' }).locator('.artifact-row').allInnerTexts()).toEqual([expect.stringContaining('network/iptables-save.txt')]);
  });

  it('keeps the finding shown within the severity chosen, and says so when a bundle has none', async () => {
    await go(page, `#/b/${served.bundleIds[0]}/findings?i=0`);
    const detail = page.locator('.finding-detail h2');
    await expect.poll(() => detail.innerText()).toMatch(/^Kubelet PLEG is not healthy/);
    await page.getByRole('group', { name: 'Severity' }).getByRole('button', { name: /^info/ }).click();
    // The critical finding picked before is not the one beside a list of info findings.
    await expect.poll(() => detail.innerText()).toMatch(/unregister_netdevice/i);

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-quiet-'));
    fs.mkdirSync(path.join(tmp, 'logs'));
    fs.writeFileSync(path.join(tmp, 'logs', 'messages'), 'Dec  2 04:50:00 quiet-node systemd[1]: Started Daily apt upgrade and clean activities.\n');
    const quiet = (await ingestBundle(served.db, tmp)).id;
    await go(page, `#/b/${quiet}/findings`);
    await expect.poll(() => page.locator('.split-list').innerText()).toContain('No findings: no rule found a problem');
    expect(await page.locator('.split-detail').innerText()).toBe('');
    fs.rmSync(tmp, { recursive: true, force: true });
    expect(errors).toEqual([]);
  });

  it('lists the bundle in the Library with its finding counts', async () => {
    await page.locator('a.nav-item', { hasText: 'Library' }).click();
    const row = page.locator('.library-row', { hasText: NODE });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('.badge.sev-warning').innerText()).not.toBe('0');
    await shot(page, '00-library');
    expect(errors).toEqual([]);
  });
});
