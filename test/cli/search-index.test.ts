import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogQuery } from '../../shared/api';
import { countLogs, searchLogs } from '../../main/engine/search/api';
import { indexedTo } from '../../main/engine/store/search-index';
import { openWorkspace, type Db } from '../../main/engine/store/workspace';
import { kubeletJournal } from '../fixtures/logs/kubelet-journal';
import { nodescope } from '../support/cli';
import { tempDir, writeTar } from '../support/tarball';

/**
 * The compiled CLI builds the full-text index on a worker thread into the index file: every line of
 * the bundle must be there, under its own id, with its own source, so the index answers exactly what
 * a scan of the stored lines answers (the scan is forced by dropping the bundle's progress mark).
 */
let tmp: ReturnType<typeof tempDir>;
let db: Db;
let id: number;

const QUERIES: Omit<LogQuery, 'bundle'>[] = [
  { text: 'kubenswrapper' },
  { text: 'kubelet' },
  { text: 'Crash' },
  { text: '"Probe failed"' },
  { text: 'unit3' },
  { text: 'syslog' },
  { text: 'E1110 -probe' },
  { text: 'probe OR oom', order: 'desc' },
];

function answers(ws: Db): unknown[] {
  return QUERIES.map((q) => ({
    count: countLogs(ws, { ...q, bundle: id }),
    ids: searchLogs(ws, { ...q, bundle: id, limit: 100_000 }).lines.map((l) => `${l.id} ${l.source} ${l.artifact}:${l.line}`),
  }));
}

beforeAll(async () => {
  tmp = tempDir();
  // Many files of one source each and one of many sources (journal units), blank lines between some.
  const files = Array.from({ length: 12 }, (_, n) => ({ name: `logs/pods/unit${n}.log`, content: `unit${n} starts\n\n${kubeletJournal(300 + n * 50)}` }));
  files.push({ name: 'logs/syslog', content: kubeletJournal(2000).replaceAll('kubenswrapper', 'syslog kubenswrapper') });
  const bundle = await writeTar(path.join(tmp.dir, 'b.tar.gz'), files);
  const file = path.join(tmp.dir, 'ws.db');
  const r = nodescope(['ingest', bundle, '--json', '--db', file]);
  expect(r.status, r.stderr).toBe(0);
  id = JSON.parse(r.stdout).bundles[0].id;
  db = openWorkspace(file);
});
afterAll(() => {
  db?.close();
  tmp?.cleanup();
});

describe('the index the ingest worker builds', () => {
  it('holds every line of the bundle, and answers as a scan of the stored lines does', () => {
    const b = db.prepare('SELECT log_first, log_last FROM bundles WHERE id = ?').get(id) as { log_first: number; log_last: number };
    expect(indexedTo(db, id)).toBe(b.log_last);
    const indexed = answers(db);
    expect((indexed[0] as { count: { total: number } }).count.total).toBeGreaterThan(1000);
    expect((indexed[4] as { count: { total: number } }).count.total).toBeGreaterThan(0);
    db.prepare('DELETE FROM search.fts_progress WHERE bundle_id = ?').run(id);
    expect(answers(db)).toEqual(indexed);
  });
});
