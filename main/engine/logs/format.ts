import type { LogLevel } from '../../../shared/api';

/** What a log parser needs to know about the bundle a line came from. */
export interface LogContext {
  /** Path of the artifact inside the bundle (used to name the source of pod/container logs). */
  artifactPath: string;
  /** When the bundle was collected (ms UTC), or null: gives syslog and dmesg lines their year. */
  collectedAtMs: number | null;
  /** The node's zone: IANA name ("Asia/Shanghai") or fixed offset ("+08:00"); null means UTC. */
  timezone: string | null;
  /** Boot time of the node (ms UTC), or null: turns dmesg's seconds-since-boot into wall time. */
  bootTimeMs: number | null;
  /**
   * A lower bound from the log itself (a journal's "Logs begin at" with no end): a year-less stamp takes
   * this bound's year, or the next one when it would fall before the bound. Overrides collectedAtMs.
   */
  notBeforeMs?: number | null;
}

/** The parts of one line the store indexes. The line's text itself is kept unmodified elsewhere. */
export interface ParsedLine {
  /** ms since the epoch, UTC; null when the line has no readable time. */
  ts: number | null;
  source: string | null;
  level: LogLevel | null;
  /**
   * Where the message proper starts (after stamps, host, program tag and a klog header): the UI shows
   * the message first when lines are not wrapped. The whole line is full-text indexed. Absent means
   * the whole line.
   */
  messageAt?: number;
}

/**
 * One log format: a parser per line, plus a sniffer used when a bundle has no manifest.
 * parse() must never throw and must be fast: it runs once per line of a multi-GB bundle.
 */
export interface LogFormat {
  kind: string;
  /**
   * Its stamps carry their whole date and zone (CRI's RFC 3339, an epoch): what the bundle or the log
   * says of the collection time, the year or the boot time changes none of them.
   */
  fullStamps?: true;
  /** True when these first lines (at most 20, without their newline) look like this format. */
  sniff(lines: string[]): boolean;
  parse(line: string, ctx: LogContext): ParsedLine;
}

export const LEVEL_CODES: Record<LogLevel, number> = { fatal: 0, error: 1, warning: 2, info: 3, debug: 4 };
export const LEVEL_BY_CODE: LogLevel[] = ['fatal', 'error', 'warning', 'info', 'debug'];
