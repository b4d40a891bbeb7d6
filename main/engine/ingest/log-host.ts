import { artifactsOfKind } from '../store/artifacts';
import type { Db } from '../store/workspace';

/** Logs looked at, and lines of each: the host is on every line, so the first few say it. */
const SAMPLE_ARTIFACTS = 20;
const SAMPLE_LINES = 5;

/**
 * The host of a syslog or journalctl line: "Dec  1 10:00:00 node1 kubelet[1]: …", or with an ISO time
 * ("2026-12-01T10:00:00.000000+0000 node1 kubelet[1]: …", journalctl -o short-iso, rsyslog's precise
 * format).
 */
const LINE_HOST = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\S*) ([A-Za-z0-9][A-Za-z0-9._-]{0,252}) [^\s:]+:/;

/**
 * The one host the bundle's syslog and journal lines name (their first lines, in at most 20 logs), or
 * null when they name none or several (a cluster's logs): a plain tarball or a single log file carries
 * no uname to say which node it came from, but its lines do.
 */
export function hostFromLogLines(db: Db, bundleId: number): string | null {
  const firstLines = db.prepare('SELECT text FROM log_lines WHERE artifact_id = ? ORDER BY line LIMIT ?');
  const hosts = new Set<string>();
  for (const a of artifactsOfKind(db, bundleId, 'syslog', 'journal').slice(0, SAMPLE_ARTIFACTS)) {
    for (const { text } of firstLines.all(a.id, SAMPLE_LINES) as { text: string }[]) {
      const host = LINE_HOST.exec(text)?.[1];
      if (host && host !== 'localhost') hosts.add(host);
    }
  }
  return hosts.size === 1 ? [...hosts][0] : null;
}
