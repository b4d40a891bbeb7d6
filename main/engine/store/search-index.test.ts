import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tarball';
import { bytesRead, noThreadIo } from '../../../test/support/thread-io';
import { ingestBundle } from '../ingest';
import { diagnoseBundle } from '../rules';
import { countLogs } from '../search/api';
import { tailStats } from '../search/fts-scope';
import { catchUpSearchIndex, CRISIS_MERGE, createBundleIndex, HASH_SIZE, indexTableOf, SHARED_TABLE } from './search-index';
import { deleteBundleRows } from './staging';
import { openWorkspace, type Db } from './workspace';

/** A node's logs: `lines` kubelet lines, most of them failures the rules look up, in varied words. */
function nodeLogs(dir: string, name: string, lines: number): string {
  const root = path.join(dir, name);
  fs.mkdirSync(path.join(root, 'var', 'log'), { recursive: true });
  const words = ['failed', 'error', 'timeout', 'connection', 'refused', 'volume', 'mount', 'image', 'node', 'container'];
  const text = Array.from({ length: lines }, (_, i) => {
    const clock = `15:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    return `Nov 10 ${clock} ${name} kubelet[812]: E1110 pod_workers.go:1298] ${words[i % 10]} ${words[(i * 7) % 10]} syncing pod web-${i}, ${words[(i * 3) % 10]}: CrashLoopBackOff\n`;
  });
  fs.writeFileSync(path.join(root, 'var', 'log', 'syslog'), text.join(''));
  return root;
}

/** Bytes this thread reads while the rules diagnose `bundle` on a connection of its own (a cold SQLite cache). */
function bytesToDiagnose(file: string, bundle: number): number {
  const db = openWorkspace(file);
  try {
    const before = bytesRead() as number;
    diagnoseBundle(db, bundle);
    return (bytesRead() as number) - before;
  } finally {
    db.close();
  }
}

describe('the search index file', () => {
  it("gives each bundle's table the current merge limit and memory, also a table made with earlier ones (64 segments, 8 MiB)", async () => {
    const tmp = tempDir();
    try {
      const db = openWorkspace(path.join(tmp.dir, 'ws.db'));
      const id = (await ingestBundle(db, nodeLogs(tmp.dir, 'node-a', 10))).id;
      const setting = (k: string) => db.prepare(`SELECT v FROM search.log_fts_${id}_config WHERE k = ?`).pluck().get(k);
      expect([setting('crisismerge'), setting('hashsize')]).toEqual([CRISIS_MERGE, HASH_SIZE]);
      db.exec(`INSERT INTO search.log_fts_${id} (log_fts_${id}, rank) VALUES ('crisismerge', 64)`);
      db.exec(`INSERT INTO search.log_fts_${id} (log_fts_${id}, rank) VALUES ('hashsize', ${8 * 2 ** 20})`);
      createBundleIndex(db, 'search', id);
      expect([setting('crisismerge'), setting('hashsize')]).toEqual([CRISIS_MERGE, HASH_SIZE]);
      db.close();
    } finally {
      tmp.cleanup();
    }
  });

  it.skipIf(noThreadIo)(
    "reads only the bundle's own index for its rules: a small node next to three of 20,000 failing lines costs what it costs alone",
    async () => {
      const tmp = tempDir();
      try {
        const small = nodeLogs(tmp.dir, 'node-small', 300);
        const alone = path.join(tmp.dir, 'alone.db');
        const aloneDb = openWorkspace(alone);
        const aloneId = (await ingestBundle(aloneDb, small)).id;
        aloneDb.close();
        const crowded = path.join(tmp.dir, 'crowded.db');
        const crowdedDb = openWorkspace(crowded);
        for (const big of ['node-a', 'node-b', 'node-c']) await ingestBundle(crowdedDb, nodeLogs(tmp.dir, big, 20_000));
        const crowdedId = (await ingestBundle(crowdedDb, small)).id;
        crowdedDb.close();

        const readAlone = bytesToDiagnose(alone, aloneId);
        const readCrowded = bytesToDiagnose(crowded, crowdedId);
        // In one table shared by every bundle, each phrase the rules looked up read the other bundles'
        // segments near it: 0.74 MB instead of 0.19 MB here.
        expect(readCrowded).toBeLessThan(readAlone * 1.25 + 64 * 1024);
      } finally {
        tmp.cleanup();
      }
    },
  );

  it('still reads a bundle an earlier nodescope indexed into the shared table, indexes it anew if that was left halfway, and deletes its rows with the bundle', async () => {
    const tmp = tempDir();
    try {
      const db: Db = openWorkspace(path.join(tmp.dir, 'ws.db'));
      const id = (await ingestBundle(db, nodeLogs(tmp.dir, 'node-a', 500))).id;
      const range = db.prepare('SELECT log_first AS first, log_last AS last FROM bundles WHERE id = ?').get(id) as { first: number; last: number };
      const query = { bundle: id, text: 'CrashLoopBackOff' };
      const expected = countLogs(db, query);
      expect(expected.total).toBe(500);
      // As an earlier nodescope left it: the bundle's lines in the shared table, none of its own.
      db.exec(`DROP TABLE search.log_fts_${id};
        CREATE VIRTUAL TABLE search.${SHARED_TABLE} USING fts5(source, line, content='', contentless_delete=1);
        INSERT INTO search.${SHARED_TABLE} (rowid, source, line) SELECT id, source, nodescope_search_text(text, msg) FROM log_lines;`);
      expect(indexTableOf(db, id)).toBe(SHARED_TABLE);
      tailStats.rows = 0;
      expect(countLogs(db, query)).toEqual(expected);
      expect(tailStats.rows).toBe(0);

      // Half indexed there when that nodescope stopped: opening the workspace indexes it anew, into its own table.
      db.prepare('UPDATE search.fts_progress SET indexed_to = ? WHERE bundle_id = ?').run(range.first + 250, id);
      expect(catchUpSearchIndex(db)).toBe(500);
      expect(indexTableOf(db, id)).toBe(`log_fts_${id}`);
      expect(db.prepare(`SELECT count(*) FROM search.${SHARED_TABLE} WHERE rowid BETWEEN ? AND ?`).pluck().get(range.first, range.last)).toBe(0);
      tailStats.rows = 0;
      expect(countLogs(db, query)).toEqual(expected);
      expect(tailStats.rows).toBe(0);

      deleteBundleRows(db, id);
      const left = db.prepare(`SELECT count(*) FROM search.${SHARED_TABLE} WHERE rowid BETWEEN ? AND ?`).pluck().get(range.first, range.last);
      expect(left).toBe(0);
      db.close();
    } finally {
      tmp.cleanup();
    }
  });

  it("drops a deleted bundle's table, and a table left under a new bundle's id is not read as its index", async () => {
    const tmp = tempDir();
    try {
      const db = openWorkspace(path.join(tmp.dir, 'ws.db'));
      const first = (await ingestBundle(db, nodeLogs(tmp.dir, 'node-a', 50))).id;
      deleteBundleRows(db, first);
      expect(indexTableOf(db, first)).toBeNull();
      // As an index file copied back from a backup would hold it: rows under the next bundle's id and lines.
      const next = (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'bundles'").pluck().get() as number) + 1;
      const nextLine = ((db.prepare('SELECT max(id) FROM log_lines').pluck().get() as number | null) ?? 0) + 1;
      createBundleIndex(db, 'search', next);
      db.prepare(`INSERT INTO search.log_fts_${next} (rowid, source, line) VALUES (?, 'syslog', 'stale zebra line')`).run(nextLine);
      const again = (await ingestBundle(db, nodeLogs(tmp.dir, 'node-b', 20))).id;
      expect(again).toBe(next);
      expect(countLogs(db, { bundle: again, text: 'CrashLoopBackOff' }).total).toBe(20);
      expect(countLogs(db, { bundle: again, text: 'zebra' }).total).toBe(0);
      db.close();
    } finally {
      tmp.cleanup();
    }
  });
});
