import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tarball';
import { ingestBundle } from '../ingest';
import { openWorkspace, type Db } from '../store/workspace';
import { countLogs, searchLogs } from './api';
import { ftsScope } from './fts-scope';
import { MAX_PREFIX_WORDS } from './prefix-words';
import { parseAndCompile } from './query';

/**
 * An operator types "failed" into the search box of a 10 GiB bundle. A word finds every word it starts
 * (Crash finds CrashLoopBackOff); FTS5's own prefix query gathered every matching line id in memory
 * before it gave the first page. The index's few words with that prefix are now searched as exact words,
 * read a page at a time.
 */

let tmp: { dir: string; cleanup: () => void };

beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp?.cleanup());

/** A folder bundle of one log, its lines given. */
function logBundle(name: string, lines: string[]): string {
  const root = path.join(tmp.dir, name);
  fs.mkdirSync(path.join(root, 'logs'), { recursive: true });
  fs.writeFileSync(path.join(root, 'logs', 'node.log'), `${lines.join('\n')}\n`);
  return root;
}

/** The ids FTS5's own prefix query gives for `"tokens"*` over the bundle's lines. */
function prefixQueryIds(db: Db, bundle: number, fts: string): number[] {
  const r = db.prepare('SELECT log_first AS first, log_last AS last FROM bundles WHERE id = ?').get(bundle) as { first: number; last: number };
  return db.prepare(`SELECT rowid FROM search.log_fts_${bundle} WHERE log_fts_${bundle} MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid`).pluck().all(fts, r.first, r.last) as number[];
}

function searchedIds(db: Db, bundle: number, text: string): number[] {
  return searchLogs(db, { bundle, text, limit: 10_000 }).lines.map((l) => l.id);
}

describe('a word search on the index', () => {
  const words = ['fail', 'failed', 'FailedMount', 'failure', 'failing', 'fails', 'Fàiled', 'FAILED', 'prefail', 'failed_to', 'unfailing', 'fa1lover'];
  // Many words starting "a": more than are listed, left to FTS5's prefix query.
  const many = Array.from({ length: MAX_PREFIX_WORDS * 3 }, (_, i) => `a${(i * 7919).toString(36)}`);
  let db: Db;
  let bundle: number;

  beforeAll(async () => {
    const lines: string[] = [];
    for (let i = 0; i < 600; i++) {
      const w = words[i % words.length];
      lines.push(`Nov 10 15:00:${String(i % 60).padStart(2, '0')} node-1 kubelet[42]: pod web-${i}: ${w} to sync ${many[i % many.length]} (${i % 7 === 0 ? 'failed to pull' : 'ok'})`);
    }
    db = openWorkspace(path.join(tmp.dir, 'words.db'));
    bundle = (await ingestBundle(db, logBundle('words', lines))).id;
  });
  afterAll(() => db?.close());

  it.each([
    ['fail', '"fail"*'],
    ['Fail', '"fail"*'],
    ['failed', '"failed"*'],
    ['failedm', '"failedm"*'],
    ['failing', '"failing"*'],
    ['a', '"a"*'],
    ['zebra', '"zebra"*'],
  ])('%s finds the lines FTS5 finds for %s', (text, fts) => {
    const expected = prefixQueryIds(db, bundle, fts);
    expect(searchedIds(db, bundle, text)).toEqual(expected);
    expect(countLogs(db, { bundle, text }).total).toBe(expected.length);
  });

  it('leaves a prefix of more words than it lists to FTS5', () => {
    const range = db.prepare('SELECT log_first AS first, log_last AS last FROM bundles WHERE id = ?').get(bundle) as { first: number; last: number };
    expect(parseAndCompile('a', ftsScope(db, bundle, range)).match).toBe('"a"*');
  });

  it('finds a quoted phrase as the text it is, any case', () => {
    for (const phrase of ['failed to', 'to pull', 'failed to pull']) {
      const expected = db
        .prepare('SELECT id FROM log_lines WHERE bundle_id = ? AND instr(lower(text), ?) > 0 ORDER BY id')
        .pluck()
        .all(bundle, phrase) as number[];
      expect(expected.length).toBeGreaterThan(0);
      expect(searchedIds(db, bundle, `"${phrase}"`)).toEqual(expected);
    }
  });

  it('combines expanded words with OR, AND and NOT as the prefix queries would', () => {
    const ids = (fts: string) => new Set(prefixQueryIds(db, bundle, fts));
    const fail = ids('"fail"*');
    const pull = ids('"pull"*');
    const ok = ids('"ok"*');
    const sorted = (s: Iterable<number>) => [...s].sort((a, b) => a - b);
    expect(searchedIds(db, bundle, 'fail pull')).toEqual(sorted([...fail].filter((i) => pull.has(i))));
    expect(searchedIds(db, bundle, 'fail -ok')).toEqual(sorted([...fail].filter((i) => !ok.has(i))));
    expect(searchedIds(db, bundle, 'failure OR fails')).toEqual(sorted(new Set([...ids('"failure"*'), ...ids('"fails"*')])));
    expect(searchedIds(db, bundle, '-fail').length).toBe(600 - fail.size);
  });
});

describe('the full-text expression of a word', () => {
  let db: Db;
  let bundle: number;

  beforeAll(async () => {
    const lines = ['Failed to pull image', 'FailedMount: volume', 'failure domain', 'failing over', 'fails again', 'prefail check', 'all good'];
    db = openWorkspace(path.join(tmp.dir, 'expression.db'));
    bundle = (await ingestBundle(db, logBundle('expression', lines))).id;
  });
  afterAll(() => db?.close());

  function matchOf(text: string): string | null {
    const range = db.prepare('SELECT log_first AS first, log_last AS last FROM bundles WHERE id = ?').get(bundle) as { first: number; last: number };
    return parseAndCompile(text, ftsScope(db, bundle, range)).match;
  }

  it('lists the words the index has with that prefix, exact: no prefix query to gather every match first', () => {
    expect(matchOf('failure')).toBe('"failure"');
    expect(matchOf('failed')).toBe('("failed" OR "failedmount")');
    expect(matchOf('Fail')).toBe('("failed" OR "failedmount" OR "failing" OR "fails" OR "failure")');
    expect(matchOf('"to pull"')).toBe('"to pull"');
    expect(matchOf('pull -fails')).toBe('("pull") NOT ("fails")');
  });

  it('matches nothing, exactly, when no word starts so; leaves a prefix of other letters to FTS5 (its tokenizer folds them)', () => {
    expect(matchOf('zebra')).toBe('"zebra"');
    expect(matchOf('Ünïcode')).toBe('"Ünïcode"*');
  });
});
