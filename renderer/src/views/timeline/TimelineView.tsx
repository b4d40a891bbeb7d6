import type { ReactNode } from 'react';
import type { Timeline, TimelineEvent, TimelineSeries } from '../../../../shared/api/timeline';
import { ErrorBox, Loading } from '../../components/Text';
import { navigate, useApi, useAsync } from '../../lib/hooks';
import { routeHash } from '../../lib/route';
import { formatTime } from '../../lib/text';
import { EVENT_LANES, TimelineChart, type TimelineSide } from './TimelineChart';
import './timeline.css';

const BUCKETS = 160;

/** Where a click on the timeline goes: Logs at that moment, the line, the finding, the Kubernetes view. */
export function timelineLinks(bundle: number): Pick<TimelineSide, 'onBucket' | 'onEvent'> {
  return {
    onBucket: (s: TimelineSeries, from: string, to: string) =>
      navigate(routeHash(bundle, 'logs', { src: s.source.startsWith('(') ? undefined : s.source, from, to })),
    onEvent: (e: TimelineEvent) => navigate(eventHash(bundle, e)),
  };
}

export function eventHash(bundle: number, e: TimelineEvent): string {
  if (e.kind === 'finding' && e.finding !== null) return routeHash(bundle, 'findings', { i: e.finding });
  if (e.artifact && e.line) return routeHash(bundle, 'logs', { artifact: e.artifact, line: e.line });
  return routeHash(bundle, 'kubernetes');
}

/** Zoom state in the URL: ?from=…&to=… (ISO UTC). */
export function zoomOf(params: URLSearchParams): { from?: string; to?: string } {
  const ok = (v: string | null): string | undefined => (v && Number.isFinite(Date.parse(v)) ? v : undefined);
  return { from: ok(params.get('from')), to: ok(params.get('to')) };
}

export function TimelineView({ bundle, params }: { bundle: number; params: URLSearchParams }): ReactNode {
  const api = useApi();
  const zoom = zoomOf(params);
  const t = useAsync(() => api.timeline({ bundle, ...zoom, buckets: BUCKETS }), [bundle, zoom.from, zoom.to]);
  const setZoom = (from?: string, to?: string): void => navigate(routeHash(bundle, 'timeline', { from, to }));
  return (
    <section className="view timeline scroll">
      <header className="view-head">
        <h1>Timeline</h1>
        {t.data && <ZoomBar timeline={t.data} zoomed={!!(zoom.from || zoom.to)} onZoom={setZoom} />}
      </header>
      {t.error && <ErrorBox error={t.error} />}
      {!t.data && !t.error && <Loading what="the timeline" />}
      {t.data && !t.data.from && <div className="muted pad">Nothing in this bundle has a time.</div>}
      {t.data?.from && t.data.to && (
        <>
          <TimelineChart
            from={Date.parse(t.data.from)}
            to={Date.parse(t.data.to)}
            sides={[{ label: null, tone: null, timeline: t.data, ...timelineLinks(bundle) }]}
            onZoom={(from, to) => setZoom(from, to)}
          />
          <Legend timeline={t.data} />
        </>
      )}
    </section>
  );
}

export function ZoomBar({ timeline, zoomed, onZoom }: { timeline: Timeline; zoomed: boolean; onZoom: (from?: string, to?: string) => void }): ReactNode {
  if (!timeline.from || !timeline.to) return null;
  const lo = Date.parse(timeline.from);
  const hi = Date.parse(timeline.to);
  const mid = (lo + hi) / 2;
  const out = (): void => {
    const span = Math.max(1000, hi - lo);
    onZoom(new Date(mid - span).toISOString(), new Date(mid + span).toISOString());
  };
  return (
    <div className="toolbar">
      <span className="muted small mono">
        {formatTime(timeline.from)} → {formatTime(timeline.to)}
      </span>
      <button type="button" className="btn small" onClick={out} title="Twice the time span">
        Zoom out
      </button>
      {zoomed && (
        <button type="button" className="btn small" onClick={() => onZoom(undefined, undefined)}>
          Logs and findings
        </button>
      )}
      {timeline.span && (timeline.span.from !== timeline.from || timeline.span.to !== timeline.to) && (
        <button type="button" className="btn small" onClick={() => onZoom(timeline.span?.from, timeline.span?.to)} title="Every event, however old">
          Whole bundle
        </button>
      )}
      {timeline.collection && (
        <button type="button" className="btn small ghost" onClick={() => onZoom(timeline.collection?.from, timeline.collection?.to ?? undefined)}>
          Collection window
        </button>
      )}
      <span className="muted small">Drag across the chart to zoom; click a bar for its lines, a mark for what it is.</span>
    </div>
  );
}

function Legend({ timeline }: { timeline: Timeline }): ReactNode {
  return (
    <p className="muted small tl-legend">
      Bars: log lines per {Math.round(timeline.bucketMs / 1000).toLocaleString('en')} s per source, errors in red. Shaded: the collection window
      {timeline.collection ? ` (${formatTime(timeline.collection.from)} → ${formatTime(timeline.collection.to)})` : ' (unknown: no manifest)'}.{' '}
      Marks: {EVENT_LANES.map((l) => l.label.toLowerCase()).join(', ')}.
      {timeline.outside > 0 ? ` ${timeline.outside.toLocaleString('en')} events are outside this span (Whole bundle shows them).` : ''}
      {timeline.eventsLeftOut > 0 ? ` ${timeline.eventsLeftOut.toLocaleString('en')} more were left out (a cap per kind).` : ''}
    </p>
  );
}
