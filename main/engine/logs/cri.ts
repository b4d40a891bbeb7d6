import type { LogContext, LogFormat, ParsedLine } from './format';
import { levelAfterOwnStamp } from './generic';
import { afterKlogHeader, messageLevel } from './level';
import { readIso, scan } from './scan';
import { cachedSourceFromPath } from './source';

/**
 * Where the message of a CRI log line starts: "<RFC3339Nano> <stdout|stderr> <P|F> <message>"
 * (containerd: Go's RFC3339Nano with trailing zeros trimmed; CRI-O's conmon: nine digits and an offset).
 * Needs readIso to have just read the stamp. -1 when the rest is not a CRI line.
 */
function messageStart(s: string): number {
  let i = scan.end;
  if (s.charCodeAt(i) !== 32) return -1;
  i++;
  if (s.startsWith('stdout ', i) || s.startsWith('stderr ', i)) i += 7;
  else return -1;
  // the tag is "P" or "F", possibly with more ":"-separated tags after it
  while (i < s.length && s.charCodeAt(i) !== 32) i++;
  return i + 1;
}

function isCriLine(line: string): boolean {
  const t = readIso(line, 0);
  return t === t && scan.zoned && messageStart(line) > 0;
}

function sniff(lines: string[]): boolean {
  const seen = lines.filter((l) => l !== '');
  return seen.length > 0 && seen.filter(isCriLine).length * 2 >= seen.length;
}

/**
 * CRI container logs (/var/log/pods/<ns>_<pod>_<uid>/<container>/<n>.log): time from the runtime's stamp,
 * source "<ns>/<pod>/<container>" from the path, level from the message, after its program's own stamp if it
 * has one (a P part's continuation, the next line's message, is judged on its own).
 */
export const criFormat: LogFormat = {
  kind: 'cri-log',
  fullStamps: true,
  sniff,
  parse(line: string, ctx: LogContext): ParsedLine {
    const source = cachedSourceFromPath(ctx.artifactPath);
    const t = readIso(line, 0);
    if (t !== t || !scan.zoned) return { ts: null, source, level: null };
    const at = messageStart(line);
    const level = at > 0 ? messageLevel(line, at) ?? levelAfterOwnStamp(line, at) : null;
    return { ts: t, source, level, messageAt: at > 0 ? afterKlogHeader(line, at) : 0 };
  },
};
