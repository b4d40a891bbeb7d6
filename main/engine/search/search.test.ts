import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeletJournal } from '../../../test/fixtures/logs/kubelet-journal';
import { manifestFor } from '../../../test/support/manifest';
import { hasSharedFixtures, sharedFixture } from '../../../test/support/shared-fixtures';
import { tempDir } from '../../../test/support/tarball';
import { bytesRead } from '../../../test/support/thread-io';
import { asSchema } from '../../../test/support/workspace';
import { ingestBundle } from '../ingest';
import { openWorkspace, type Db } from '../store/workspace';
import { MIGRATIONS } from '../store/migrations';
import type { LogQuery } from '../../../shared/api';
import { openEngine } from '..';
import { diagnoseBundle } from '../rules';
import { indexedTo } from '../store/search-index';
import { countLogs, searchLogs } from './api';
import { tailStats } from './fts-scope';
import { MAX_REGEX_INPUT } from './query';
import { indexOnlyTo } from '../../../test/support/half-index';

/**
 * The search language against grep: every count the UI shows must be exactly what `grep -c` counts
 * on the same file, for the grep expression that means the same thing.
 */

const TOP = 'nodescope-master-0-20261110T150000Z';
const LOG = 'logs/journal/kubelet.service.log';

let tmp: { dir: string; cleanup: () => void };
let db: Db;
let bundle: number;
let logFile: string;

beforeAll(async () => {
  tmp = tempDir();
  const root = path.join(tmp.dir, TOP);
  fs.mkdirSync(path.join(root, 'logs', 'journal'), { recursive: true });
  logFile = path.join(root, LOG);
  // Our generated journal, then (when the share is here) 50 real kubenswrapper lines.
  const real = hasSharedFixtures ? fs.readFileSync(sharedFixture('kubelet-journal/openshift-kubenswrapper-journal-50lines.log'), 'utf8') : '';
  fs.writeFileSync(logFile, kubeletJournal(5000) + real);
  const manifest = manifestFor('master-0', [{ path: LOG, kind: 'journal', command: 'journalctl -u kubelet.service -o short-precise' }], {
    collection: { startedAt: '2026-11-10T15:00:00Z', endedAt: '2026-11-10T15:01:00Z', options: {} },
  });
  fs.writeFileSync(path.join(root, 'manifest.json'), JSON.stringify(manifest));
  db = openWorkspace(path.join(tmp.dir, 'ws.db'));
  bundle = (await ingestBundle(db, root)).id;
});
afterAll(() => {
  db?.close();
  tmp?.cleanup();
});

/** `grep -c` (or a pipe of greps) over the log file, in the C locale. */
function grepCount(...stages: string[][]): number {
  let input: Buffer | undefined;
  for (const [i, args] of stages.entries()) {
    const r = spawnSync('grep', i === 0 ? [...args, logFile] : args, { input, maxBuffer: 1 << 30, env: { ...process.env, LC_ALL: 'C' } });
    input = r.stdout;
  }
  return (input?.toString('utf8').match(/\n/g) ?? []).length;
}

const count = (text: string): number => countLogs(db, { bundle, text }).total;
/** A word prefix as grep says it: at the start of the line or after a character that is not alnum. */
const prefix = (w: string): string[] => ['-iE', `(^|[^[:alnum:]])${w}`];

describe('search over the whole line, counted exactly', () => {
  it('finds words that appear only in the line prefix: unit, pid, klog header', () => {
    for (const w of ['kubenswrapper', 'E1110', '4417', 'master']) {
      const expected = grepCount(prefix(w));
      expect(expected, w).toBeGreaterThan(0);
      expect(count(w), w).toBe(expected);
    }
  });

  it('matches a word as a prefix (Crash finds CrashLoopBackOff), case-insensitively', () => {
    expect(count('Crash')).toBe(grepCount(prefix('crash')));
    expect(count('crash')).toBe(count('Crash'));
    expect(count('Crash')).toBeGreaterThan(count('CrashLoopBackOff'));
    expect(count('CrashLoopBackOff')).toBe(grepCount(prefix('CrashLoopBackOff')));
  });

  it('matches a quoted phrase and a word with punctuation as exact text', () => {
    expect(count('"Probe failed"')).toBe(grepCount(['-iF', 'probe failed']));
    expect(count('"Probe failed"')).toBeGreaterThan(0);
    expect(count('pod_workers.go:1300')).toBe(grepCount(['-iF', 'pod_workers.go:1300']));
    expect(count('10.0.135.228:9980')).toBe(grepCount(['-iF', '10.0.135.228:9980']));
    // Clock times are not indexed in the prefix, yet a time typed as text is still found, by reading lines.
    expect(count('14:0')).toBe(grepCount(['-iF', '14:0']));
    expect(count('"Nov 10 14:1"')).toBe(grepCount(['-iF', 'nov 10 14:1']));
    expect(count('"Nov 10 14:1"')).toBeGreaterThan(0);
  });

  it('ANDs words, excludes -words and -"phrases", and ORs with OR', () => {
    expect(count('Crash -coredns')).toBe(grepCount(prefix('crash'), ['-viE', '(^|[^[:alnum:]])coredns']));
    expect(count('-kubelet.go')).toBe(grepCount(['-viF', 'kubelet.go']));
    expect(count('-"Probe failed" -E1110')).toBe(grepCount(['-viF', 'probe failed'], prefix('E1110').map((a) => (a === '-iE' ? '-viE' : a))));
    expect(count('probe readiness')).toBe(grepCount(prefix('probe'), prefix('readiness')));
    expect(count('Unauthorized OR NotFound')).toBe(grepCount(['-iE', '(^|[^[:alnum:]])(unauthorized|notfound)']));
  });

  it('runs /regex/ (RE2), case-sensitive unless /…/i, alone or with words and excludes', () => {
    expect(count('/CrashLoop(BackOff)?:/')).toBe(grepCount(['-E', 'CrashLoop(BackOff)?:']));
    expect(count('/crashloop/')).toBe(0);
    expect(count('/crashloop/i')).toBe(grepCount(['-iE', 'crashloop']));
    expect(count('/^Nov 10 14:0[0-4]/')).toBe(grepCount(['-E', '^Nov 10 14:0[0-4]']));
    expect(count('E1110 /statuscode: 5\\d\\d/ -coredns')).toBe(
      grepCount(prefix('E1110'), ['-E', 'statuscode: 5[0-9][0-9]'], ['-viE', '(^|[^[:alnum:]])coredns']),
    );
  });

  it('refuses a regex RE2 cannot run in linear time, with a message', () => {
    expect(() => count('/(a)\\1/')).toThrow(/bad regex/);
    expect(MAX_REGEX_INPUT).toBeGreaterThan(1000);
  });

  it('pages newest-first and oldest-first through the same lines', () => {
    const q = { bundle, text: 'E1110 Crash', limit: 50 };
    const total = count(q.text);
    const collect = (order: 'asc' | 'desc'): number[] => {
      const ids: number[] = [];
      let after: number | undefined;
      for (;;) {
        const page = searchLogs(db, { ...q, order, after });
        ids.push(...page.lines.map((l) => l.id));
        if (page.next === null) return ids;
        after = page.next;
      }
    };
    const asc = collect('asc');
    const desc = collect('desc');
    expect(asc.length).toBe(total);
    expect(desc).toEqual([...asc].reverse());
  });

  it('says where the message starts, so a line can be shown message first', () => {
    const [line] = searchLogs(db, { bundle, text: '"Probe failed"', limit: 1 }).lines;
    expect(line.text.slice(line.messageAt)).toMatch(/^prober\.go:107\] "Probe failed"/);
  });

  it('counts errors among the matches', () => {
    const c = countLogs(db, { bundle, text: 'kubenswrapper' });
    expect(c.errors).toBe(grepCount(['-E', 'kubenswrapper\\[[0-9]+\\]: [EF][0-9]{4} ']));
  });
});

describe('migration 5 (whole-line index)', () => {
  it('reindexes a workspace made before it: whole lines become searchable', async () => {
    // A workspace at schema 4: its index (in the workspace file then) holds only source and message.
    const file = path.join(tmp.dir, 'old.db');
    const ws = openWorkspace(file);
    const id = (await ingestBundle(ws, path.join(tmp.dir, TOP))).id;
    ws.exec(`CREATE VIRTUAL TABLE main.log_fts USING fts5(source, message, content='', contentless_delete=1);
      INSERT INTO main.log_fts (rowid, source, message) SELECT id, source, substr(text, msg + 1) FROM log_lines;`);
    ws.exec('DROP TABLE search_index_owner');
    asSchema(ws, 4);
    expect(ws.prepare("SELECT count(*) FROM main.log_fts WHERE log_fts MATCH 'kubenswrapper'").pluck().get()).toBe(0);
    ws.close();
    // No index file existed before migration 6.
    fs.rmSync(`${file}-search`);
    const upgraded = openWorkspace(file);
    try {
      expect(countLogs(upgraded, { bundle: id, text: 'kubenswrapper' }).total).toBe(grepCount(prefix('kubenswrapper')));
    } finally {
      upgraded.close();
    }
  });
});

/** Queries whose matches span the whole bundle, read in small pages both ways. */
const PAGED: LogQuery[] = [
  { bundle: 0, text: 'kubenswrapper', limit: 700 },
  { bundle: 0, text: 'kubenswrapper', limit: 700, order: 'desc' },
  { bundle: 0, text: '"Probe failed"', limit: 3 },
  { bundle: 0, text: 'probe -failed', limit: 50, order: 'desc' },
];

/** The ids of every page of a query, following each page's `next` (-1 ends a page). */
function pages(db: Db, q: LogQuery): number[] {
  const ids: number[] = [];
  let after: number | undefined;
  for (let n = 0; n < 10_000; n++) {
    const page = searchLogs(db, { ...q, after });
    ids.push(...page.lines.map((l) => l.id), -1);
    if (page.next === null) return ids;
    after = page.next;
  }
  throw new Error('more than 10,000 pages');
}

/** The SQL of every full-text query run on `db` from now on. */
function matchStatements(db: Db): string[] {
  const seen: string[] = [];
  const prepare = db.prepare.bind(db);
  (db as { prepare: unknown }).prepare = (sql: string) => {
    if (/\bMATCH\b/.test(sql) && !sql.startsWith('EXPLAIN')) seen.push(sql);
    return prepare(sql);
  };
  return seen;
}

/** Queries of every kind the language has: prefix words, phrases, punctuation, regex, OR, NOT, filters. */
const QUERIES: LogQuery[] = [
  { bundle: 0, text: 'kubenswrapper' },
  { bundle: 0, text: 'Crash' },
  { bundle: 0, text: '"Probe failed"' },
  { bundle: 0, text: 'pod_workers.go:1300' },
  { bundle: 0, text: '/E11\\d{2} /' },
  { bundle: 0, text: 'probe -failed' },
  { bundle: 0, text: 'probe OR Crash' },
  { bundle: 0, text: '-probe' },
  { bundle: 0, text: 'kubelet', levels: ['error'] },
  { bundle: 0, text: 'pod', order: 'desc', limit: 50 },
];

function answers(ws: Db, id: number): unknown[] {
  return QUERIES.map((q) => {
    const page = searchLogs(ws, { ...q, bundle: id, limit: q.limit ?? 100_000 });
    return { count: countLogs(ws, { ...q, bundle: id }), ids: page.lines.map((l) => l.id), next: page.next };
  });
}

describe('search while the index is incomplete (migration 6: the index in a file of its own)', () => {
  it('answers exactly the same lines and counts before the index holds the bundle as after', async () => {
    const file = path.join(tmp.dir, 'partial.db');
    const ws = openWorkspace(file);
    const id = (await ingestBundle(ws, path.join(tmp.dir, TOP))).id;
    const complete = answers(ws, id);
    expect((complete[0] as { count: { total: number } }).count.total).toBeGreaterThan(0);
    const findings = diagnoseBundle(ws, id);
    expect(findings.length).toBeGreaterThan(0);
    const { log_first: first, log_last: last } = ws.prepare('SELECT log_first, log_last FROM bundles WHERE id = ?').get(id) as { log_first: number; log_last: number };
    ws.close();

    // As an index build stopped halfway leaves it: rows and progress mark up to the middle.
    const mid = Math.floor((first + last) / 2);
    const half = openWorkspace(file);
    indexOnlyTo(half, id, mid);
    tailStats.rows = 0;
    expect(answers(half, id)).toEqual(complete);
    // The lines past the index were read once for this connection, not once per query.
    expect(tailStats.rows).toBe(last - mid);
    // The rules read the same lines through the same scope: the same findings.
    expect(diagnoseBundle(half, id)).toEqual(findings);
    expect(tailStats.rows).toBe(last - mid);
    half.close();

    // No index at all (its file lost): the same answers; then opening the workspace for use rebuilds it.
    fs.rmSync(`${file}-search`);
    const none = openWorkspace(file);
    expect(indexedTo(none, id)).toBeNull();
    expect(answers(none, id)).toEqual(complete);
    none.close();
    const rebuilt = openEngine(file);
    try {
      expect(indexedTo(rebuilt, id)).toBe(last);
      tailStats.rows = 0;
      expect(answers(rebuilt, id)).toEqual(complete);
      expect(tailStats.rows).toBe(0);
    } finally {
      rebuilt.close();
    }
  });

  it('pages through the matches without sorting them all: one pass over the index and the tail per search, none per page', async () => {
    const file = path.join(tmp.dir, 'paged.db');
    const ws = openWorkspace(file);
    const id = (await ingestBundle(ws, path.join(tmp.dir, TOP))).id;
    const paged = (db: Db): number[][] => PAGED.map((q) => pages(db, { ...q, bundle: id }));
    const complete = paged(ws);
    const { log_first: first, log_last: last } = ws.prepare('SELECT log_first, log_last FROM bundles WHERE id = ?').get(id) as { log_first: number; log_last: number };
    const mid = Math.floor((first + last) / 2);
    indexOnlyTo(ws, id, mid);
    const statements = matchStatements(ws);
    try {
      expect(paged(ws)).toEqual(complete);
      // Both halves were read, once per search (PAGED has three), and no query sorted the matches of either.
      expect(statements.some((sql) => sql.includes('temp.tail_fts'))).toBe(true);
      expect(statements).toHaveLength(new Set(PAGED.map((q) => q.text)).size);
      for (const sql of statements) {
        const plan = (ws.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array((sql.match(/\?/g) ?? []).length).fill(null)) as { detail: string }[]).map((p) => p.detail);
        expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
      }
    } finally {
      ws.close();
    }
  });

  it('drops an index file another workspace left (the workspace deleted and made anew next to it), without reading it', async () => {
    const file = path.join(tmp.dir, 'again.db');
    const other = path.join(tmp.dir, 'zebra');
    fs.mkdirSync(path.join(other, 'logs'), { recursive: true });
    const zebras = 120_000;
    fs.writeFileSync(path.join(other, 'logs', 'zebra.log'), Array.from({ length: zebras }, (_, i) => `zebra line ${i} of stripe ${(i * 2654435761) >>> 12}\n`).join(''));
    const first = openWorkspace(file);
    const id = (await ingestBundle(first, other)).id;
    expect(countLogs(first, { bundle: id, text: 'zebra' }).total).toBe(zebras);
    first.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    const leftBytes = fs.statSync(`${file}-search`).size;
    const before = bytesRead();
    const second = openWorkspace(file);
    const read = bytesRead();
    try {
      // Emptied, the old index was read page by page to free its pages (a 10 GiB bundle's: 45 s at open).
      if (before !== null && read !== null) expect(read - before).toBeLessThan(leftBytes / 8);
      expect(fs.statSync(`${file}-search`).size).toBeLessThan(leftBytes / 8);
      // The same ids now stand for other lines: the old rows must not answer for them.
      expect((await ingestBundle(second, path.join(tmp.dir, TOP))).id).toBe(id);
      expect(countLogs(second, { bundle: id, text: 'zebra' }).total).toBe(0);
      expect(answers(second, id)).toEqual(answers(db, bundle));
    } finally {
      second.close();
    }
  });

  it('names a search index file that is not a database, and answers again once it is deleted', async () => {
    const file = path.join(tmp.dir, 'garbled.db');
    const ws = openWorkspace(file);
    const id = (await ingestBundle(ws, path.join(tmp.dir, TOP))).id;
    const complete = answers(ws, id);
    ws.close();
    for (const f of ['', '-wal', '-shm']) fs.rmSync(`${file}-search${f}`, { force: true });
    fs.writeFileSync(`${file}-search`, 'not a database, written over by something else\n'.repeat(200));
    expect(() => openWorkspace(file)).toThrow(/garbled\.db-search: cannot open the search index: file is not a database \(it holds nothing else: delete it and it is rebuilt\)$/);
    fs.rmSync(`${file}-search`);
    const again = openWorkspace(file);
    try {
      expect(answers(again, id)).toEqual(complete);
    } finally {
      again.close();
    }
  });

  it('opens a workspace of schema 5 (index inside the workspace file) and searches it the same', async () => {
    const file = path.join(tmp.dir, 'v5.db');
    const ws = openWorkspace(file);
    const id = (await ingestBundle(ws, path.join(tmp.dir, TOP))).id;
    const complete = answers(ws, id);
    ws.exec(`CREATE VIRTUAL TABLE main.log_fts USING fts5(source, line, content='', contentless_delete=1);
      INSERT INTO main.log_fts (rowid, source, line) SELECT id, source, nodescope_search_text(text, msg) FROM log_lines;`);
    ws.exec('DROP TABLE search_index_owner');
    asSchema(ws, 5);
    ws.close();
    fs.rmSync(`${file}-search`);
    const upgraded = openEngine(file);
    try {
      expect(upgraded.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
      expect(upgraded.prepare("SELECT count(*) AS n FROM main.sqlite_master WHERE name = 'log_fts'").get()).toEqual({ n: 0 });
      expect(answers(upgraded, id)).toEqual(complete);
    } finally {
      upgraded.close();
    }
  });
});
