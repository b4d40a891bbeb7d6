import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../../main/cli/serve';
import { ingestBundle } from '../../main/engine/ingest';
import { RULES_VERSION } from '../../main/engine/rules';
import { openWorkspace } from '../../main/engine/store/workspace';
import { recordStatements } from '../support/statements';
import { writeHostileBundle } from './bundles';
import { buildRenderer, rawRequest, serveBundles, type Served } from './harness';

// Browser mode must not hand a node's logs to another local user or to a web page the operator visits.
describe('nodescope serve: only the holder of the printed URL gets in', () => {
  let served: Served;
  let port: number;
  let token: string;
  let host: string;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-serve-test-'));

  beforeAll(async () => {
    served = await serveBundles([await writeHostileBundle(tmp)]);
    ({ port, token } = served.server);
    host = `127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await served.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('prints the URL as http://127.0.0.1:PORT/?token=...', () => {
    expect(served.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses the page without a token, and does not redirect to a login page', async () => {
    const r = await rawRequest(port, { path: '/', headers: { Host: host } });
    expect(r.status).toBe(401);
    expect(r.headers.location).toBeUndefined();
    expect(r.body).not.toContain('<script');
  });

  it('refuses a wrong token, and assets without the token cookie', async () => {
    // One character changed (never to itself: a token ending in "x" once made this "wrong" token the right one).
    const wrong = `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`;
    expect((await rawRequest(port, { path: `/?token=${wrong}`, headers: { Host: host } })).status).toBe(401);
    expect((await rawRequest(port, { path: '/index.html', headers: { Host: host } })).status).toBe(401);
    const wrongCookie = `nodescope-token-${port}=${'a'.repeat(token.length)}`;
    expect((await rawRequest(port, { path: '/index.html', headers: { Host: host, Cookie: wrongCookie } })).status).toBe(401);
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    for (const foreign of [`evil.example:${port}`, `localhost:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`]) {
      const r = await rawRequest(port, { path: `/?token=${token}`, headers: { Host: foreign } });
      expect(r.status, foreign).toBe(403);
    }
    const api = await rawRequest(port, {
      path: '/api/listBundles',
      method: 'POST',
      headers: { Host: `evil.example:${port}`, 'Content-Type': 'application/json', 'X-Nodescope-Token': token },
      body: '[]',
    });
    expect(api.status).toBe(403);
  });

  it('serves the page with the token, a strict CSP and a same-site cookie for its assets', async () => {
    const page = await rawRequest(port, { path: `/?token=${token}`, headers: { Host: host } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const asset = await rawRequest(port, { path: `/${script}`, headers: { Host: host, Cookie: cookie.split(';')[0] } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
  });

  it('answers the API only with the token header: the cookie alone is not enough (CSRF)', async () => {
    const cookie = `nodescope-token-${port}=${token}`;
    const call = (headers: Record<string, string>, method = 'listBundles', body = '[]') =>
      rawRequest(port, { path: `/api/${method}`, method: 'POST', headers: { Host: host, 'Content-Type': 'application/json', ...headers }, body });
    expect((await call({ Cookie: cookie })).status).toBe(401);
    const ok = await call({ 'X-Nodescope-Token': token });
    expect(ok.status).toBe(200);
    const listed = JSON.parse(ok.body) as { ok: boolean; value: { id: number; node: string }[] };
    expect(listed.value.map((b) => b.node)).toEqual(['evil-node']);
    // Arguments are validated before the engine sees them.
    expect((await call({ 'X-Nodescope-Token': token }, 'getBundle', '["1; DROP TABLE bundles"]')).status).toBe(400);
    expect((await call({ 'X-Nodescope-Token': token }, 'getBundle', '{"0":1}')).status).toBe(400);
    for (const m of ['constructor', '__proto__', 'toString', 'close']) expect((await call({ 'X-Nodescope-Token': token }, m)).status, m).toBe(404);
  });

  it('answers a search the operator mistyped (a bad regex) as their error, 400, not the server failing', async () => {
    const call = (method: string, body: string) =>
      rawRequest(port, { path: `/api/${method}`, method: 'POST', headers: { Host: host, 'Content-Type': 'application/json', 'X-Nodescope-Token': token }, body });
    for (const method of ['searchLogs', 'countLogs']) {
      const r = await call(method, JSON.stringify([{ bundle: served.bundleIds[0], text: '/[/' }]));
      expect(r.status, method).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: expect.stringMatching(/^bad regex \/\[\/: /) });
    }
  });

  it('answers a bundle the workspace does not hold (removed in another tab) with 404, not the server failing', async () => {
    const call = (method: string, body: string) =>
      rawRequest(port, { path: `/api/${method}`, method: 'POST', headers: { Host: host, 'Content-Type': 'application/json', 'X-Nodescope-Token': token }, body });
    for (const [method, args] of [['getBundle', [9999]], ['removeBundle', [9999]], ['listArtifacts', [9999]]] as const) {
      const r = await call(method, JSON.stringify(args));
      expect(r.status, method).toBe(404);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: 'no bundle with id 9999 in the workspace' });
    }
  });

  it('serves nothing outside the UI folder', async () => {
    const cookie = `nodescope-token-${port}=${token}`;
    for (const p of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fpackage.json', '/%E0%A4%A', '/a%00.js']) {
      const r = await rawRequest(port, { path: p, headers: { Host: host, Cookie: cookie } });
      expect([400, 404], p).toContain(r.status);
    }
    // Still serving after the malformed ones.
    expect((await rawRequest(port, { path: '/index.html', headers: { Host: host, Cookie: cookie } })).status).toBe(200);
  });
});

describe('nodescope serve command', () => {
  it('ingests the bundles named, prints the URL on its own line and stops on Ctrl-C', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-serve-cmd-'));
    const bundle = await writeHostileBundle(dir);
    process.env.NODESCOPE_UI_DIR = await buildRenderer();
    const db = openWorkspace(path.join(dir, 'w.db'));
    const out: string[] = [];
    const running = serveCommand.run({
      args: { positionals: [bundle], options: { port: '0' }, lists: {}, flags: new Set() },
      io: { stdout: (t) => out.push(t), stderr: (t) => out.push(t), stderrIsTty: false },
      db: () => db,
      json: false,
    });
    const url = await waitFor(() => out.join('').split('\n').find((l) => l.startsWith('http://')), running);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+#\/b\/1\/overview$/);
    process.emit('SIGINT');
    expect(await running).toBe(0);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('after an upgrade, lists the bundles at once and leaves their re-diagnosis to the engine pool, off its own thread', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-serve-stale-'));
    process.env.NODESCOPE_UI_DIR = await buildRenderer();
    const db = openWorkspace(path.join(dir, 'w.db'));
    const { id } = await ingestBundle(db, await writeHostileBundle(dir));
    db.prepare("UPDATE bundles SET rules_version = 'an older rule set'").run();
    const statements = recordStatements(db);
    const out: string[] = [];
    const running = serveCommand.run({
      args: { positionals: [], options: { port: '0' }, lists: {}, flags: new Set() },
      io: { stdout: (t) => out.push(t), stderr: (t) => out.push(t), stderrIsTty: false },
      db: () => {
        throw new Error('serve opened the workspace for use on its own thread (stale bundles re-diagnosed there)');
      },
      workspace: () => db,
      json: false,
    });
    const url = new URL(await waitFor(() => out.join('').split('\n').find((l) => l.startsWith('http://')), running));
    const listed = await fetch(new URL('/api/listBundles', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-nodescope-token': url.searchParams.get('token') ?? '' },
      body: '[]',
    });
    expect(((await listed.json()) as { value: { id: number }[] }).value.map((b) => b.id)).toEqual([id]);
    const version = db.prepare('SELECT rules_version AS v FROM bundles WHERE id = ?');
    await waitFor(() => ((version.get(id) as { v: string }).v === RULES_VERSION ? true : undefined), running);
    expect(statements.filter((s) => /findings/i.test(s))).toEqual([]);
    process.emit('SIGINT');
    expect(await running).toBe(0);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

async function waitFor<T>(probe: () => T | undefined, failure: Promise<unknown>): Promise<T> {
  let failed: unknown;
  failure.catch((e: unknown) => (failed = e));
  for (let i = 0; i < 500; i++) {
    if (failed) throw failed;
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out waiting');
}
