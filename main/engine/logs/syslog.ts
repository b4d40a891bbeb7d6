import { nodeClock } from './clock';
import type { LogContext, LogFormat, ParsedLine } from './format';
import { stampedLineTime, taggedMessageLevel } from './journal';
import { afterKlogHeader, kernelLevel, messageLevel, priorityLevel } from './level';
import { readIso, readSyslogStamp, scan } from './scan';
import { cachedSourceFromPath } from './source';
import { readRfc5424, readWirePriority, wire } from './syslog-wire';
import { readTag, tag } from './tagged';

function isSyslogLine(line: string): boolean {
  readWirePriority(line);
  const at = wire.afterPriority;
  if (at > 0 && readRfc5424(line, at)) return true;
  const classic = readSyslogStamp(line, at);
  if (classic !== classic) {
    const iso = readIso(line, at);
    if (iso !== iso || !scan.zoned) return false;
  }
  readTag(line, scan.end);
  return tag.ident !== null;
}

/** RFC 5424's stamp (RFC 3339, or "-" for none) at wire.stampAt. */
function rfc5424Time(line: string, ctx: LogContext): number | null {
  const t = readIso(line, wire.stampAt);
  if (t !== t) return null;
  return scan.zoned ? t : nodeClock(ctx).wall(t);
}

/** A line RFC 5424 wrote: the message's own level first, as for the other forms, then PRI's severity. */
function parseRfc5424(line: string, priority: number, ctx: LogContext): ParsedLine {
  const at = wire.messageAt;
  const app = wire.app;
  const said = messageLevel(line, at) ?? (app === 'kernel' ? kernelLevel(line, at) : null);
  return {
    ts: rfc5424Time(line, ctx),
    source: app ?? cachedSourceFromPath(ctx.artifactPath),
    level: said ?? priorityLevel(priority),
    messageAt: afterKlogHeader(line, at),
  };
}

/**
 * /var/log/messages, /var/log/syslog, kern.log as rsyslog writes them: "Nov  5 09:50:27 host prog[pid]: msg"
 * (traditional: the node's local time without a year, taken from the bundle's collection time and zone)
 * or "2026-11-05T09:50:27.123456+08:00 host prog[pid]: msg" (high precision); either after the "<PRI>"
 * of the wire format, which may also be RFC 5424's (see syslog-wire.ts). Source: the program tag without
 * its pid ("dockerd[1751]:" -> "dockerd") or APP-NAME; lines without a tag keep the file's name.
 */
export const syslogFormat: LogFormat = {
  kind: 'syslog',
  sniff(lines: string[]): boolean {
    const seen = lines.filter((l) => l !== '');
    return seen.length > 0 && seen.filter(isSyslogLine).length * 2 >= seen.length;
  },
  parse(line: string, ctx: LogContext): ParsedLine {
    const priority = readWirePriority(line);
    const at = wire.afterPriority;
    if (at > 0 && readRfc5424(line, at)) return parseRfc5424(line, priority, ctx);
    const ts = stampedLineTime(line, ctx, at);
    if (ts !== ts) return { ts: null, source: cachedSourceFromPath(ctx.artifactPath), level: null };
    readTag(line, scan.end);
    return {
      ts,
      source: tag.ident ?? cachedSourceFromPath(ctx.artifactPath),
      level: taggedMessageLevel(line) ?? priorityLevel(priority),
      messageAt: afterKlogHeader(line, tag.messageAt),
    };
  },
};
