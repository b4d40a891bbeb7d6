import type { Db } from '../store/workspace';
import { MASKED_CHARS, templateMasker, type Masker } from './templates';

/**
 * Templates kept per bundle; lines of further templates are counted as overflow (a bound on memory).
 * The 24 peer bundles have at most 18,262 (a must-gather). An ingest may hold three counts at once
 * (its early count, the worker's, the half handed back) and their merge: at 200,000 each, a log whose
 * every line is its own template (3 million lines with a random token) took the ingest to 473 MB.
 */
export const MAX_TEMPLATES = 50_000;

export interface TemplateCount {
  count: number;
  /** Most severe level code seen (0 fatal .. 4 debug), or NO_LEVEL when no line had one. */
  level: number;
  /** log_lines.id of the first line with this template. */
  firstId: number;
}

export interface BundleTemplates {
  lines: number;
  templates: Map<string, TemplateCount>;
  /** Lines whose template did not fit under MAX_TEMPLATES. */
  overflow: number;
}

export const NO_LEVEL = 9;

/**
 * Counts log lines by template as they go by: at ingest (one add per stored line), or over the
 * stored lines at compare time. Memory: at most MAX_TEMPLATES templates of at most 400 characters.
 */
export class TemplateCounter {
  private readonly mask: Masker;
  private readonly templates = new Map<string, TemplateCount>();
  private lines = 0;
  private overflow = 0;

  /** nodeName: the bundle's hostname when known (journal and syslog headers carry it). */
  constructor(nodeName: string | null = null) {
    this.mask = templateMasker(nodeName);
  }

  add(id: number, level: number | null, text: string): void {
    this.lines++;
    const key = this.mask(text);
    const t = this.templates.get(key);
    const code = level ?? NO_LEVEL;
    if (t) {
      t.count++;
      if (code < t.level) t.level = code;
    } else if (this.templates.size < MAX_TEMPLATES) this.templates.set(ownCopy(key), { count: 1, level: code, firstId: id });
    else this.overflow++;
  }

  result(): BundleTemplates {
    return { lines: this.lines, templates: this.templates, overflow: this.overflow };
  }
}

/**
 * A copy of the template that holds its own characters. A line that masks to itself may be a substring
 * of a larger text (the masker's head of a long line, a line cut from a batch): kept as a key, it keeps
 * that whole text alive (a churning node's 300 MB ingest once held 165 MB of old batches). Slicing a
 * concatenation makes V8 flatten it into a new string first.
 */
function ownCopy(key: string): string {
  return ` ${key}`.slice(1);
}

/**
 * Rows read per statement (at most 1024 × MASKED_CHARS characters held). The template worker's young
 * generation is small (8 MB): 4096 rows of a node's rotated logs lived through two of its collections
 * while they were counted, were moved to the old generation, and its heap grew to 72 MB between full
 * collections; at 1024 rows it stays at 24 MB, and counts as fast.
 */
export const ROWS_PER_READ = 1024;

/**
 * The kind whose lines are not counted: generic text (command outputs, /proc and /sys files, configs)
 * is stored as lines to browse and search, but it holds no log messages. A sosreport's 14,754 such
 * files held 794,341 of its 820,907 lines (/proc/kallsyms alone 148,984, now kind kernel-symbols): counted, they filled the
 * 200,000 templates a bundle then kept and held some 90 MB at ingest, for templates no compare wants.
 * Kinds are final before any line is counted (a manifest packed last re-kinds earlier entries while
 * they are read), so the ingest's counts and a later recount agree.
 */
export const UNCOUNTED_KIND = 'text';

/**
 * Counts the stored log lines [from, to] of one bundle: at compare time, or by the ingest's template
 * worker as the lines are committed. Each slice is read whole, then masked: a reader that holds no
 * snapshot while it masks lets the ingest start its write-ahead log over (else the log grows as long
 * as the bundle, and the memory mapping its index with it). The lines are walked by id, each one's
 * artifact looked up by key (CROSS JOIN keeps that order): a list of the counted artifacts, made anew
 * for every slice, cost the slices times the artifacts (a sosreport's 18,000 scanned 200 times).
 */
export function countStoredLines(db: Db, counter: TemplateCounter, bundleId: number, from: number, to: number): void {
  const read = db.prepare(countedLinesSql()).raw();
  for (let lo = from; lo <= to; lo += ROWS_PER_READ) {
    const rows = read.all(lo, Math.min(to, lo + ROWS_PER_READ - 1), bundleId) as [number, number | null, string][];
    for (const [id, level, text] of rows) counter.add(id, level, text);
  }
}

/** The statement countStoredLines runs per slice: (first id, last id, bundle). */
export function countedLinesSql(): string {
  return `SELECT l.id, l.level, substr(l.text, 1, ${MASKED_CHARS}) FROM log_lines l CROSS JOIN artifacts a ON a.id = l.artifact_id
           WHERE l.id BETWEEN ? AND ? AND l.bundle_id = ? AND a.kind != '${UNCOUNTED_KIND}'`;
}

/**
 * The counts of two disjoint sets of lines as one counter would have made them: exact when neither
 * overflowed (each then knows every template of its lines, and its first line); the templates past
 * MAX_TEMPLATES by first line go to overflow, as they would have. Null when one overflowed: the lines
 * it could not place cannot be told apart, so they must be counted again as one.
 */
export function mergeTemplateCounts(a: BundleTemplates, b: BundleTemplates): BundleTemplates | null {
  if (a.overflow > 0 || b.overflow > 0) return null;
  const all = new Map(a.templates);
  for (const [template, c] of b.templates) {
    const x = all.get(template);
    all.set(template, x ? { count: x.count + c.count, level: Math.min(x.level, c.level), firstId: Math.min(x.firstId, c.firstId) } : c);
  }
  if (all.size <= MAX_TEMPLATES) return { lines: a.lines + b.lines, templates: all, overflow: 0 };
  const byFirstLine = [...all].sort((x, y) => x[1].firstId - y[1].firstId);
  const overflow = byFirstLine.slice(MAX_TEMPLATES).reduce((n, [, c]) => n + c.count, 0);
  return { lines: a.lines + b.lines, templates: new Map(byFirstLine.slice(0, MAX_TEMPLATES)), overflow };
}

/* Stored in table log_templates (migration 2); overflow is one row with an empty template. */
const OVERFLOW_KEY = '';

/** Stores a bundle's templates (inside the caller's transaction, if any). */
export function saveTemplates(db: Db, bundleId: number, t: BundleTemplates): void {
  const insert = db.prepare('INSERT OR REPLACE INTO log_templates (bundle_id, template, level, count, first_id) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM log_templates WHERE bundle_id = ?').run(bundleId);
    for (const [template, c] of t.templates) insert.run(bundleId, template, c.level, c.count, c.firstId);
    insert.run(bundleId, OVERFLOW_KEY, NO_LEVEL, t.overflow, 0);
  })();
}

/** The stored templates of a bundle, or null when they were never stored. */
export function storedTemplates(db: Db, bundleId: number): BundleTemplates | null {
  const rows = db.prepare('SELECT template, level, count, first_id FROM log_templates WHERE bundle_id = ?').raw().all(bundleId) as [
    string,
    number,
    number,
    number,
  ][];
  if (rows.length === 0) return null;
  const templates = new Map<string, TemplateCount>();
  let lines = 0;
  let overflow = 0;
  for (const [template, level, count, firstId] of rows) {
    lines += count;
    if (template === OVERFLOW_KEY) overflow = count;
    else templates.set(template, { count, level, firstId });
  }
  return { lines, templates, overflow };
}
