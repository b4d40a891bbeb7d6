import { useRef, useState, type ReactNode } from 'react';
import type { Timeline, TimelineEvent, TimelineEventKind, TimelineSeries } from '../../../../shared/api/timeline';
import { formatTime, sourceLabel } from '../../lib/text';

/** One bundle's part of the chart (two in Compare, on the same axis). */
export interface TimelineSide {
  label: string | null;
  /** CSS class for the side's colour (side-a, side-b) or null. */
  tone: string | null;
  timeline: Timeline;
  onBucket: (series: TimelineSeries, from: string, to: string) => void;
  onEvent: (e: TimelineEvent) => void;
}

interface Props {
  from: number;
  to: number;
  sides: TimelineSide[];
  onZoom: (from: string, to: string) => void;
}

const LABEL_W = 210;
const ROW_H = 36;
const LANE_H = 24;
const AXIS_H = 22;

export const EVENT_LANES: { kind: TimelineEventKind; label: string }[] = [
  { kind: 'finding', label: 'Findings (evidence)' },
  { kind: 'kernel', label: 'Kernel' },
  { kind: 'k8s-event', label: 'Kubernetes events' },
  { kind: 'restart', label: 'Container restarts' },
];

/** Ticks at round steps across [from, to]. */
function ticks(from: number, to: number, n: number): number[] {
  const span = to - from;
  const steps = [1e3, 5e3, 15e3, 6e4, 3e5, 9e5, 36e5, 3 * 36e5, 6 * 36e5, 864e5, 7 * 864e5, 30 * 864e5, 365 * 864e5];
  const step = steps.find((s) => span / s <= n) ?? steps[steps.length - 1];
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

function tickLabel(t: number, span: number): string {
  const iso = new Date(t).toISOString();
  if (span > 60 * 864e5) return iso.slice(0, 10);
  if (span > 2 * 864e5) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return span > 12e4 ? iso.slice(11, 16) : iso.slice(11, 19);
}

/**
 * The time axis as SVG in HTML rows: per source, bars of lines per bucket (errors red); per kind of
 * event, marks. Drag across to zoom; click a bar to open Logs there, a mark to open what it is.
 */
export function TimelineChart({ from, to, sides, onZoom }: Props): ReactNode {
  const area = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  /** A drag that zoomed is not also a click on the bar it ended on. */
  const dragged = useRef(false);
  const span = Math.max(1, to - from);
  const x = (t: number): number => ((t - from) / span) * 100;
  const timeAt = (clientX: number): number => {
    const r = area.current?.getBoundingClientRect();
    if (!r) return from;
    const f = Math.min(1, Math.max(0, (clientX - r.left - LABEL_W) / Math.max(1, r.width - LABEL_W)));
    return from + f * span;
  };
  const finish = (): void => {
    if (!drag) return;
    const lo = Math.min(drag.a, drag.b);
    const hi = Math.max(drag.a, drag.b);
    setDrag(null);
    if (hi - lo > span / 200) {
      dragged.current = true;
      setTimeout(() => (dragged.current = false), 0);
      onZoom(new Date(lo).toISOString(), new Date(hi).toISOString());
    }
  };
  const guard = (side: TimelineSide): TimelineSide['onBucket'] => (s, f, t) => {
    if (!dragged.current) side.onBucket(s, f, t);
  };
  const collectionBands = sides.flatMap((s, i) => {
    const c = s.timeline.collection;
    if (!c) return [];
    const a = Date.parse(c.from);
    const b = c.to ? Date.parse(c.to) : a;
    return [{ key: i, left: x(a), width: Math.max(0.3, x(b) - x(a)), tone: s.tone, label: s.label }];
  });
  return (
    <div
      className="tl"
      ref={area}
      onMouseDown={(e) => {
        if (e.button !== 0 || (e.target as Element).closest('.tl-label, .tl-mark')) return;
        e.preventDefault();
        setDrag({ a: timeAt(e.clientX), b: timeAt(e.clientX) });
      }}
      onMouseMove={(e) => drag && setDrag({ ...drag, b: timeAt(e.clientX) })}
      onMouseUp={finish}
      onMouseLeave={() => setDrag(null)}
    >
      <div className="tl-row tl-axis" style={{ height: AXIS_H }}>
        <div className="tl-label muted small">UTC</div>
        <div className="tl-track">
          {ticks(from, to, 8).map((t) => (
            <span key={t} className="tl-tick small muted" style={{ left: `${x(t)}%` }}>
              {tickLabel(t, span)}
            </span>
          ))}
        </div>
      </div>
      <div className="tl-body">
        <div className="tl-overlay" style={{ left: LABEL_W }}>
          {collectionBands.map((b) => (
            <div key={b.key} className={`tl-collection ${b.tone ?? ''}`} style={{ left: `${b.left}%`, width: `${b.width}%` }} title={`Collection window${b.label ? ` (${b.label})` : ''}`} />
          ))}
          {drag && <div className="tl-drag" style={{ left: `${x(Math.min(drag.a, drag.b))}%`, width: `${Math.abs(x(drag.b) - x(drag.a))}%` }} />}
        </div>
        {sides.map((s, si) => (
          <div key={si} className="tl-side">
            {s.label && (
              <div className="tl-row tl-side-head">
                <div className="tl-label">
                  <span className={`badge ${s.tone ?? ''}`}>{s.label}</span>
                </div>
              </div>
            )}
            {s.timeline.series.map((series) => (
              <SeriesRow key={series.source} series={series} timeline={s.timeline} from={from} span={span} onBucket={guard(s)} />
            ))}
            {EVENT_LANES.map((lane) => {
              const evs = s.timeline.events.filter((e) => e.kind === lane.kind);
              if (!evs.length) return null;
              return (
                <div key={lane.kind} className="tl-row" style={{ height: LANE_H }} role="group" aria-label={`${lane.label}${s.label ? ` ${s.label}` : ''}`}>
                  <div className="tl-label small">
                    {lane.label} <span className="muted">{evs.length}</span>
                  </div>
                  <div className="tl-track">
                    {evs.map((e, i) => (
                      <button
                        key={i}
                        type="button"
                        className={`tl-mark kind-${e.kind} sev-${(e.severity ?? 'info').toLowerCase()}`}
                        style={{ left: `${x(Date.parse(e.time))}%` }}
                        title={`${formatTime(e.time)} ${e.title}`}
                        aria-label={`${lane.label}: ${e.title}`}
                        onClick={() => s.onEvent(e)}
                      />
                    ))}
                  </div>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

function SourceName({ source }: { source: string }): ReactNode {
  const { main, rest } = sourceLabel(source);
  return (
    <span className="ellipsis">
      {main}
      {rest && <span className="muted"> {rest}</span>}
    </span>
  );
}

function SeriesRow({ series, timeline, from, span, onBucket }: { series: TimelineSeries; timeline: Timeline; from: number; span: number; onBucket: TimelineSide['onBucket'] }): ReactNode {
  const max = Math.max(1, ...series.counts);
  const n = series.counts.length;
  const axisFrom = timeline.from ? Date.parse(timeline.from) : from;
  const left = ((axisFrom - from) / span) * 100;
  const width = ((n * timeline.bucketMs) / span) * 100;
  const errors = series.errors.reduce((a, b) => a + b, 0);
  return (
    <div className="tl-row" style={{ height: ROW_H }}>
      <div className="tl-label small" title={series.source}>
        <SourceName source={series.source} />
        <span className="muted num">{series.lines.toLocaleString('en')}</span>
        {errors > 0 && <span className="tl-err num">{errors.toLocaleString('en')}</span>}
      </div>
      <div className="tl-track">
        <svg className="tl-svg" style={{ left: `${left}%`, width: `${width}%` }} viewBox={`0 0 ${n} ${ROW_H}`} preserveAspectRatio="none" aria-label={`Lines of ${series.source} over time`}>
          {series.counts.map((c, i) => {
            if (!c) return null;
            const h = Math.max(1.5, (c / max) * (ROW_H - 4));
            const e = series.errors[i] ? Math.max(1.5, (series.errors[i] / max) * (ROW_H - 4)) : 0;
            const start = axisFrom + i * timeline.bucketMs;
            return (
              <g key={i} className="tl-bar" onClick={() => onBucket(series, new Date(start).toISOString(), new Date(start + timeline.bucketMs).toISOString())}>
                <title>{`${formatTime(new Date(start).toISOString())}: ${c} lines, ${series.errors[i]} errors`}</title>
                <rect className="tl-bar-hit" x={i} y={0} width={1} height={ROW_H} />
                <rect className="tl-bar-all" x={i + 0.1} y={ROW_H - h} width={0.8} height={h} />
                {e > 0 && <rect className="tl-bar-err" x={i + 0.1} y={ROW_H - e} width={0.8} height={e} />}
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}
