import type { LogContext, LogFormat, ParsedLine } from './format';
import { nodeClock } from './clock';
import { afterKlogHeader, isKlogHeader, klogLevel, messageLevel } from './level';
import { d2, packNoYear, readClock } from './scan';
import { cachedSourceFromPath } from './source';

/**
 * UTC ms of the klog header at i ("I1105 09:50:27.583544 …"): klog writes the process's local time
 * without a year, so the year and zone come from the bundle. NaN when the date is impossible.
 */
export function klogTime(s: string, i: number, ctx: LogContext): number {
  const month = d2(s, i + 1);
  const day = d2(s, i + 3);
  if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  const clock = readClock(s, i + 6);
  if (clock !== clock) return NaN;
  return nodeClock(ctx).noYear(packNoYear(month - 1, day, clock));
}

function sniff(lines: string[]): boolean {
  let seen = 0;
  let klog = 0;
  for (const line of lines) {
    if (line === '' || line.startsWith('Log file created at:') || line.startsWith('Running on machine:')) continue;
    if (line.startsWith('Binary: ') || line.startsWith('Log line format: ')) continue;
    seen++;
    if (isKlogHeader(line, 0)) klog++;
  }
  return seen > 0 && klog * 2 >= seen;
}

/**
 * klog/glog files (kube-apiserver.log, kubelet.log on nodes without journald):
 * "Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg". Lines without a header (continuations of a
 * multi-line message, glog's file banner) keep the file's source and have no time.
 */
export const klogFormat: LogFormat = {
  kind: 'klog',
  sniff,
  parse(line: string, ctx: LogContext): ParsedLine {
    const source = cachedSourceFromPath(ctx.artifactPath);
    if (!isKlogHeader(line, 0)) return { ts: null, source, level: messageLevel(line, 0) };
    const ts = klogTime(line, 0, ctx);
    return { ts: ts === ts ? ts : null, source, level: klogLevel(line, 0), messageAt: afterKlogHeader(line, 0) };
  },
};
