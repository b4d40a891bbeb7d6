import { describe, expect, it } from 'vitest';
import { journal, workspaceWith } from '../../../test/cases/harness';
import type { Db } from '../store/workspace';
import { beginDiagnosis, diagnoseBundle, RULES } from '.';
import { MAX_CANDIDATES } from './view';
import { indexOnlyTo } from '../../../test/support/half-index';

/** Counts every statement run through the connection (get/all/run/iterate), from this point on. */
function countStatements(db: Db): { count: number } {
  const counter = { count: 0 };
  const prepare = db.prepare.bind(db);
  (db as { prepare: unknown }).prepare = (sql: string) => {
    const stmt = prepare(sql);
    for (const m of ['get', 'all', 'run', 'iterate'] as const) {
      const original = (stmt[m] as (...a: unknown[]) => unknown).bind(stmt);
      (stmt as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
        counter.count++;
        return original(...a);
      };
    }
    return stmt;
  };
  return counter;
}

/** A kubelet journal in which `pods` distinct containers each crash-loop once, then a quiet hour. */
function churningKubelet(pods: number) {
  const lines = Array.from({ length: pods }, (_, i) =>
    `E1122 04:10:00.000000 1234 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app-${i}\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=app-${i} pod=web-${i}_default(uid-${i})\\"" pod="default/web-${i}"`);
  const file = journal('kubelet', ...lines.slice(0, 1));
  const stamp = (m: number) => `2026-11-22T${String(4 + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00.000000+00:00 node-1 kubelet[1234]: `;
  // Every line at 04:10 and one normal line an hour later: each group stopped 60 min before the log ends.
  file.data = [...lines.map((l) => stamp(10) + l), `${stamp(70)}I1122 05:10:00.000000 1234 kubelet.go:2400] "SyncLoop (PLEG): event for pod"`].join('\n') + '\n';
  return file;
}

function statementsOfRule(id: string, pods: number): { statements: number; findings: number } {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  const { db, bundleId } = workspaceWith({ files: [churningKubelet(pods)] });
  try {
    const counter = countStatements(db);
    const findings = diagnoseBundle(db, bundleId, [rule]);
    return { statements: counter.count, findings: findings.length };
  } finally {
    db.close();
  }
}

describe('a log rule grouped by container (thousands of groups)', () => {
  it('runs the same number of statements for 40 groups as for 640: the log end is read once per artifact', () => {
    const small = statementsOfRule('crashloop-backoff', 40);
    const large = statementsOfRule('crashloop-backoff', 640);
    // One finding per problem: the containers are counted in it, not stored one row each.
    expect(small.findings).toBe(1);
    expect(large.findings).toBe(1);
    expect(large.statements).toBe(small.statements);
  });

  it('still says a condition stopped when each group went quiet long before the log ends', () => {
    const { db, bundleId } = workspaceWith({ files: [churningKubelet(3)] });
    try {
      const found = diagnoseBundle(db, bundleId, RULES.filter((r) => r.id === 'crashloop-backoff'));
      expect(found).toHaveLength(1);
      expect(found[0]?.summary).toMatch(/^3 containers in 3 pods are crash-looping/);
      for (const f of found) {
        expect(f.severity).toBe('info');
        expect(f.summary).toContain('It stopped: last seen 60 min before the log ends.');
      }
    } finally {
      db.close();
    }
  });
});

describe('a log rule while the full-text index lacks the last lines (a workspace whose index is rebuilt)', () => {
  it('reads its first candidates in line order without sorting every match, and finds what it finds on the whole index', () => {
    const { db, bundleId } = workspaceWith({ files: [churningKubelet(MAX_CANDIDATES + 1000)] });
    try {
      const rules = RULES.filter((r) => r.id === 'crashloop-backoff');
      const complete = diagnoseBundle(db, bundleId, rules);
      const { first, last } = db.prepare('SELECT min(id) AS first, max(id) AS last FROM log_lines WHERE bundle_id = ?').get(bundleId) as { first: number; last: number };
      // As an index build stopped halfway leaves it: the first candidates come from the index, the rest from the tail.
      const mid = Math.floor((first + last) / 2);
      indexOnlyTo(db, bundleId, mid);
      const searches = ftsSearches(db);
      expect(diagnoseBundle(db, bundleId, rules)).toEqual(complete);
      expect(searches.length).toBeGreaterThan(0);
      for (const { sql } of searches) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array(countParams(sql)).fill(null)) as { detail: string }[]).map((p) => p.detail);
        expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
      }
    } finally {
      db.close();
    }
  });
});

function countParams(sql: string): number {
  return (sql.match(/\?/g) ?? []).length;
}

describe("the ingest's diagnosis in two passes (the first over the index as far as the worker got)", () => {
  it('finds what one pass over the whole index finds, and does not search again what filled its cap in the first', () => {
    const { db, bundleId } = workspaceWith({ files: [churningKubelet(MAX_CANDIDATES + 2000)] });
    try {
      const complete = diagnoseBundle(db, bundleId);
      expect(complete.map((f) => f.rule)).toContain('crashloop-backoff');
      const { first } = db.prepare('SELECT min(id) AS first FROM log_lines WHERE bundle_id = ?').get(bundleId) as { first: number };
      // The worker had indexed the first 5500 lines: the crash-loop search fills its cap below them.
      const pending = beginDiagnosis(db, bundleId, first + 5500);
      const searches = ftsSearches(db);
      expect(pending.finish()).toEqual(complete);
      expect(searches.length).toBeGreaterThan(0);
      expect(searches.map((x) => x.phrase)).not.toContain('"CrashLoopBackOff"');
    } finally {
      db.close();
    }
  });

  it('runs again, over the whole index, a rule whose search did not fill its cap in the first pass', () => {
    const { db, bundleId } = workspaceWith({ files: [churningKubelet(40)] });
    try {
      const complete = diagnoseBundle(db, bundleId);
      const { first } = db.prepare('SELECT min(id) AS first FROM log_lines WHERE bundle_id = ?').get(bundleId) as { first: number };
      // Nothing indexed yet: every search is provisional.
      const pending = beginDiagnosis(db, bundleId, first - 1);
      const searches = ftsSearches(db);
      expect(pending.finish()).toEqual(complete);
      expect(searches.map((x) => x.phrase)).toContain('"CrashLoopBackOff"');
    } finally {
      db.close();
    }
  });
});

/** The full-text searches run on the connection from this point on: their SQL and their phrase. */
function ftsSearches(db: Db): { sql: string; phrase: string }[] {
  const seen: { sql: string; phrase: string }[] = [];
  const prepare = db.prepare.bind(db);
  (db as { prepare: unknown }).prepare = (sql: string) => {
    const stmt = prepare(sql);
    if (!/\bMATCH\b/.test(sql) || sql.startsWith('EXPLAIN')) return stmt;
    const all = stmt.all.bind(stmt);
    (stmt as unknown as { all: unknown }).all = (...a: unknown[]) => {
      seen.push({ sql, phrase: String(a[0]) });
      return all(...a);
    };
    return stmt;
  };
  return seen;
}

describe('a log rule whose search filled its cap', () => {
  it("counts what it read as a lower bound: Harvester's kernel.log, 5000 EXT4 errors read of more", () => {
    const line = (i: number) => `[${(100 + i / 1000).toFixed(6)}] EXT4-fs error (device sdc): __ext4_find_entry:1532: inode #2: comm grafana-server: reading directory lblock 0`;
    const { db, bundleId } = workspaceWith({ files: [{ path: 'node1/logs/kernel.log', kind: 'dmesg', data: `${Array.from({ length: MAX_CANDIDATES + 300 }, (_, i) => line(i)).join('\n')}\n` }] });
    try {
      const [found] = diagnoseBundle(db, bundleId, RULES.filter((r) => r.id === 'filesystem-errors'));
      expect(found?.summary).toBe(`${MAX_CANDIDATES} or more lines in node1/logs/kernel.log report filesystem errors on sdc. Only the first ${MAX_CANDIDATES} matching lines of the index were read.`);
      expect(found?.why?.firedBecause).toEqual([`${MAX_CANDIDATES} or more lines in node1/logs/kernel.log match the rule's message`]);
    } finally {
      db.close();
    }
  });
});
