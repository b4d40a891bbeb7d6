import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
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

it('an ingest killed midway (SIGKILL) leaves an intact workspace with no trace of the bundle', async () => {
  const db = path.join(tmp.dir, 'ws.db');
  nodescope(['ingest', '--db', db, path.join(tmp.dir, 'missing')]); // creates the schema
  const child = nodescopeAsync(['ingest', bundle, '--db', db]);
  // Wait until the ingest has written into the write-ahead log, then kill it hard.
  const wal = `${db}-wal`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !(fs.existsSync(wal) && fs.statSync(wal).size > 4 << 20)) {
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(child.exitCode).toBeNull();
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));

  const ws = new Database(db);
  expect(ws.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(ws.prepare('SELECT count(*) AS n FROM bundles').get()).toEqual({ n: 0 });
  expect(ws.prepare('SELECT count(*) AS n FROM artifacts').get()).toEqual({ n: 0 });
  expect(ws.prepare('SELECT count(*) AS n FROM log_lines').get()).toEqual({ n: 0 });
  ws.close();

  const again = nodescope(['ingest', bundle, '--json', '--db', db]);
  expect(again.status).toBe(0);
  expect(JSON.parse(again.stdout).bundles[0]).toMatchObject({ status: 'new', incomplete: false });
});
