import type { LogContext, LogFormat, ParsedLine } from './format';
import { stampedLineTime, taggedMessageLevel } from './journal';
import { afterKlogHeader } from './level';
import { readIso, readSyslogStamp, scan } from './scan';
import { cachedSourceFromPath } from './source';
import { readTag, tag } from './tagged';

function isSyslogLine(line: string): boolean {
  const classic = readSyslogStamp(line, 0);
  if (classic !== classic) {
    const iso = readIso(line, 0);
    if (iso !== iso || !scan.zoned) return false;
  }
  readTag(line, scan.end);
  return tag.ident !== null;
}

/**
 * /var/log/messages, /var/log/syslog, kern.log as rsyslog writes them: "Nov  5 09:50:27 host prog[pid]: msg"
 * (traditional: the node's local time without a year, taken from the bundle's collection time and zone)
 * or "2026-11-05T09:50:27.123456+08:00 host prog[pid]: msg" (high precision). Source: the program tag
 * without its pid ("dockerd[1751]:" -> "dockerd"); lines without a tag keep the file's name.
 */
export const syslogFormat: LogFormat = {
  kind: 'syslog',
  sniff(lines: string[]): boolean {
    const seen = lines.filter((l) => l !== '');
    return seen.length > 0 && seen.filter(isSyslogLine).length * 2 >= seen.length;
  },
  parse(line: string, ctx: LogContext): ParsedLine {
    const ts = stampedLineTime(line, ctx);
    if (ts !== ts) return { ts: null, source: cachedSourceFromPath(ctx.artifactPath), level: null };
    readTag(line, scan.end);
    return {
      ts,
      source: tag.ident ?? cachedSourceFromPath(ctx.artifactPath),
      level: taggedMessageLevel(line),
      messageAt: afterKlogHeader(line, tag.messageAt),
    };
  },
};
