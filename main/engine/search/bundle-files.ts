import { blockLatestOf, STEP_BLOCK } from '../ingest/log-summary';
import { withPageCacheSync, type Db } from '../store/workspace';

/**
 * A bundle's files that hold log lines, split as an operator reads them: logs (files whose lines carry
 * a time: journals, pod logs, syslog, dmesg) and text (command outputs, YAML, /proc files: no time).
 * Ingest writes one file's lines one after the other, so each file is an id range of log_lines.
 */
export interface LogFile {
  artifact: number;
  /** The file's first and last line ids. */
  first: number;
  last: number;
  /** The time of its first timed line, and its latest time (ms). */
  firstTs: number;
  maxTs: number;
  /**
   * Null for a log in time order. For a log whose times step back (a clock set back, lines written
   * out of order), the latest time up to the end of each block of STEP_BLOCK lines: a line of it
   * stands in the merge at the latest time of its log so far (see time-order.ts).
   */
  latestByBlock: Float64Array | null;
}

export interface TextFile {
  artifact: number;
  first: number;
  last: number;
}

export interface BundleFiles {
  /** By first time, then artifact id. */
  logs: LogFile[];
  /** By last time, then artifact id, latest first. */
  logsByEnd: LogFile[];
  /** Runs of text files whose lines follow each other, in id order. */
  textRuns: TextFile[];
  logOf: Map<number, LogFile>;
  /** The logs' artifact ids as a JSON array, for `IN (SELECT value FROM json_each(?))` (made when first asked). */
  readonly logIdsJson: string;
}

/**
 * An artifact ingested before its times' summary was recorded: a plain-text file (kind "text") whose
 * format was sniffed from its first lines has times on them, so one with no time in its first lines is
 * text (its other lines are not read to find out).
 */
const TEXT_FILE_TIME_WITHIN = 64;

/**
 * The connection's page cache while it lists a bundle's files (KiB). The listing reads every artifact
 * row of the bundle once per connection (then it is kept, below): at the usual 64 MiB, the first search
 * of 200,000 small pod logs kept 35 MB of their pages, never read again.
 */
const LISTING_CACHE_KIB = 2048;

/** Per connection, per bundle (its id, range and ingest time): a bundle's lines never change once ready. */
const cache = new WeakMap<Db, Map<string, BundleFiles>>();

/** Files the plans were read for (tests count the work: a second page reads none). */
export const bundleFilesStats = { built: 0 };

export function bundleFiles(db: Db, bundle: { id: number; ingested_at: string }, range: { first: number; last: number }): BundleFiles {
  let byBundle = cache.get(db);
  if (!byBundle) cache.set(db, (byBundle = new Map()));
  const key = `${bundle.id}:${range.first}:${range.last}:${bundle.ingested_at}`;
  let files = byBundle.get(key);
  if (!files) {
    files = withPageCacheSync(db, LISTING_CACHE_KIB, () => readBundleFiles(db, bundle.id));
    bundleFilesStats.built++;
    byBundle.set(key, files);
  }
  return files;
}

interface ArtifactLines {
  artifact: number;
  kind: string;
  first: number | null;
  last: number | null;
  /** The summary of its lines recorded at ingest (ingest/log-summary.ts); steps_back null: not recorded. */
  log_first_ts: number | null;
  log_max_ts: number | null;
  log_steps_back: number | null;
  /** For a log whose times step back: the latest time of each block, kept at ingest (null before migration 11). */
  log_block_latest: Buffer | null;
}

/** Lines whose times were read to place their log (tests count the work: none for a bundle ingested now). */
export const logTimesStats = { linesRead: 0 };

/** Per file: the summary of its lines kept at ingest (ids, times and, for a log that steps back, its blocks' latest), else two seeks in the (artifact, line) index and a read of its times. */
function readBundleFiles(db: Db, bundleId: number): BundleFiles {
  const artifacts = db
    .prepare(
      // An artifact ingested before its ids were kept: its first and last lines from the (artifact, line)
      // index (coalesce evaluates the subquery only then).
      `SELECT a.id AS artifact, a.kind, a.log_first_ts, a.log_max_ts, a.log_steps_back, a.log_block_latest,
         coalesce(a.log_first_id, (SELECT id FROM log_lines WHERE artifact_id = a.id ORDER BY line LIMIT 1)) AS first,
         coalesce(a.log_last_id, (SELECT id FROM log_lines WHERE artifact_id = a.id ORDER BY line DESC LIMIT 1)) AS last
       FROM artifacts a WHERE a.bundle_id = ?`,
    )
    // Row by row: 81,201 row objects held at once (.all()) outlived the young generation, and the first
    // search of a rotated /var/log grew the process by 95 MB instead of 51 (its peak RSS: up to 356 MB).
    .iterate(bundleId) as IterableIterator<ArtifactLines>;
  const firstTime = db.prepare('SELECT ts FROM log_lines WHERE id BETWEEN ? AND ? AND ts IS NOT NULL ORDER BY id LIMIT 1').pluck();
  const times = db.prepare('SELECT ts FROM log_lines WHERE id BETWEEN ? AND ?').pluck();
  const timesOfLines = (first: number, last: number): (number | null)[] => {
    const ts = times.all(first, last) as (number | null)[];
    logTimesStats.linesRead += ts.length;
    return ts;
  };
  const logs: LogFile[] = [];
  const text: TextFile[] = [];
  // Every LogFile is made by logFile(), of one shape: the sorts below compare 80,000 of them.
  for (const a of artifacts) {
    if (a.first === null || a.last === null) continue;
    if (a.log_steps_back !== null) {
      // Recorded at ingest; a log whose times step back has its blocks' latest too (before migration 11: read from its lines).
      if (a.log_first_ts === null || a.log_max_ts === null) text.push({ artifact: a.artifact, first: a.first, last: a.last });
      else if (!a.log_steps_back) logs.push(logFile(a.artifact, a.first, a.last, a.log_first_ts, { maxTs: a.log_max_ts, latestByBlock: null }));
      else {
        const kept = blockLatestOf(a.log_block_latest, a.last - a.first + 1);
        const times = kept ? { maxTs: a.log_max_ts, latestByBlock: kept } : timesOf(timesOfLines(a.first, a.last));
        logs.push(logFile(a.artifact, a.first, a.last, a.log_first_ts, times));
      }
      continue;
    }
    const probeTo = a.kind === 'text' ? Math.min(a.last, a.first + TEXT_FILE_TIME_WITHIN - 1) : a.last;
    const firstTs = firstTime.get(a.first, probeTo) as number | undefined;
    if (firstTs === undefined) text.push({ artifact: a.artifact, first: a.first, last: a.last });
    else logs.push(logFile(a.artifact, a.first, a.last, firstTs, timesOf(timesOfLines(a.first, a.last))));
  }
  logs.sort((x, y) => x.firstTs - y.firstTs || x.artifact - y.artifact);
  const logOf = new Map<number, LogFile>();
  for (const f of logs) logOf.set(f.artifact, f);
  let idsJson: string | null = null;
  return {
    logs,
    logsByEnd: [...logs].sort((x, y) => y.maxTs - x.maxTs || y.artifact - x.artifact),
    textRuns: runsOf(text),
    logOf,
    get logIdsJson() {
      return (idsJson ??= JSON.stringify(logs.map((f) => f.artifact)));
    },
  };
}

function logFile(artifact: number, first: number, last: number, firstTs: number, times: Pick<LogFile, 'maxTs' | 'latestByBlock'>): LogFile {
  return { artifact, first, last, firstTs, maxTs: times.maxTs, latestByBlock: times.latestByBlock };
}

/**
 * A log's latest time, and whether its times ever step back (then its latest time by block): one
 * read of its times, when the bundle's files are first listed (no index on time to ask instead).
 */
function timesOf(ts: (number | null)[]): Pick<LogFile, 'maxTs' | 'latestByBlock'> {
  const latest = new Float64Array(Math.ceil(ts.length / STEP_BLOCK));
  let max = -Infinity;
  let inOrder = true;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (t !== null) {
      if (t < max) inOrder = false;
      else max = t;
    }
    if ((i + 1) % STEP_BLOCK === 0 || i === ts.length - 1) latest[Math.floor(i / STEP_BLOCK)] = max;
  }
  return { maxTs: max, latestByBlock: inOrder ? null : latest };
}

/** Text files whose id ranges touch, joined: a page of many one-line files is one query. */
function runsOf(files: TextFile[]): TextFile[] {
  const runs: TextFile[] = [];
  for (const f of [...files].sort((x, y) => x.first - y.first)) {
    const prev = runs.at(-1);
    if (prev && prev.last + 1 === f.first) prev.last = f.last;
    else runs.push({ ...f });
  }
  return runs;
}
