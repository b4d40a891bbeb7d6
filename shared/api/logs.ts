import type { BundleId, LogLevel } from './bundles';
import { arity, int, oneOf, onlyKeys, optInt, optStr, record, str, strList, type ArgValidators } from './args';

export interface LogLine {
  /** Row id, stable within a workspace: a cursor for context and paging. */
  id: number;
  artifact: string;
  /** 1-based line number within the artifact. */
  line: number;
  /** ISO UTC, or null when the line carries no time the parser could read. */
  time: string | null;
  /** Unit, program, pod/container or file the line came from. */
  source: string | null;
  level: LogLevel | null;
  /** The line as the node wrote it. */
  text: string;
  /** Where the message proper starts in `text` (after stamps, host, unit[pid], klog header); 0 if unknown. */
  messageAt: number;
}

export interface LogQuery {
  bundle: BundleId;
  /**
   * What to look for in the whole line and its source (shared/log-query.ts): words (prefixes),
   * "phrases", -excluded terms, /regex/ (RE2), a OR b. Empty: every line.
   */
  text?: string;
  sources?: string[];
  levels?: LogLevel[];
  /** ISO UTC bounds, inclusive. */
  from?: string;
  to?: string;
  limit?: number;
  /** Return lines after this row id (paging), in the query's order. */
  after?: number;
  /** Return lines from this row id on (it first), in the query's order; `after` wins when both are given. */
  at?: number;
  /** Oldest first (default) or newest first. */
  order?: LogOrder;
  /** Which files' lines: logs, text, or both (the default: logs, then text). */
  files?: LogFiles;
}

export type LogOrder = 'asc' | 'desc';

/**
 * `logs`: the lines of files that carry a time (journals, pod and container logs, syslog, dmesg), of
 * every file merged by time, each file in its own order. `text`: the lines of files without
 * (command outputs, YAML, /proc files), file after file. `all`: the logs, then the text.
 */
export type LogFiles = 'logs' | 'text' | 'all';

export interface LogCount {
  /** Every line matching the query: exact, not capped. */
  total: number;
  /** Of those, lines of level error or fatal. */
  errors: number;
}

export interface LogPage {
  lines: LogLine[];
  /** Row id to pass as `after` for the next page, or null at the end. */
  next: number | null;
  /**
   * True when a search matched more lines than are merged by time (MAX_TIME_ORDERED_MATCHES in the
   * engine): its lines then come file by file, in the order the files were read.
   */
  inFileOrder?: boolean;
}

export interface LogSource {
  source: string;
  lines: number;
}

export interface LogHistogramBucket {
  /** ISO UTC start of the bucket. */
  start: string;
  count: number;
  errors: number;
  /**
   * Set on a bar that gathers the few lines far from the rest, first or last (a dpkg.log days older
   * than the journals): the ISO end of its span, wider than the other bars'.
   */
  apartUntil?: string;
}

export interface LogsApi {
  searchLogs(query: LogQuery): Promise<LogPage>;
  /** Exact number of lines the query matches (not a page's worth). */
  countLogs(query: LogQuery): Promise<LogCount>;
  logSources(bundle: BundleId): Promise<LogSource[]>;
  logHistogram(query: LogQuery, buckets: number): Promise<LogHistogramBucket[]>;
  /** Lines around one line of an artifact (radius lines each side). */
  logContext(bundle: BundleId, artifact: string, line: number, radius: number): Promise<LogLine[]>;
}

export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warning', 'info', 'debug'];
export const LOG_ORDERS: readonly LogOrder[] = ['asc', 'desc'];
export const LOG_FILES: readonly LogFiles[] = ['logs', 'text', 'all'];

function logQuery(v: unknown): LogQuery {
  const o = record(v, 'query');
  onlyKeys(o, 'query', ['bundle', 'text', 'sources', 'levels', 'from', 'to', 'limit', 'after', 'at', 'order', 'files']);
  return {
    bundle: int(o.bundle, 'query.bundle', 1),
    text: optStr(o.text, 'query.text', 1000),
    sources: strList(o.sources, 'query.sources'),
    levels: strList(o.levels, 'query.levels', 5)?.map((l) => oneOf(l, 'query.levels', LOG_LEVELS)),
    from: optStr(o.from, 'query.from', 40),
    to: optStr(o.to, 'query.to', 40),
    limit: optInt(o.limit, 'query.limit', 1, 10_000),
    after: optInt(o.after, 'query.after'),
    at: optInt(o.at, 'query.at'),
    order: o.order === undefined || o.order === null ? undefined : oneOf(o.order, 'query.order', LOG_ORDERS),
    files: o.files === undefined || o.files === null ? undefined : oneOf(o.files, 'query.files', LOG_FILES),
  };
}

export const logsArgs: ArgValidators<LogsApi> = {
  searchLogs: (a) => (arity(a, 1, 1), [logQuery(a[0])]),
  countLogs: (a) => (arity(a, 1, 1), [logQuery(a[0])]),
  logSources: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  logHistogram: (a) => (arity(a, 2, 2), [logQuery(a[0]), int(a[1], 'buckets', 1, 2000)]),
  logContext: (a) => (
    arity(a, 4, 4),
    [int(a[0], 'bundle id', 1), str(a[1], 'artifact path'), int(a[2], 'line', 1), int(a[3], 'radius', 0, 1000)]
  ),
};
