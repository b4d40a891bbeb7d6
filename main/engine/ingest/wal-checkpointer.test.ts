import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tarball';

/**
 * The copying thread runs from the compiled worker script (test/global-setup.ts builds dist/), so it
 * is driven by a child process on dist/, as the CLI runs it.
 */
const REPO = path.resolve(__dirname, '..', '..', '..');
const dist = (m: string) => JSON.stringify(path.join(REPO, 'dist', 'main', 'engine', m));

const tmp = tempDir('nodescope-checkpoint-');
afterAll(tmp.cleanup);

/**
 * 64 commits of 1 MB each, as an ingest commits its stage, with the checkpointer told of each; a log
 * under `youngMB` is left as it is (the default when null).
 */
function writeThroughCheckpointer(file: string, youngMB: number | null): { during: number; after: number; before: number; maxWalMB: number; dbMB: number; rows: number } {
  const script = `
const fs = require('node:fs');
const crypto = require('node:crypto');
const { openWorkspace } = require(${dist('store/workspace.js')});
const { walCheckpointer } = require(${dist('ingest/wal-checkpointer.js')});
const file = ${JSON.stringify(file)};
const db = openWorkspace(file);
db.exec('CREATE TABLE scratch (data BLOB)');
const before = db.pragma('wal_autocheckpoint', { simple: true });
const insert = db.prepare('INSERT INTO scratch (data) VALUES (?)');
(async () => {
  const checkpoints = walCheckpointer(db, ...${youngMB === null ? '[]' : `[${youngMB} * 2 ** 20]`});
  const during = db.pragma('wal_autocheckpoint', { simple: true });
  let maxWal = 0;
  for (let i = 0; i < 64; i++) {
    db.exec('BEGIN');
    for (let k = 0; k < 16; k++) insert.run(crypto.randomBytes(65536));
    db.exec('COMMIT');
    checkpoints.committed();
    maxWal = Math.max(maxWal, fs.statSync(file + '-wal').size);
    await null;
  }
  await checkpoints.close();
  const after = db.pragma('wal_autocheckpoint', { simple: true });
  const rows = db.prepare('SELECT count(*) FROM scratch').pluck().get();
  process.stdout.write(JSON.stringify({ before, during, after, maxWalMB: maxWal / 2 ** 20, dbMB: fs.statSync(file).size / 2 ** 20, rows }));
})();`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000, cwd: REPO });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

type Written = ReturnType<typeof writeThroughCheckpointer>;

/** Every commit is in, and the ingest's own commits copy again once the checkpointer is closed (not while it runs). */
function expectCopyingGivenBack(result: Written, seen: string): void {
  expect(result.during, seen).toBe(0);
  expect(result.after, seen).toBe(result.before);
  expect(result.rows, seen).toBe(1024);
}

describe('the write-ahead log copied into the workspace by a thread of its own during an ingest', () => {
  it('copies a long ingest\'s commits into the database once the log is past its young size, starting the log again every few MB, and gives the copying back after', () => {
    const youngMB = 4;
    const result = writeThroughCheckpointer(path.join(tmp.dir, 'ws.db'), youngMB);
    const seen = JSON.stringify(result);
    expectCopyingGivenBack(result, seen);
    // Every commit reached the database file itself, the last ones copied when the thread was closed.
    expect(result.dbMB, seen).toBeGreaterThan(64);
    // The log started again from its beginning once past its young size: a copy that only raced the
    // commits left it growing with every one of them (64 MB here).
    expect(result.maxWalMB, seen).toBeLessThan(youngMB + 40);
  });

  it('leaves the log of a small bundle (64 MB of commits) as it is during the ingest: nothing is copied before its findings', () => {
    const result = writeThroughCheckpointer(path.join(tmp.dir, 'small.db'), null);
    const seen = JSON.stringify(result);
    expectCopyingGivenBack(result, seen);
    expect(result.dbMB, seen).toBeLessThan(1);
    expect(result.maxWalMB, seen).toBeGreaterThan(64);
  });
});
