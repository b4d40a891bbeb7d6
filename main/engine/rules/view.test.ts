import { describe, expect, it } from 'vitest';
import { journal, log, workspaceWith } from '../../../test/cases/harness';
import type { Db } from '../store/workspace';
import { BundleView } from './view';

const OOM = { phrase: 'out of memory', pattern: /Out of memory: Killed process (\d+)/ };

describe('a bundle view over a partial full-text index (the first pass of the ingest’s rules)', () => {
  it('marks provisional what a search that did not fill its cap gave, and every memo made from it, each time it is read', () => {
    const { db, bundleId } = workspaceWith({ files: [journal('kernel', 'Out of memory: Killed process 42 (app)', 'eth0: link up')] });
    try {
      const { last } = db.prepare('SELECT max(id) AS last FROM log_lines WHERE bundle_id = ?').get(bundleId) as { last: number };
      const view = new BundleView(db, bundleId, { complete: false, indexedTo: last });
      expect(view.takeProvisional()).toBe(false);
      const killed = () => view.memo('killed', () => view.searchLogs(OOM).map((h) => h.match[1]));
      expect(killed()).toEqual(['42']);
      expect(view.takeProvisional()).toBe(true);
      // Another rule reading the memo made from it is provisional too.
      expect(killed()).toEqual(['42']);
      expect(view.takeProvisional()).toBe(true);
      expect(view.memo('other', () => 1)).toBe(1);
      expect(view.takeProvisional()).toBe(false);
      // Over the whole index the same search is final.
      const complete = new BundleView(db, bundleId);
      expect(complete.searchLogs(OOM).map((h) => h.match[1])).toEqual(['42']);
      expect(complete.takeProvisional()).toBe(false);
    } finally {
      db.close();
    }
  });
});

describe('the second pass of the ingest\'s rules (a fresh view once the index is complete)', () => {
  it('gets what the first read of the artifacts alone, and reads again whatever came of a log search', () => {
    const { db, bundleId } = workspaceWith({ files: [journal('kernel', 'Out of memory: Killed process 42 (app)')] });
    try {
      const { last } = db.prepare('SELECT max(id) AS last FROM log_lines WHERE bundle_id = ?').get(bundleId) as { last: number };
      const first = new BundleView(db, bundleId, { complete: false, indexedTo: last });
      let parses = 0;
      const listing = (v: BundleView) => v.memo('listing', () => ++parses);
      const killed = (v: BundleView) => v.memo('killed', () => v.searchLogs(OOM).length);
      // Built on a memo of a search, without a search of its own: still made of one.
      const onKilled = (v: BundleView) => v.memo('on-killed', () => killed(v) + 1);
      listing(first);
      killed(first);
      onKilled(first);
      const reads = first.artifactReads();
      expect(reads.memos.has('listing')).toBe(true);
      expect(reads.memos.has('killed') || reads.memos.has('on-killed')).toBe(false);
      const second = new BundleView(db, bundleId, { complete: true }, first.finalSearches(), reads);
      expect(listing(second)).toBe(1);
      expect(parses).toBe(1);
      expect(onKilled(second)).toBe(2);
    } finally {
      db.close();
    }
  });
});

/** Counts the artifact rows the connection's statements return, from this point on. */
function countArtifactRows(db: Db): { rows: number } {
  const counter = { rows: 0 };
  const prepare = db.prepare.bind(db);
  (db as { prepare: unknown }).prepare = (sql: string) => {
    const stmt = prepare(sql);
    if (!/FROM artifacts\b/.test(sql)) return stmt;
    for (const m of ['get', 'all'] as const) {
      const original = (stmt[m] as (...a: unknown[]) => unknown).bind(stmt);
      (stmt as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
        const r = original(...a);
        counter.rows += Array.isArray(r) ? r.length : r === undefined ? 0 : 1;
        return r;
      };
    }
    return stmt;
  };
  return counter;
}

describe("a bundle view over a node's thousands of log files", () => {
  it('reads the names of the files its hits are in, not of every file in the bundle', () => {
    const quiet = Array.from({ length: 2000 }, (_, i) => log(`var/log/pods/default_web-${i}/app/0.log`, 'pod-log', `2026-12-01T10:00:00Z stdout F request ${i} served\n`));
    const oom = [7, 8, 9].map((n) => journal(`kernel-${n}`, `Out of memory: Killed process ${n} (app)`));
    const { db, bundleId } = workspaceWith({ files: [...quiet, ...oom] });
    try {
      const rows = countArtifactRows(db);
      const hits = new BundleView(db, bundleId).searchLogs(OOM);
      expect(hits.map((h) => h.match[1]).sort()).toEqual(['7', '8', '9']);
      expect(hits.map((h) => h.path).sort()).toEqual(oom.map((f) => f.path));
      expect(rows.rows).toBeLessThanOrEqual(3);
    } finally {
      db.close();
    }
  });
});
