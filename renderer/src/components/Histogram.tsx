import { useState, type ReactNode } from 'react';
import type { LogHistogramBucket } from '../../../shared/api';
import { formatTime } from '../lib/text';

const HEIGHT = 64;

/** Lines over time (errors in red); click a bar or drag across bars to zoom the time range. */
export function Histogram({ buckets, onZoom }: { buckets: LogHistogramBucket[]; onZoom: (from: string, to: string) => void }): ReactNode {
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  if (buckets.length === 0) return <div className="histogram empty muted">No timestamped lines.</div>;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const width = 100 / buckets.length;
  const endOf = (i: number): string => {
    const b = buckets[i];
    if (b.apartUntil) return b.apartUntil;
    if (i + 1 < buckets.length) return buckets[i + 1].start;
    return new Date(Date.parse(b.start) + stepOf(buckets)).toISOString();
  };
  const finish = (): void => {
    if (!drag) return;
    const lo = Math.min(drag.a, drag.b);
    const hi = Math.max(drag.a, drag.b);
    setDrag(null);
    onZoom(buckets[lo].start, endOf(hi));
  };
  const inDrag = (i: number): boolean => drag !== null && i >= Math.min(drag.a, drag.b) && i <= Math.max(drag.a, drag.b);
  return (
    <div className="histogram" onMouseLeave={() => setDrag(null)}>
      <svg viewBox={`0 0 100 ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label="Log lines over time">
        {buckets.map((b, i) => {
          // A bar set apart is drawn at least a quarter high: its few lines are why it is there.
          const h = Math.max((b.count / max) * (HEIGHT - 2), b.apartUntil && b.count ? HEIGHT / 4 : 0);
          const e = (b.errors / max) * (HEIGHT - 2);
          return (
            <g
              key={b.start}
              className={`bar ${b.apartUntil ? 'apart' : ''} ${inDrag(i) ? 'sel' : ''}`}
              onMouseDown={() => setDrag({ a: i, b: i })}
              onMouseEnter={() => drag && setDrag({ ...drag, b: i })}
              onMouseUp={finish}
            >
              <title>{b.apartUntil ? `${b.count} lines apart from the rest, ${formatTime(b.start)} to ${formatTime(b.apartUntil)}: ${b.errors} errors` : `${formatTime(b.start)}: ${b.count} lines, ${b.errors} errors`}</title>
              <rect className="bar-hit" x={i * width} y={0} width={width} height={HEIGHT} />
              {b.apartUntil && <line className="bar-break" x1={i === 0 ? width : i * width} x2={i === 0 ? width : i * width} y1={0} y2={HEIGHT} />}
              <rect className="bar-all" x={i * width + width * 0.1} y={HEIGHT - h} width={width * 0.8} height={h} />
              <rect className="bar-err" x={i * width + width * 0.1} y={HEIGHT - e} width={width * 0.8} height={e} />
            </g>
          );
        })}
      </svg>
      <Axis buckets={buckets} endOf={endOf} />
    </div>
  );
}

/** The bars' time step, from two that are not set apart (a second when there are none). */
function stepOf(buckets: LogHistogramBucket[]): number {
  const drawn = buckets.filter((b) => !b.apartUntil);
  return drawn.length > 1 ? Date.parse(drawn[1].start) - Date.parse(drawn[0].start) : 1000;
}

/** Where the bars begin and end; a bar set apart names its own span and how many lines it holds. */
function Axis({ buckets, endOf }: { buckets: LogHistogramBucket[]; endOf: (i: number) => string }): ReactNode {
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  const before = first.apartUntil ? first : null;
  const after = last.apartUntil && buckets.length > 1 ? last : null;
  const lines = (n: number, what: string) => `${n} ${what} line${n === 1 ? '' : 's'}`;
  return (
    <div className="histogram-axis muted small">
      <span>{before ? `${lines(before.count, 'older')} from ${formatTime(before.start)} ⋯ then ${formatTime(before.apartUntil as string)}` : formatTime(first.start)}</span>
      <span>{after ? `${formatTime(after.start)} ⋯ ${lines(after.count, 'later')} to ${formatTime(endOf(buckets.length - 1))}` : formatTime(endOf(buckets.length - 1))}</span>
    </div>
  );
}
