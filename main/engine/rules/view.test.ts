import { describe, expect, it } from 'vitest';
import { journal, workspaceWith } from '../../../test/cases/harness';
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
