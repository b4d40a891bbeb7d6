import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTar } from '../../../test/support/tarball';
import { bytesWritten, noThreadIo } from '../../../test/support/thread-io';
import { useTempWorkspace } from '../../../test/support/workspace';
import { CRISIS_MERGE, prepareSearchConnection } from '../store/search-index';
import { registerSearchText } from '../store/search-text';
import type { Db } from '../store/workspace';
import { ingestBundle } from './index';
import { SLICE_LINES, SliceIndexer } from './index-slices';

/**
 * The index worker's slices, on a connection of its own as in the worker: a kubelet journal of
 * 65,536 lines of about 300 bytes, one slice.
 */
let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));
let index: Database.Database | null = null;
afterEach(() => index?.close());

async function journalOfOneSlice(): Promise<{ bundleId: number; first: number; last: number; indexer: SliceIndexer }> {
  const r = await ingestBundle(db, await writeTar(path.join(dir, 'b.tar.gz'), [{ name: 'node/journal/kubelet.txt', content: 'start\n' }]));
  const artifactId = db.prepare('SELECT id FROM artifacts WHERE bundle_id = ?').pluck().get(r.id) as number;
  const first = (db.prepare('SELECT max(id) FROM log_lines').pluck().get() as number) + 1;
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${SLICE_LINES - 1})
     INSERT INTO log_lines (bundle_id, artifact_id, line, source, text)
     SELECT ?, ?, i + 2, 'kubelet', 'E1105 10:00:00.000000    2101 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \"StartContainer\" for \"app\" with CrashLoopBackOff: \"back-off 5m0s restarting failed container=app pod=web-' || i || '_default(0b7c1a52-1d6e-4b0c-9c33-5f3e2a7d9e11)\"" pod="default/web-' || i || '" podUID="0b7c1a52-1d6e-4b0c-9c33-5f3e2a7d9e11"' FROM n`,
  ).run(r.id, artifactId);
  index = new Database(path.join(dir, 'ws.db-search'));
  prepareSearchConnection(index);
  registerSearchText(index);
  index.prepare('ATTACH DATABASE ? AS ws').run(db.name);
  return { bundleId: r.id, first, last: first + SLICE_LINES - 1, indexer: new SliceIndexer(index, r.id) };
}

describe("the index worker's slices", () => {
  it.skipIf(noThreadIo)(
    `take the lines that fit their cache, so none goes through a temporary file: a kubelet journal of 65,536 lines (20 MB) is two slices; copied as one, it wrote 24 MB to one ${noThreadIo}`,
    async () => {
      const { first, last, indexer } = await journalOfOneSlice();
      let before = bytesWritten() as number;
      const to = indexer.copyFitting(first, last);
      expect(bytesWritten() as number).toBeLessThan(before + 2 ** 20);
      const copied = index?.prepare('SELECT count(*) FROM temp.slice').pluck().get() as number;
      expect(copied).toBe(to - first + 1);
      expect([copied >= SLICE_LINES / 4, copied < SLICE_LINES]).toEqual([true, true]);

      index?.exec('DELETE FROM temp.slice');
      before = bytesWritten() as number;
      indexer.copySlice(first, last);
      expect(bytesWritten() as number).toBeGreaterThan(before + 16 * 2 ** 20);
    },
  );

  it('index a range slice by slice, each as large as fits, until its last line', async () => {
    const { bundleId, first, last, indexer } = await journalOfOneSlice();
    const ends: number[] = [];
    for (let next = first; next <= last; next = ends.at(-1)! + 1) ends.push(indexer.indexFrom(next, last));
    expect(ends.length).toBe(2);
    expect(ends.at(-1)).toBe(last);
    expect(index?.prepare(`SELECT count(*) FROM log_fts_${bundleId} WHERE log_fts_${bundleId} MATCH '"Error syncing pod"'`).pluck().get()).toBe(SLICE_LINES);
    expect(index?.prepare('SELECT indexed_to FROM main.fts_progress WHERE bundle_id = ?').pluck().get(bundleId)).toBe(last);
  });

  it('index every line of the slice and mark the bundle indexed up to its last', async () => {
    const { bundleId, first, last, indexer } = await journalOfOneSlice();
    indexer.indexSlice(first, last);
    const match = (q: string) => index?.prepare(`SELECT count(*) FROM log_fts_${bundleId} WHERE log_fts_${bundleId} MATCH ? AND rowid BETWEEN ? AND ?`).pluck().get(q, first, last);
    expect(match('"Error syncing pod"')).toBe(SLICE_LINES);
    expect(match('"web-65535"')).toBe(1);
    expect(index?.prepare('SELECT count(*) FROM temp.slice').pluck().get()).toBe(0);
    expect(index?.prepare('SELECT indexed_to FROM main.fts_progress WHERE bundle_id = ?').pluck().get(bundleId)).toBe(last);
  });

  it("are not merged while a bundle is indexed: a 1 GiB bundle's 209 segments stay apart (merging 64 at a time doubled its index work), and merge at the limit", async () => {
    const { bundleId, first, indexer } = await journalOfOneSlice();
    // FTS5 numbers its data rows (segment id << 37) + page; rows 1 and 10 hold its averages and structure.
    const segments = () => index?.prepare(`SELECT count(DISTINCT id >> 37) FROM log_fts_${bundleId}_data WHERE id > 10`).pluck().get() as number;
    let next = first;
    // Slices until `count` segments, or as many slices as that (a merge would keep the count below).
    const indexUntil = (count: number) => {
      for (let s = segments(); s < count && next < first + 10 * count; s = segments()) {
        indexer.indexSlice(next, next + 9);
        next += 10;
      }
    };
    indexUntil(209);
    expect(segments()).toBe(209);
    indexUntil(CRISIS_MERGE - 1);
    expect(segments()).toBe(CRISIS_MERGE - 1);
    indexer.indexSlice(next, next + 9);
    expect(segments()).toBe(1);
  });
});
