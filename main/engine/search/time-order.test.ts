import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogLine, LogQuery } from '../../../shared/api';
import { NODE_OF_THREE, writeNodeOfThreeFiles, writeNodeWithClockSteps } from '../../../test/fixtures/logs/node-of-three-files';
import { hasSharedFixtures, sharedFixture, sharedSkipReason } from '../../../test/support/shared-fixtures';
import { tempDir } from '../../../test/support/tarball';
import { useTempWorkspace } from '../../../test/support/workspace';
import { ingestBundle } from '../ingest';
import { openWorkspace, type Db } from '../store/workspace';
import { countLogs, searchLogs } from './api';
import { logTimesStats } from './bundle-files';
import { matchingIdsStats, searchLimits } from './matching-ids';
import { timeOrderStats } from './time-order';

/**
 * The Logs view opened on a must-gather showed a ConfigMap's YAML: lines came in the order the files
 * were read. An operator opening the logs of a node wants them as lnav shows a folder of logs: every
 * log's lines merged by time; the text files (YAML, command outputs) out of the way but reachable.
 */

let db: Db;
let dir: string;
let bundle: number;
useTempWorkspace((ws) => ({ db, dir } = ws), 'whole file');
beforeAll(async () => {
  bundle = (await ingestBundle(db, writeNodeOfThreeFiles(dir))).id;
});

/** A workspace of its own holding one bundle, for one test: `use` gets it, the bundle's id and its folder. */
async function withIngested(write: (dir: string) => string, use: (ws: Db, id: number, dir: string) => void): Promise<void> {
  const t = tempDir();
  const ws = openWorkspace(path.join(t.dir, 'ws.db'));
  try {
    use(ws, (await ingestBundle(ws, write(t.dir))).id, t.dir);
  } finally {
    ws.close();
    t.cleanup();
  }
}

/** Every line of a query, page by page (`limit` a page), following each page's `next`. */
function allPages(q: LogQuery, ws: Db = db): LogLine[] {
  const lines: LogLine[] = [];
  let after: number | undefined;
  for (let n = 0; n < 10_000; n++) {
    const page = searchLogs(ws, { ...q, after });
    lines.push(...page.lines);
    if (page.next === null) return lines;
    after = page.next;
  }
  throw new Error('more than 10,000 pages');
}

const where = (l: LogLine): string => `${l.artifact}:${l.line}`;
const timeOf = (l: LogLine): number => Date.parse(l.time ?? '');

/** Each file's lines of `lines`, in the order they come. */
function perFile(lines: LogLine[]): Map<string, number[]> {
  const files = new Map<string, number[]>();
  for (const l of lines) files.set(l.artifact, [...(files.get(l.artifact) ?? []), l.line]);
  return files;
}

/**
 * True when the lines come in time order, each file in its own: a line's time counted as the latest
 * time of its file so far (a log whose clock steps back keeps its own order), and a file's lines
 * before its first time (a journal's "-- Logs begin at" banners) at that first time.
 */
function inTimeOrder(lines: LogLine[]): boolean {
  const latest = new Map<string, number>();
  for (const l of lines) if (l.time !== null && !latest.has(l.artifact)) latest.set(l.artifact, timeOf(l));
  let last = -Infinity;
  for (const l of lines) {
    const t = Math.max(latest.get(l.artifact) ?? -Infinity, l.time === null ? -Infinity : timeOf(l));
    latest.set(l.artifact, t);
    if (t < last) return false;
    last = t;
  }
  return true;
}

describe('the Logs view: logs merged by time, text files after them', () => {
  it('opens on the earliest log lines, syslog and klog interleaved by time, not on the YAML read first', () => {
    const page = searchLogs(db, { bundle, files: 'logs', limit: 6 });
    expect(page.lines.map(where)).toEqual([
      `${NODE_OF_THREE.syslog}:1`,
      `${NODE_OF_THREE.klog}:1`,
      `${NODE_OF_THREE.syslog}:2`,
      `${NODE_OF_THREE.klog}:2`,
      `${NODE_OF_THREE.syslog}:3`,
      `${NODE_OF_THREE.klog}:3`,
    ]);
    expect(page.lines[0].time).toBe('2026-11-05T09:00:00.000Z');
  });

  it('pages through every log line once, in time order, each file in its own order, both ways', () => {
    const count = countLogs(db, { bundle, files: 'logs' }).total;
    expect(count).toBe(2 * NODE_OF_THREE.entries + NODE_OF_THREE.entries / 10);
    const asc = allPages({ bundle, files: 'logs', limit: 7 });
    expect(asc).toHaveLength(count);
    expect(new Set(asc.map((l) => l.id)).size).toBe(count);
    expect(inTimeOrder(asc)).toBe(true);
    for (const [file, lines] of perFile(asc)) expect(lines, file).toEqual([...lines].sort((a, b) => a - b));
    // The dumps stay under their entry.
    const dump = asc.findIndex((l) => l.text.endsWith('\tgoroutine 9 [running]:'));
    expect(asc[dump - 1].text).toMatch(/I1105 09:00:19\.000000 .*config=9$/);
    const desc = allPages({ bundle, files: 'logs', limit: 11, order: 'desc' });
    expect(desc.map((l) => l.id)).toEqual(asc.map((l) => l.id).reverse());
  });

  it('puts the text files after the logs (all), or alone (text), in file order', () => {
    const all = allPages({ bundle, limit: 50 });
    const logs = allPages({ bundle, files: 'logs', limit: 500 });
    const text = allPages({ bundle, files: 'text', limit: 13 });
    expect(text.map(where)).toEqual(Array.from({ length: 40 }, (_, i) => `${NODE_OF_THREE.yaml}:${i + 1}`));
    expect(all.map((l) => l.id)).toEqual([...logs, ...text].map((l) => l.id));
    expect(countLogs(db, { bundle }).total).toBe(all.length);
    expect(countLogs(db, { bundle, files: 'text' }).total).toBe(text.length);
    expect(allPages({ bundle, limit: 50, order: 'desc' }).map((l) => l.id)).toEqual(all.map((l) => l.id).reverse());
  });

  it('searches in the same order: matching log lines by time, then the YAML', () => {
    const hits = allPages({ bundle, text: 'probe', limit: 2 });
    // Each log mentions it six times, the syslog before the pod each time; the YAML once.
    const alternating = Array.from({ length: 6 }, () => [NODE_OF_THREE.syslog, NODE_OF_THREE.klog]).flat();
    expect(hits.map((l) => l.artifact)).toEqual([...alternating, NODE_OF_THREE.yaml]);
    expect(inTimeOrder(hits.slice(0, -1))).toBe(true);
    expect(hits).toHaveLength(countLogs(db, { bundle, text: 'probe' }).total);
  });

  it('lists a search with more matches than are merged by time file by file, saying so, every match once, both ways', () => {
    const bound = searchLimits.timeOrderedMatches;
    searchLimits.timeOrderedMatches = 5;
    try {
      const byTime = allPages({ bundle, text: 'probe', limit: 1000 });
      expect(byTime.length).toBeGreaterThan(5);
      const again = openWorkspace(path.join(dir, 'ws.db'));
      try {
        matchingIdsStats.ids = 0;
        const first = searchLogs(again, { bundle, text: 'probe', limit: 3 });
        expect(first.inFileOrder).toBe(true);
        // The pass over the index stops past the bound: a search of a million matches reads six.
        expect(matchingIdsStats.ids).toBe(6);
        const byFile = allPages({ bundle, text: 'probe', limit: 3 }, again);
        expect(byFile.map((l) => l.id)).toEqual([...byTime.map((l) => l.id)].sort((a, b) => a - b));
        expect(allPages({ bundle, text: 'probe', limit: 4, order: 'desc' }, again).map((l) => l.id)).toEqual(byFile.map((l) => l.id).reverse());
        expect(allPages({ bundle, text: 'probe', files: 'logs', limit: 2 }, again).map((l) => l.artifact)).not.toContain(NODE_OF_THREE.yaml);
        expect(searchLogs(again, { bundle, text: 'probe', at: byFile[4].id, limit: 1 }).lines[0].id).toBe(byFile[4].id);
      } finally {
        again.close();
      }
    } finally {
      searchLimits.timeOrderedMatches = bound;
    }
  });

  it('starts at a line (a link, the scroll position) and within a time range', () => {
    const logs = allPages({ bundle, files: 'logs', limit: 500 });
    const middle = logs[101];
    expect(searchLogs(db, { bundle, files: 'logs', at: middle.id, limit: 3 }).lines).toEqual(logs.slice(101, 104));
    expect(searchLogs(db, { bundle, files: 'logs', at: middle.id, limit: 3, order: 'desc' }).lines).toEqual(logs.slice(99, 102).reverse());
    const from = '2026-11-05T09:02:00Z';
    const to = '2026-11-05T09:02:09Z';
    const ranged = allPages({ bundle, files: 'logs', from, to, limit: 4 });
    expect(ranged.map((l) => l.time)).toEqual(Array.from({ length: 10 }, (_, i) => new Date(Date.parse(from) + i * 1000).toISOString()));
  });

  it('reads rows near the page, not the whole bundle: a page from the middle costs a binary search per log', () => {
    const logs = allPages({ bundle, files: 'logs', limit: 500 });
    timeOrderStats.probes = 0;
    timeOrderStats.rows = 0;
    searchLogs(db, { bundle, files: 'logs', after: logs[200].id, limit: 10 });
    // One log is read from the cursor on; the other is found in about log2(165) rows; each is read
    // a few rows at a time, then more as the page takes them.
    expect(timeOrderStats.probes).toBeLessThanOrEqual(Math.ceil(Math.log2(NODE_OF_THREE.entries * 1.1)) + 2);
    expect(timeOrderStats.rows).toBeLessThanOrEqual(4 * 11);
  });
});

describe("the bundle's file listing", () => {
  it('reads every artifact row through a small page cache, once per connection, and gives the connection its cache back', () => {
    // A second connection: the first one has its listing already.
    const reader = openWorkspace(path.join(dir, 'ws.db'));
    try {
      const usual = reader.pragma('cache_size', { simple: true });
      const set: string[] = [];
      const pragma = reader.pragma.bind(reader);
      reader.pragma = ((source: string, options?: Parameters<Db['pragma']>[1]) => {
        if (source.startsWith('cache_size =')) set.push(source);
        return pragma(source, options);
      }) as Db['pragma'];
      searchLogs(reader, { bundle, files: 'logs', limit: 5 });
      searchLogs(reader, { bundle, files: 'logs', limit: 5 });
      expect(set).toEqual(['cache_size = -2048', `cache_size = ${usual}`]);
      expect(reader.pragma('cache_size', { simple: true })).toBe(usual);
    } finally {
      reader.close();
    }
  });
});

describe("each log's times, summed up at ingest", () => {
  it('places every log without reading its lines again, and a workspace from before (no summary) pages the same', async () => {
    const again = openWorkspace(path.join(dir, 'ws.db'));
    try {
      // Each artifact's first and last line ids, kept at ingest, are those of its lines.
      const ids = again
        .prepare(
          `SELECT a.log_first_id AS kept_first, a.log_last_id AS kept_last, min(l.id) AS first, max(l.id) AS last
             FROM artifacts a JOIN log_lines l ON l.artifact_id = a.id WHERE a.bundle_id = ? GROUP BY a.id`,
        )
        .all(bundle) as { kept_first: number; kept_last: number; first: number; last: number }[];
      expect(ids.length).toBeGreaterThan(2);
      for (const a of ids) expect([a.kept_first, a.kept_last]).toEqual([a.first, a.last]);
      logTimesStats.linesRead = 0;
      const whole = allPages({ bundle, files: 'all', limit: 7 }, again);
      expect(inTimeOrder(whole.filter((l) => l.time !== null))).toBe(true);
      expect(logTimesStats.linesRead).toBe(0);

      again.prepare('UPDATE artifacts SET log_first_ts = NULL, log_max_ts = NULL, log_steps_back = NULL WHERE bundle_id = ?').run(bundle);
      const before = openWorkspace(path.join(dir, 'ws.db'));
      try {
        expect(allPages({ bundle, files: 'all', limit: 7 }, before).map((l) => l.id)).toEqual(whole.map((l) => l.id));
        expect(logTimesStats.linesRead).toBeGreaterThan(0);
      } finally {
        before.close();
      }
    } finally {
      again.close();
    }
  });

  it("places a log whose clock steps back by its blocks' latest times kept at ingest; before them, reads that log's times, and only its", () =>
    withIngested(writeNodeWithClockSteps, (ws, id, folder) => {
      const stepping = ws.prepare('SELECT coalesce(sum(line_count), 0) FROM artifacts WHERE bundle_id = ? AND log_steps_back = 1').pluck().get(id) as number;
      expect(stepping).toBeGreaterThan(0);
      logTimesStats.linesRead = 0;
      const now = allPages({ bundle: id, files: 'logs', limit: 50 }, ws).map((l) => l.id);
      expect(logTimesStats.linesRead).toBe(0);

      ws.prepare('UPDATE artifacts SET log_block_latest = NULL WHERE bundle_id = ?').run(id);
      const before = openWorkspace(path.join(folder, 'ws.db'));
      try {
        expect(allPages({ bundle: id, files: 'logs', limit: 50 }, before).map((l) => l.id)).toEqual(now);
        expect(logTimesStats.linesRead).toBeGreaterThan(0);
        expect(logTimesStats.linesRead).toBeLessThanOrEqual(stepping);
      } finally {
        before.close();
      }
    }));
});

describe('logs whose clock steps back', () => {
  it('pages through every line once, each page where the one before ended, both ways', () =>
    withIngested(writeNodeWithClockSteps, (ws, id) => {
      const whole = searchLogs(ws, { bundle: id, files: 'logs', limit: 1000 }).lines;
      expect(whole).toHaveLength(countLogs(ws, { bundle: id, files: 'logs' }).total);
      expect(inTimeOrder(whole)).toBe(true);
      for (const limit of [1, 3, 7, 50]) {
        expect(allPages({ bundle: id, files: 'logs', limit }, ws).map((l) => l.id), `pages of ${limit}`).toEqual(whole.map((l) => l.id));
        expect(allPages({ bundle: id, files: 'logs', limit, order: 'desc' }, ws).map((l) => l.id), `pages of ${limit}, newest first`).toEqual(whole.map((l) => l.id).reverse());
      }
      // Each line starts a page at itself: the scroll anchor, a link.
      for (const [i, l] of whole.entries()) expect(searchLogs(ws, { bundle: id, files: 'logs', at: l.id, limit: 1 }).lines[0].id, `at line ${i}`).toBe(l.id);
    }));
});

describe.skipIf(!hasSharedFixtures)(`an OpenShift must-gather's Logs view${hasSharedFixtures ? '' : ` (${sharedSkipReason})`}`, () => {
  it('opens on the earliest node and pod log lines in time order, its YAML reachable after them', () =>
    withIngested(() => sharedFixture('peer-bundles/openshift-must-gather-4.x-aws.tar.xz'), (ws, id) => {
      const first = searchLogs(ws, { bundle: id, files: 'logs', limit: 500 }).lines;
      expect(first).toHaveLength(500);
      expect(first.some((l) => l.artifact.endsWith('.yaml'))).toBe(false);
      const earliest = ws.prepare('SELECT min(ts) FROM log_lines WHERE bundle_id = ?').pluck().get(id) as number;
      expect(timeOf(first.find((l) => l.time !== null)!)).toBe(earliest);
      expect(inTimeOrder(first)).toBe(true);
      expect(new Set(first.map((l) => l.artifact)).size).toBeGreaterThan(1);
      const text = searchLogs(ws, { bundle: id, files: 'text', limit: 5 }).lines;
      expect(text.every((l) => l.time === null)).toBe(true);
      expect(text.length).toBe(5);
    }));
});
