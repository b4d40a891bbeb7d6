import { useState, type ReactNode } from 'react';
import { ErrorBox, Loading } from '../../components/Text';
import { useApi, useAsync } from '../../lib/hooks';
import { TimelineChart } from '../timeline/TimelineChart';
import { timelineLinks, ZoomBar } from '../timeline/TimelineView';
import type { Sides } from './common';

/** Both bundles on one time axis: A's rows above B's, the two collection windows shaded. */
export function TimelineSection({ sides }: { sides: Sides }): ReactNode {
  const api = useApi();
  const [zoom, setZoom] = useState<{ from?: string; to?: string }>({});
  const spans = useAsync(() => Promise.all([api.timeline({ bundle: sides.a, buckets: 1 }), api.timeline({ bundle: sides.b, buckets: 1 })]), [sides.a, sides.b]);
  const union = (() => {
    // Each side's default axis (its logs, collection and findings), joined: old events stay one click away.
    const s = spans.data?.map((t) => (t.from && t.to ? { from: t.from, to: t.to } : null)).filter((x): x is { from: string; to: string } => x !== null) ?? [];
    if (!s.length) return null;
    return { from: new Date(Math.min(...s.map((x) => Date.parse(x.from)))).toISOString(), to: new Date(Math.max(...s.map((x) => Date.parse(x.to)))).toISOString() };
  })();
  const from = zoom.from ?? union?.from;
  const to = zoom.to ?? union?.to;
  const both = useAsync(
    () =>
      from && to
        ? Promise.all([api.timeline({ bundle: sides.a, from, to, buckets: 160 }), api.timeline({ bundle: sides.b, from, to, buckets: 160 })])
        : Promise.resolve(null),
    [sides.a, sides.b, from, to],
  );
  return (
    <section className="panel cmp-section" data-section="timeline">
      <h2>Timeline</h2>
      {(spans.error || both.error) && <ErrorBox error={spans.error ?? both.error ?? ''} />}
      {!both.data && !both.error && <Loading what="both timelines" />}
      {both.data && from && to && (
        <>
          <ZoomBar timeline={both.data[0]} zoomed={!!zoom.from} onZoom={(f, t) => setZoom({ from: f, to: t })} />
          <TimelineChart
            from={Date.parse(from)}
            to={Date.parse(to)}
            sides={[
              { label: 'A', tone: 'side-a', timeline: both.data[0], ...timelineLinks(sides.a) },
              { label: 'B', tone: 'side-b', timeline: both.data[1], ...timelineLinks(sides.b) },
            ]}
            onZoom={(f, t) => setZoom({ from: f, to: t })}
          />
        </>
      )}
    </section>
  );
}
