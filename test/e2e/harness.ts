import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveWorkspace } from '../../main/cli/serve';
import { ingestBundle } from '../../main/engine/ingest';
import { openWorkspace, type Db } from '../../main/engine/store/workspace';
import type { RunningServer } from '../../main/server';

/** Browser-mode UI tests: build the renderer, serve a workspace, drive Debian's Chromium. */

export const REPO = path.resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.NODESCOPE_CHROMIUM ?? '/usr/bin/chromium';
export const SHOTS = path.join(REPO, 'test-results', 'e2e');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const DEMO_BUNDLE: string = (require('../../main/start.cjs') as { DEMO_BUNDLE: string }).DEMO_BUNDLE;

let built: Promise<string> | undefined;

/** Builds the renderer once per test file into a temporary folder (never a stale dist/). */
export function buildRenderer(): Promise<string> {
  built ??= (async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-renderer-'));
    process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true';
    const { build } = await import('vite');
    await build({
      configFile: path.join(REPO, 'renderer', 'vite.config.mts'),
      logLevel: 'warn',
      mode: 'production',
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: { outDir, emptyOutDir: true },
    });
    return outDir;
  })();
  return built;
}

export interface Served {
  server: RunningServer;
  db: Db;
  bundleIds: number[];
  /** The URL nodescope serve prints, opening the first bundle's Overview. */
  url: string;
  close(): Promise<void>;
}

/** What `nodescope serve BUNDLE...` does, on a fresh workspace in a temporary folder. */
export async function serveBundles(bundles: string[]): Promise<Served> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-e2e-'));
  const db = openWorkspace(path.join(dir, 'workspace.db'));
  const bundleIds: number[] = [];
  for (const b of bundles) bundleIds.push((await ingestBundle(db, b)).id);
  const server = await serveWorkspace(db, { staticDir: await buildRenderer() });
  return {
    server,
    db,
    bundleIds,
    url: `${server.url}${bundleIds.length ? `#/b/${bundleIds[0]}/overview` : ''}`,
    close: async () => {
      await server.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** In-app navigation to a hash route, as a click on a link would do. */
export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = h;
  }, hash);
}

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface PageOptions {
  viewport: { width: number; height: number };
  /** Every wait's default timeout (ms). */
  timeout?: number;
  /** Where the page's uncaught errors are collected (a test ends by expecting none). */
  errors?: string[];
  permissions?: string[];
  acceptDownloads?: boolean;
}

/** A page of its own browser: its viewport, its timeout, its uncaught errors collected. */
export async function openPage(o: PageOptions): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: o.viewport, permissions: o.permissions, acceptDownloads: o.acceptDownloads });
  const page = await context.newPage();
  page.setDefaultTimeout(o.timeout ?? 15_000);
  const errors = o.errors;
  if (errors) page.on('pageerror', (e) => errors.push(e.message));
  return { browser, page };
}

/** Saves a screenshot to test-results/e2e/<name>.png (to be looked at, and the best copied to docs/). */
export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP request with full control of headers (fetch will not send a foreign Host). */
export function rawRequest(port: number, options: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
