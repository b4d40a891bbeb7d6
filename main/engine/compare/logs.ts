import type { LogLevel } from '../../../shared/api/bundles';
import type { LogsCompare, LogTemplateChange } from '../../../shared/api/compare';
import { LEVEL_BY_CODE, LEVEL_CODES } from '../logs/format';
import { bundleLineRange } from '../store/log-range';
import type { Db } from '../store/workspace';
import { countStoredLines, NO_LEVEL, saveTemplates, storedTemplates, TemplateCounter, type BundleTemplates, type TemplateCount } from './template-store';

/** Differing templates listed; the rest are only counted. */
export const LIST_LIMIT = 200;

/**
 * Every log line of the bundle reduced to its template, with counts. Log line ids of a bundle are one
 * contiguous range (ingest numbers them in order), so the scan walks the rowid range, not an index.
 */
export function bundleTemplates(db: Db, bundleId: number): BundleTemplates {
  const range = bundleLineRange(db, bundleId);
  const host = db.prepare("SELECT value FROM facts WHERE bundle_id = ? AND key = 'hostname'").pluck().get(bundleId) as string | undefined;
  const counter = new TemplateCounter(host ?? null);
  if (range.lo !== null && range.hi !== null) countStoredLines(db, counter, bundleId, range.lo, range.hi);
  return counter.result();
}

/**
 * Templates of a bundle: stored at ingest (or by an earlier compare) when the workspace has the
 * log_templates table, else computed from the log lines now (and stored when it can). A per-process
 * cache on top: a bundle never changes once ingested, and the app compares one bundle with several.
 */
const cache = new Map<string, BundleTemplates>();
const CACHE_SIZE = 4;

export function cachedBundleTemplates(db: Db, bundleId: number): BundleTemplates {
  const sha = db.prepare('SELECT sha256 FROM bundles WHERE id = ?').pluck().get(bundleId) as string | undefined;
  const key = `${db.name}\u0000${bundleId}\u0000${sha ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let computed = storedTemplates(db, bundleId);
  if (!computed) {
    computed = bundleTemplates(db, bundleId);
    saveTemplates(db, bundleId, computed);
  }
  cache.set(key, computed);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return computed;
}

const ERROR = LEVEL_CODES.error;

interface Candidate {
  template: string;
  a: TemplateCount | undefined;
  b: TemplateCount | undefined;
}

/** New error templates of B first, then new templates of B, then the largest count changes. */
function rank(c: Candidate): [number, number] {
  const countA = c.a?.count ?? 0;
  const countB = c.b?.count ?? 0;
  const level = Math.min(c.a?.level ?? NO_LEVEL, c.b?.level ?? NO_LEVEL);
  const tier = countA === 0 && level <= ERROR ? 0 : countA === 0 ? 1 : countB === 0 && level <= ERROR ? 2 : 3;
  return [tier, -Math.abs(countB - countA)];
}

function byRank(x: Candidate, y: Candidate): number {
  const [tx, dx] = rank(x);
  const [ty, dy] = rank(y);
  return tx - ty || dx - dy || (x.template < y.template ? -1 : 1);
}

function levelName(code: number): LogLevel | null {
  return LEVEL_BY_CODE[code] ?? null;
}

function example(db: Db, c: Candidate): LogTemplateChange['example'] {
  const side = c.b ? 'b' : 'a';
  const id = (c.b ?? c.a)?.firstId ?? 0;
  const row = db
    .prepare('SELECT a.path AS artifact, l.line AS line, l.text AS text FROM log_lines l JOIN artifacts a ON a.id = l.artifact_id WHERE l.id = ?')
    .get(id) as { artifact: string; line: number; text: string } | undefined;
  return { side, artifact: row?.artifact ?? '', line: row?.line ?? 0, text: row?.text ?? '' };
}

/** What the logs of B say that A's do not, and the other way round, by template. */
export function compareLogs(db: Db, a: BundleTemplates, b: BundleTemplates): LogsCompare {
  const differing: Candidate[] = [];
  for (const [template, ta] of a.templates) {
    const tb = b.templates.get(template);
    if (!tb || tb.count !== ta.count) differing.push({ template, a: ta, b: tb });
  }
  for (const [template, tb] of b.templates) if (!a.templates.has(template)) differing.push({ template, a: undefined, b: tb });
  differing.sort(byRank);
  const templates = differing.slice(0, LIST_LIMIT).map((c) => ({
    template: c.template,
    level: levelName(Math.min(c.a?.level ?? NO_LEVEL, c.b?.level ?? NO_LEVEL)),
    countA: c.a?.count ?? 0,
    countB: c.b?.count ?? 0,
    example: example(db, c),
  }));
  return {
    linesA: a.lines,
    linesB: b.lines,
    templatesA: a.templates.size,
    templatesB: b.templates.size,
    templates,
    differing: differing.length,
    identical: differing.length === 0 && a.overflow === b.overflow,
  };
}
