import type { LogFormat } from './format';
import { criFormat } from './cri';
import { dmesgFormat } from './dmesg';
import { dockerJsonFormat } from './docker-json';
import { collectorLogFormat } from './collector-log';
import { genericFormat } from './generic';
import { journalFormat } from './journal';
import { journalJsonFormat } from './journal-json';
import { klogFormat } from './klog';
import { syslogFormat } from './syslog';

/** Every log format, most specific first: the order sniffLogFormat tries them in. */
export const LOG_FORMATS: LogFormat[] = [
  journalJsonFormat,
  collectorLogFormat,
  dockerJsonFormat,
  criFormat,
  dmesgFormat,
  journalFormat,
  syslogFormat,
  klogFormat,
  genericFormat,
];

const BY_KIND = new Map(LOG_FORMATS.map((f) => [f.kind, f]));

export function logFormatFor(kind: string): LogFormat | undefined {
  return BY_KIND.get(kind);
}

/** Paths where plain text is worth indexing as a log even when no known format matches. */
function looksLikeLogPath(path: string): boolean {
  return /\.log(?:\.\d+)?$|(?:^|\/)var\/log\/|(?:^|\/)logs?\//.test(path);
}

/**
 * The format of a file no manifest describes, from its first lines (at most 20, without newlines).
 * The generic 'log' format is the answer only for paths that look like logs.
 */
export function sniffLogFormat(path: string, firstLines: string[]): LogFormat | undefined {
  const lines = firstLines.length > 20 ? firstLines.slice(0, 20) : firstLines;
  for (const format of LOG_FORMATS) {
    if (format === genericFormat) continue;
    if (format.sniff(lines)) return format;
  }
  if (looksLikeLogPath(path) && genericFormat.sniff(lines)) return genericFormat;
  // Content before name: a log saved as .txt, .out or with no extension is still a log.
  return looksLikeLogContent(path, lines) ? genericFormat : undefined;
}

/**
 * Most of the first lines (three fifths, and at least three) start with a time or carry a level
 * marker. Read only until the answer is certain: a sosreport's thousands of command outputs are
 * told apart from logs after about half of their lines.
 */
function looksLikeLogContent(path: string, lines: readonly string[]): boolean {
  const ctx = { artifactPath: path, collectedAtMs: null, timezone: null, bootTimeMs: null };
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  if (nonEmpty.length < 3) return false;
  const needed = Math.ceil((nonEmpty.length * 3) / 5);
  let hits = 0;
  let misses = 0;
  for (const l of nonEmpty) {
    const p = genericFormat.parse(l.length > 2000 ? l.slice(0, 2000) : l, ctx);
    if (p.ts !== null || p.level !== null) {
      if (++hits >= needed) return true;
    } else if (++misses > nonEmpty.length - needed) return false;
  }
  return false;
}
