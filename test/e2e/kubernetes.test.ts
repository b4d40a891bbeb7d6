import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, go, openPage, serveBundles, shot, type Served } from './harness';

// A listing nodescope could not read, or read in part, is said in the Kubernetes view above what it
// shows: the pods there, and why the events are not (kubectl ran without credentials).
describe.skipIf(!chromiumAvailable())('the Kubernetes view of a bundle with a listing it could not read', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-k8s-view-'));

  beforeAll(async () => {
    const root = path.join(tmp, 'node-a');
    fs.mkdirSync(path.join(root, 'k8s'), { recursive: true });
    const pod = (name: string) => ({ kind: 'Pod', metadata: { name, namespace: 'shop' }, spec: { nodeName: 'node-a' }, status: { phase: 'Running' } });
    fs.writeFileSync(path.join(root, 'k8s', 'pods.json'), JSON.stringify({ kind: 'PodList', items: [pod('cart-1'), pod('cart-2')] }, null, 2));
    fs.writeFileSync(path.join(root, 'k8s', 'events.json'), 'error: You must be logged in to the server (Unauthorized)\n');
    served = await serveBundles([root]);
    ({ browser, page } = await openPage({ viewport: { width: 1280, height: 800 }, timeout: 15_000 }));
    await page.goto(served.url);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('shows the pods it read, and says why the events listing gave none', async () => {
    await go(page, `#/b/${served.bundleIds[0]}/kubernetes`);
    await expect.poll(() => page.locator('.pods-list').innerText()).toContain('cart-2');
    const problem = page.locator('.listing-problems');
    await expect.poll(() => problem.count()).toBe(1);
    expect(await problem.innerText()).toMatch(/^k8s\/events\.json: not JSON \(/);
    await shot(page, 'kubernetes-listing-problem-1280');
  });

  it('says the node object was not collected, not just its file name', async () => {
    await go(page, `#/b/${served.bundleIds[0]}/kubernetes`);
    const nodePanel = page.locator('.panel').filter({ has: page.locator('h2', { hasText: /^Node$/ }) });
    await expect.poll(() => nodePanel.innerText()).toContain('Not collected: k8s/nodes.json (kubectl get nodes)');
  });
});
