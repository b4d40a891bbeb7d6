import type Database from 'better-sqlite3';

/**
 * What the full-text index holds of a log line: the whole line, except the clock times of its prefix
 * (before the message). Stamps with micro- or nanoseconds are one-off tokens, a million per million
 * lines: indexing them doubled the index and its build time (measured: 60 vs 44 MB and 4.2 vs 2.5 s
 * for 400k kubelet lines). Host, unit, pid, the klog header's letter, date and file:line all stay.
 * Times are searched with the From/To bounds, or a /regex/ (which reads the line itself).
 */
export const PREFIX_CLOCK_TIME = /\d{1,2}:\d\d:\d\d(?:[.,]\d{1,9})?/g;

export function searchText(text: string, messageAt: number): string {
  if (!(messageAt > 0)) return text;
  return text.slice(0, messageAt).replace(PREFIX_CLOCK_TIME, ' ') + text.slice(messageAt);
}

export const SEARCH_TEXT_FUNCTION = 'nodescope_search_text';

/**
 * searchText(text, msg) of a log_lines row, in SQL. A line with no prefix (generic text: command
 * outputs, /proc files) is its own search text: SQLite hands it over without a call into JavaScript,
 * which cost the index worker 0.55 s of a sosreport's 1.2 s of reading (794,341 such lines).
 */
export const SEARCH_TEXT_SQL = `CASE WHEN msg > 0 THEN ${SEARCH_TEXT_FUNCTION}(text, msg) ELSE text END`;

/** Makes searchText callable from SQL on this connection (ingest and the reindexing migration use it). */
export function registerSearchText(db: Database.Database): void {
  db.function(SEARCH_TEXT_FUNCTION, { deterministic: true }, (text: unknown, msg: unknown) =>
    typeof text === 'string' ? searchText(text, typeof msg === 'number' ? msg : Number(msg)) : '',
  );
}
