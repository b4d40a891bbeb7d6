import type { Timeline, TimelineApi, TimelineEvent, TimelineQuery, TimelineSeries } from '../../../shared/api/timeline';
import type { BundleManifest } from '../../../shared/bundle-format';
import { storedFindings } from '../findings/api';
import { k8sEventsOf, k8sPodsOf } from '../k8s/api';
import { requireBundle } from '../library/api';
import { LEVEL_BY_CODE } from '../logs/format';
import type { Db } from '../store/workspace';

const DEFAULT_BUCKETS = 120;
const MAX_SERIES = 10;
/** Per kind of event: a week of kernel noise must not drown the axis (the rest is counted). */
const MAX_EVENTS_PER_KIND = 400;
const OTHER = '(other sources)';

interface Range {
  first: number;
  last: number;
}

function parseTime(s: string | null | undefined): number | null {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : null;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The events of a bundle with a time, each kind capped; how many were left out. */
function events(db: Db, bundleId: number, range: Range | null): { events: (TimelineEvent & { ms: number })[]; leftOut: number } {
  const out: (TimelineEvent & { ms: number })[] = [];
  let leftOut = 0;
  const add = (list: (TimelineEvent & { ms: number })[]): void => {
    list.sort((a, b) => a.ms - b.ms);
    leftOut += Math.max(0, list.length - MAX_EVENTS_PER_KIND);
    out.push(...list.slice(0, MAX_EVENTS_PER_KIND));
  };
  const none = { artifact: null, line: null, finding: null };

  if (range) {
    // Kernel lines of warning level or worse (dmesg, kern.log, the journal's kernel transport).
    const rows = db
      .prepare(
        `SELECT a.path, l.line, l.ts, l.level, l.text, l.msg FROM log_lines l JOIN artifacts a ON a.id = l.artifact_id
          WHERE l.id BETWEEN ? AND ? AND l.ts IS NOT NULL AND l.level <= 2
            AND (a.kind = 'dmesg' OR l.source = 'kernel' OR a.path LIKE '%kern.log' OR a.path LIKE '%dmesg%')
          ORDER BY l.ts LIMIT ?`,
      )
      .all(range.first, range.last, MAX_EVENTS_PER_KIND + 1) as { path: string; line: number; ts: number; level: number; text: string; msg: number }[];
    if (rows.length > MAX_EVENTS_PER_KIND) leftOut++;
    add(
      rows.slice(0, MAX_EVENTS_PER_KIND).map((r) => ({
        kind: 'kernel',
        ms: r.ts,
        time: iso(r.ts),
        title: r.text.slice(r.msg, r.msg + 200).trim() || r.text.slice(0, 200),
        severity: LEVEL_BY_CODE[r.level] ?? null,
        artifact: r.path,
        line: r.line,
        finding: null,
      })),
    );
  }

  add(
    k8sEventsOf(db, bundleId).items.flatMap((e) => {
      const ms = parseTime(e.lastTime ?? e.firstTime);
      if (ms === null) return [];
      const count = e.count > 1 ? ` (×${e.count})` : '';
      return [{ kind: 'k8s-event' as const, ms, time: iso(ms), title: `${e.reason ?? 'Event'} ${e.object}${count}: ${(e.message ?? '').slice(0, 200)}`, severity: e.type, ...none }];
    }),
  );

  add(
    k8sPodsOf(db, bundleId).items.flatMap((p) =>
      p.containers.flatMap((c) => {
        const ended = [c.lastState, c.state === 'terminated' ? c : null].filter((s) => s && s.state === 'terminated');
        return ended.flatMap((s) => {
          const ms = parseTime(s?.finishedAt);
          if (ms === null || !s) return [];
          const why = [s.reason, s.exitCode !== null ? `exit ${s.exitCode}` : null].filter(Boolean).join(', ');
          return [{ kind: 'restart' as const, ms, time: iso(ms), title: `${p.namespace}/${p.name} ${c.name} ended${why ? ` (${why})` : ''}; restarts: ${c.restartCount}`, severity: 'warning', ...none }];
        });
      }),
    ),
  );

  // Each finding at the times of its evidence lines (one mark per distinct time).
  const at = db.prepare('SELECT l.ts FROM log_lines l JOIN artifacts a ON a.id = l.artifact_id WHERE a.bundle_id = ? AND a.path = ? AND l.line = ?');
  const findings: (TimelineEvent & { ms: number })[] = [];
  storedFindings(db, bundleId).forEach((f, i) => {
    const seen = new Set<number>();
    for (const e of f.evidence.slice(0, 50)) {
      const row = at.get(bundleId, e.artifact, e.line) as { ts: number | null } | undefined;
      if (!row || row.ts === null || seen.has(row.ts)) continue;
      seen.add(row.ts);
      findings.push({ kind: 'finding', ms: row.ts, time: iso(row.ts), title: f.title, severity: f.severity, artifact: e.artifact, line: e.line, finding: i });
    }
  });
  add(findings);
  return { events: out, leftOut };
}

function collectionWindow(manifestJson: string | null): { from: string; to: string | null } | null {
  if (!manifestJson) return null;
  try {
    const m = JSON.parse(manifestJson) as Partial<BundleManifest>;
    const from = parseTime(m.collection?.startedAt);
    const to = parseTime(m.collection?.endedAt);
    return from === null ? null : { from: iso(from), to: to === null ? null : iso(to) };
  } catch {
    return null;
  }
}

export function timelineOf(db: Db, q: TimelineQuery): Timeline {
  const b = requireBundle(db, q.bundle);
  const row = db.prepare('SELECT manifest_json FROM bundles WHERE id = ?').get(q.bundle) as { manifest_json: string | null };
  const collection = collectionWindow(row.manifest_json);
  const range: Range | null = b.log_first === null ? null : { first: b.log_first, last: b.log_last ?? b.log_first };
  const ev = events(db, q.bundle, range);

  // The whole span: logs, events and the collection window.
  const logSpan = range
    ? (db.prepare('SELECT min(ts) AS lo, max(ts) AS hi FROM log_lines WHERE id BETWEEN ? AND ? AND ts IS NOT NULL').get(range.first, range.last) as { lo: number | null; hi: number | null })
    : { lo: null, hi: null };
  const known = (ts: (number | null)[]): number[] => ts.filter((t): t is number => t !== null);
  const times = known([logSpan.lo, logSpan.hi, ...ev.events.map((e) => e.ms), parseTime(collection?.from), parseTime(collection?.to)]);
  const empty: Timeline = { from: null, to: null, bucketMs: 0, span: null, collection, series: [], events: [], eventsLeftOut: ev.leftOut, outside: 0 };
  if (!times.length) return empty;
  const spanLo = Math.min(...times);
  const spanHi = Math.max(...times);
  // The default axis: the logs, the collection and the findings (old Kubernetes events, kept for a
  // year by some clusters, would squeeze them into a pixel); "Whole bundle" shows everything.
  const core = known([logSpan.lo, logSpan.hi, parseTime(collection?.from), parseTime(collection?.to), ...ev.events.filter((e) => e.kind === 'finding').map((e) => e.ms)]);
  const lo = parseTime(q.from) ?? (core.length ? Math.min(...core) : spanLo);
  const hi = Math.max(lo + 1, parseTime(q.to) ?? (core.length ? Math.max(...core) : spanHi));
  const buckets = q.buckets ?? DEFAULT_BUCKETS;
  const bucketMs = Math.max(1, Math.ceil((hi - lo + 1) / buckets));

  const series: TimelineSeries[] = [];
  if (range) {
    const rows = db
      .prepare(
        // CAST: better-sqlite3 binds JS numbers as REAL.
        `SELECT coalesce(source, '(no source)') AS source, CAST((ts - ?) / ? AS INTEGER) AS b, count(*) AS n,
                sum(CASE WHEN level <= 1 THEN 1 ELSE 0 END) AS e
           FROM log_lines WHERE id BETWEEN ? AND ? AND ts BETWEEN ? AND ? GROUP BY 1, 2`,
      )
      .all(lo, bucketMs, range.first, range.last, lo, hi) as { source: string; b: number; n: number; e: number }[];
    const bySource = new Map<string, TimelineSeries>();
    for (const r of rows) {
      let s = bySource.get(r.source);
      if (!s) bySource.set(r.source, (s = { source: r.source, lines: 0, counts: new Array<number>(buckets).fill(0), errors: new Array<number>(buckets).fill(0) }));
      if (r.b < 0 || r.b >= buckets) continue;
      s.lines += r.n;
      s.counts[r.b] += r.n;
      s.errors[r.b] += r.e;
    }
    const sorted = [...bySource.values()].filter((s) => s.lines > 0).sort((a, b) => b.lines - a.lines);
    series.push(...sorted.slice(0, MAX_SERIES));
    const rest = sorted.slice(MAX_SERIES);
    if (rest.length) {
      const other: TimelineSeries = { source: OTHER, lines: 0, counts: new Array<number>(buckets).fill(0), errors: new Array<number>(buckets).fill(0) };
      for (const s of rest) {
        other.lines += s.lines;
        s.counts.forEach((n, i) => (other.counts[i] += n));
        s.errors.forEach((n, i) => (other.errors[i] += n));
      }
      series.push(other);
    }
  }
  return {
    from: iso(lo),
    to: iso(hi),
    bucketMs,
    span: { from: iso(spanLo), to: iso(spanHi) },
    collection,
    series,
    events: ev.events.filter((e) => e.ms >= lo && e.ms <= hi).map(({ ms: _ms, ...e }) => e),
    eventsLeftOut: ev.leftOut,
    outside: ev.events.filter((e) => e.ms < lo || e.ms > hi).length,
  };
}

export function timelineApi(db: Db): TimelineApi {
  return { timeline: async (q) => timelineOf(db, q) };
}
