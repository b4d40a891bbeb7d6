import type { LogLevel } from '../../../shared/api';
import type { LogContext, LogFormat, ParsedLine } from './format';
import { kernelLevel, messageLevel, priorityLevel } from './level';
import { unitName } from './source';

/**
 * `journalctl -o json`: one object per line, keys in no fixed order. The few fields needed are found by
 * their key (a key's quotes cannot occur unescaped inside a JSON string, so the search cannot land in a
 * value); JSON.parse runs only for a MESSAGE journald stored as bytes.
 */
const lastValues = new Map<string, string>();

/** The string value of a key; the previous line's value is reused when equal (units repeat line after line). */
function stringField(s: string, key: string): string | null {
  const at = s.indexOf(key);
  if (at < 0) return null;
  const start = at + key.length;
  const end = s.indexOf('"', start);
  if (end < 0) return null;
  const last = lastValues.get(key);
  if (last !== undefined && last.length === end - start && s.startsWith(last, start)) return last;
  const value = s.slice(start, end);
  lastValues.set(key, value);
  return value;
}

function numberField(s: string, key: string): number {
  const at = s.indexOf(key);
  if (at < 0) return NaN;
  let n = 0;
  let j = at + key.length;
  for (let c = s.charCodeAt(j) - 48; c >= 0 && c <= 9; c = s.charCodeAt(++j) - 48) n = n * 10 + c;
  return j === at + key.length ? NaN : n;
}

/** A MESSAGE journald kept as bytes (not UTF-8, or with control characters) is a JSON array of numbers. */
function byteMessage(s: string, at: number): string {
  const end = s.indexOf(']', at);
  try {
    const bytes = JSON.parse(s.slice(at, end + 1)) as number[];
    return Buffer.from(bytes.slice(0, 512)).toString('utf8');
  } catch {
    return '';
  }
}

function levelOf(s: string, identifier: string | null): LogLevel | null {
  const key = '"MESSAGE":';
  const at = s.indexOf(key);
  let said: LogLevel | null = null;
  if (at >= 0) {
    const v = at + key.length;
    const c = s.charCodeAt(v);
    if (c === 34) said = messageLevel(s, v + 1) ?? (identifier === 'kernel' ? kernelLevel(s, v + 1) : null);
    else if (c === 91) said = messageLevel(byteMessage(s, v), 0);
  }
  // a klog letter is truer than the PRIORITY kubelet's stderr gets (always 6)
  return said ?? priorityLevel(numberField(s, '"PRIORITY":"'));
}

function sniff(lines: string[]): boolean {
  const first = lines.find((l) => l !== '');
  return first !== undefined && first.startsWith('{') && (first.includes('"__REALTIME_TIMESTAMP":"') || first.includes('"__REALTIME_TIMESTAMP" : "'));
}

/** Older journalctl (and sonobuoy's systemd_logs) print `"KEY" : "value"`: the same keys with spaces. */
const SPACED = '" : "';
const spaced = (key: string) => key.replace('":"', SPACED);

export const journalJsonFormat: LogFormat = {
  kind: 'journal-json',
  fullStamps: true,
  sniff,
  parse(line: string, _ctx: LogContext): ParsedLine {
    if (line.includes(SPACED)) return parseSpaced(line);
    const usec = numberField(line, '"__REALTIME_TIMESTAMP":"');
    const unit = stringField(line, '"_SYSTEMD_UNIT":"');
    const identifier = stringField(line, '"SYSLOG_IDENTIFIER":"');
    return {
      ts: usec === usec ? Math.floor(usec / 1000) : null,
      source: unit ? unitName(unit) : identifier ?? stringField(line, '"_COMM":"'),
      level: levelOf(line, identifier),
    };
  },
};

function parseSpaced(line: string): ParsedLine {
  const usec = numberField(line, spaced('"__REALTIME_TIMESTAMP":"'));
  const unit = stringField(line, spaced('"_SYSTEMD_UNIT":"'));
  const identifier = stringField(line, spaced('"SYSLOG_IDENTIFIER":"'));
  const at = line.indexOf('"MESSAGE" : "');
  const said = at >= 0 ? messageLevel(line, at + '"MESSAGE" : "'.length) : null;
  return {
    ts: usec === usec ? Math.floor(usec / 1000) : null,
    source: unit ? unitName(unit) : identifier ?? stringField(line, spaced('"_COMM":"')),
    level: said ?? priorityLevel(numberField(line, spaced('"PRIORITY":"'))),
  };
}
