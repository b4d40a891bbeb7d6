import type { LogLevel } from '../../../shared/api';
import type { LogContext, LogFormat, ParsedLine } from './format';
import { messageLevel } from './level';
import { digit } from './scan';

const SOURCE = 'collector';

/** "[+12.345s] " (the collector's time since it started): ms, or NaN; end in `elapsedEnd`. */
let elapsedEnd = 0;
function readElapsed(s: string): number {
  if (s.charCodeAt(0) !== 91 || s.charCodeAt(1) !== 43) return NaN;
  let j = 2;
  let secs = 0;
  for (let c = digit(s, j); c >= 0; c = digit(s, ++j)) secs = secs * 10 + c;
  if (j === 2 || s.charCodeAt(j) !== 46) return NaN;
  let ms = 0;
  let n = 0;
  for (let c = digit(s, ++j); c >= 0 && n < 3; c = digit(s, ++j), n++) ms = ms * 10 + c;
  if (n !== 3 || !s.startsWith('s] ', j)) return NaN;
  elapsedEnd = j + 3;
  return secs * 1000 + ms;
}

/** The collector's words for a step that went wrong without stopping the run. */
const TROUBLE = ['timed out after ', ': abandoned', ' not reachable ', 'output disk full'];

function levelOf(s: string, at: number): LogLevel {
  for (const word of TROUBLE) if (s.includes(word, at)) return 'warning';
  return messageLevel(s, at) ?? 'info';
}

/**
 * collector.log: "[+7.800s] message", seconds since the collector started (the manifest's startedAt,
 * whole seconds, so times are good to the second). Source "collector".
 */
export const collectorLogFormat: LogFormat = {
  kind: 'collector-log',
  sniff(lines: string[]): boolean {
    const first = lines.find((l) => l !== '');
    return first !== undefined && first.includes('] nodescope-collect ') && !Number.isNaN(readElapsed(first));
  },
  parse(line: string, ctx: LogContext): ParsedLine {
    const elapsed = readElapsed(line);
    if (elapsed !== elapsed) return { ts: null, source: SOURCE, level: messageLevel(line, 0) };
    const ts = ctx.collectedAtMs === null ? null : ctx.collectedAtMs + elapsed;
    return { ts, source: SOURCE, level: levelOf(line, elapsedEnd), messageAt: elapsedEnd };
  },
};
