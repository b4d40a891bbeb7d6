import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { writeKubeletBundle } from './bundles';
import { chromiumAvailable, openPage, REPO, shot } from './harness';

const SLOW = { timeout: 30_000 };

/** `npm start` as a user runs it (browser mode here: no Electron binary), on a workspace of our own. */
function npmStart(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, [path.join(REPO, 'main', 'start.cjs')], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL:\n${out}`)), 120_000);
    const check = (): void => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], out: () => out });
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`npm start exited ${code}:\n${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

// Issue 17, problem 5: your own bundle in browser mode, and a workspace that outlives a restart.
describe.skipIf(!chromiumAvailable())('browser mode keeps your work: upload, drop, dismiss, restart', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-workspace-'));
  const env = { NODESCOPE_DB: path.join(tmp, 'data', 'workspace.db'), NODESCOPE_MAX_UPLOAD_BYTES: String(50 * 1024 * 1024) };
  let browser: Browser;
  let page: Page;
  let run: { child: ChildProcess; url: string; out: () => string } | undefined;
  const errors: string[] = [];
  let tarball = '';
  let dropped = '';

  beforeAll(async () => {
    const made = (name: string, lines: number): string => {
      const dir = path.join(tmp, name);
      fs.mkdirSync(dir);
      const { root } = writeKubeletBundle(dir, lines, name);
      const file = path.join(tmp, `${path.basename(root)}.tar.gz`);
      spawnSync('tar', ['-czf', file, '-C', dir, path.basename(root)]);
      return file;
    };
    tarball = made('uploaded-node', 400);
    dropped = made('dropped-node', 300);
    ({ browser, page } = await openPage({ viewport: { width: 1280, height: 800 }, timeout: 30_000, errors }));
  });
  afterAll(async () => {
    await browser?.close();
    if (run) await stop(run.child);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const libraryRows = () => page.locator('.library-row:not(.th)');

  it('5. uploads with the file picker, takes a dropped file, dismisses a failed ingest, and keeps it all across an npm start restart', async () => {
    // A failure (a timeout too) says which step it was in, and what npm start printed.
    let step = 'npm start';
    onTestFailed(() => console.error(`failed at: ${step}\nnpm start printed:\n${run?.out() ?? '(not started)'}`));
    run = await npmStart(env);
    expect(run.out()).toContain(`workspace ${env.NODESCOPE_DB}`);
    await page.goto(run.url.replace(/#.*$/, ''));
    await expect.poll(() => libraryRows().count(), SLOW).toBe(1); // the demo, added to the workspace

    // The file picker: the bundle is streamed to the server, ingested, and opened.
    step = 'upload with the file picker';
    await page.getByLabel('Bundle file to upload').setInputFiles(tarball);
    await expect.poll(() => page.locator('h1').innerText(), SLOW).toBe('uploaded-node');
    expect(fs.readdirSync(path.join(tmp, 'data', 'uploads'))).toEqual([]); // the upload's copy is gone once ingested

    // A drop on the window, as from a file manager.
    step = 'drop a file';
    await page.goto(run.url.replace(/#.*$/, ''));
    await expect.poll(() => libraryRows().count(), SLOW).toBe(2);
    const bytes = fs.readFileSync(dropped).toString('base64');
    await page.evaluate(
      ([b64, name]) => {
        const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([raw], name, { type: 'application/gzip' }));
        window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      },
      [bytes, path.basename(dropped)],
    );
    await expect.poll(() => page.locator('h1').innerText(), SLOW).toBe('dropped-node');

    // Something that is not a bundle: the failure is said once and can be dismissed, for good.
    step = 'upload something that is not a bundle, and dismiss it';
    const junk = path.join(tmp, 'notes.tar.gz');
    fs.writeFileSync(junk, 'these are my notes, not a bundle\n');
    await page.goto(run.url.replace(/#.*$/, ''));
    await page.getByLabel('Bundle file to upload').setInputFiles(junk);
    const failed = page.locator('.job-failed', { hasText: 'notes.tar.gz' });
    await expect.poll(() => failed.count(), SLOW).toBe(1);
    await shot(page, 'library-failed-upload-1280');
    await failed.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => failed.count(), SLOW).toBe(0);
    await page.reload();
    await expect.poll(() => libraryRows().count(), SLOW).toBe(3);
    expect(await failed.count()).toBe(0);

    // Restart npm start: the uploaded and dropped bundles are still there, the demo not added twice.
    step = 'stop npm start';
    await stop(run.child);
    step = 'npm start again';
    run = await npmStart(env);
    step = 'the bundles after the restart';
    await page.goto(run.url.replace(/#.*$/, ''));
    await expect.poll(() => libraryRows().count(), SLOW).toBe(3);
    const nodes = await libraryRows().locator('a.strong').allInnerTexts();
    expect(nodes).toEqual(expect.arrayContaining(['uploaded-node', 'dropped-node']));
    await shot(page, 'library-after-restart-1280');
    expect(errors).toEqual([]);
  });
});
