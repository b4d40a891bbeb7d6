import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openEngine } from '../../main/engine';
import { bundlesApi } from '../../main/engine/library/api';
import { openWorkspace } from '../../main/engine/store/workspace';
import { nodescope, nodescopeAsync } from '../support/cli';
import { tempDir, writeTar } from '../support/tarball';

let tmp: ReturnType<typeof tempDir>;
let bundle: string;

beforeAll(async () => {
  tmp = tempDir();
  const line = (i: number) => `2026-11-05T09:50:27.${String(i % 1e6).padStart(6, '0')}+0000 node1 kubelet[1]: I1105 09:50:27.000000 1 kubelet.go:1] line ${i} of a long journal\n`;
  const file = (n: number) => Array.from({ length: 40_000 }, (_, i) => line(n * 40_000 + i)).join('');
  bundle = await writeTar(
    path.join(tmp.dir, 'big.tar.gz'),
    Array.from({ length: 30 }, (_, n) => ({ name: `logs/journal/unit${n}.log`, content: file(n) })),
  );
});
afterAll(() => tmp.cleanup());

const count = (db: Database.Database, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

it('an ingest killed midway (SIGKILL) leaves an intact workspace that shows nothing of the bundle', async () => {
  const db = path.join(tmp.dir, 'ws.db');
  openWorkspace(db).close();
  const child = nodescopeAsync(['ingest', bundle, '--db', db]);
  // Wait until the ingest has committed part of its stage, then kill it hard.
  const watcher = new Database(db, { readonly: true });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && count(watcher, 'log_lines') === 0) await new Promise((r) => setTimeout(r, 20));
  watcher.close();
  expect(child.exitCode).toBeNull();
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));

  // As it was left: sound, and no reader sees the stage.
  const left = openWorkspace(db);
  expect(left.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(count(left, 'log_lines')).toBeGreaterThan(0);
  expect(await bundlesApi(left).listBundles()).toEqual([]);
  left.close();

  // The next open removes the stage entirely.
  const ws = openEngine(db);
  expect(ws.pragma('integrity_check', { simple: true })).toBe('ok');
  for (const table of ['bundles', 'artifacts', 'artifact_chunks', 'log_lines', 'findings', 'facts']) expect(count(ws, table)).toBe(0);
  // The killed bundle's full-text table went with it.
  expect(ws.prepare("SELECT count(*) AS n FROM search.sqlite_master WHERE name GLOB 'log_fts*'").get()).toEqual({ n: 0 });
  ws.close();

  const again = nodescope(['ingest', bundle, '--json', '--db', db]);
  expect(again.status).toBe(0);
  const fresh = JSON.parse(again.stdout).bundles[0];
  expect(fresh).toMatchObject({ status: 'new', incomplete: false });
  // Ids are never reused: the killed stage had one, the new bundle has the next.
  expect(fresh.id).toBe(2);
  expect(JSON.parse(nodescope(['search', String(fresh.id), 'long', 'journal', '--limit', '3', '--json', '--db', db]).stdout)).toHaveLength(3);
  // Two ingests of 120 MB of journal: minutes on a loaded 2-core machine, not a timing assertion.
}, 240_000);
