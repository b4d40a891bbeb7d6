import type { BundleId } from './bundles';
import { arity, int, onlyKeys, optInt, optStr, record, type ArgValidators } from './args';

/**
 * One time axis for a whole bundle: log volume and errors per source, kernel events, Kubernetes
 * events, container restarts, the collection window and the times of the findings' evidence.
 */
export interface TimelineQuery {
  bundle: BundleId;
  /** ISO UTC bounds of the axis; absent: the logs, the collection window and the findings. */
  from?: string;
  to?: string;
  /** Buckets across the axis (default 120). */
  buckets?: number;
}

export type TimelineEventKind = 'kernel' | 'k8s-event' | 'restart' | 'finding';

export interface TimelineEvent {
  kind: TimelineEventKind;
  /** ISO UTC. */
  time: string;
  /** One line: what happened. */
  title: string;
  /** critical/warning/info for findings, Warning/Normal for k8s events, the level for kernel lines. */
  severity: string | null;
  /** Where it is shown in full: a log line, or a finding (index in the findings list). */
  artifact: string | null;
  line: number | null;
  finding: number | null;
}

export interface TimelineSeries {
  source: string;
  lines: number;
  /** Lines per bucket and, of them, errors (error and fatal). */
  counts: number[];
  errors: number[];
}

export interface Timeline {
  /** The axis: ISO UTC; null when nothing in the bundle has a time. */
  from: string | null;
  to: string | null;
  bucketMs: number;
  /** The bundle's whole span, every event included (to zoom out to). */
  span: { from: string; to: string } | null;
  /** When the collector ran (manifest), or null. */
  collection: { from: string; to: string | null } | null;
  /** Busiest sources first; the rest summed as "(other sources)". */
  series: TimelineSeries[];
  events: TimelineEvent[];
  /** Events left out (beyond the cap per kind). */
  eventsLeftOut: number;
  /** Events before or after the axis (zoom out, or "Whole bundle", to see them). */
  outside: number;
}

export interface TimelineApi {
  timeline(query: TimelineQuery): Promise<Timeline>;
}

function timelineQuery(v: unknown): TimelineQuery {
  const o = record(v, 'query');
  onlyKeys(o, 'query', ['bundle', 'from', 'to', 'buckets']);
  return {
    bundle: int(o.bundle, 'query.bundle', 1),
    from: optStr(o.from, 'query.from', 40),
    to: optStr(o.to, 'query.to', 40),
    buckets: optInt(o.buckets, 'query.buckets', 1, 1000),
  };
}

export const timelineArgs: ArgValidators<TimelineApi> = {
  timeline: (a) => (arity(a, 1, 1), [timelineQuery(a[0])]),
};
