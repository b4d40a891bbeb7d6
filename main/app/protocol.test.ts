import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appProtocolHandler, resolveAppFile } from './protocol';

describe('app:// serves the built renderer and nothing else', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-proto-'));
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>nodescope</title>');
  fs.writeFileSync(path.join(root, 'assets', 'a.js'), 'export {}');
  fs.writeFileSync(path.join(os.tmpdir(), 'nodescope-proto-secret.txt'), 'secret');
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('maps app://nodescope/ paths into the renderer folder', () => {
    expect(resolveAppFile(root, 'app://nodescope/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://nodescope/assets/a.js')).toBe(path.join(root, 'assets', 'a.js'));
  });

  it('refuses paths that climb out, other hosts, and NUL bytes', () => {
    for (const url of ['app://nodescope/../nodescope-proto-secret.txt', 'app://nodescope/%2e%2e/nodescope-proto-secret.txt', 'app://nodescope/..%2fnodescope-proto-secret.txt', 'app://other/index.html', 'app://nodescope/a%00.js', 'app://nodescope/%E0%A4%A']) {
      const file = resolveAppFile(root, url);
      expect(file === null || path.relative(root, file).startsWith('..') === false, url).toBe(true);
      if (file) expect(fs.existsSync(file), url).toBe(false);
    }
  });

  it('answers with the CSP header, GET only', async () => {
    const handle = appProtocolHandler(root);
    const ok = await handle(new Request('app://nodescope/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(ok.headers.get('content-security-policy')).not.toContain('unsafe');
    expect((await handle(new Request('app://nodescope/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    expect((await handle(new Request('app://nodescope/missing.js'))).status).toBe(404);
  });
});
