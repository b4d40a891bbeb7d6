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
    if (i + 1 < buckets.length) return buckets[i + 1].start;
    const step = buckets.length > 1 ? Date.parse(buckets[1].start) - Date.parse(buckets[0].start) : 1000;
    return new Date(Date.parse(buckets[i].start) + step).toISOString();
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
          const h = (b.count / max) * (HEIGHT - 2);
          const e = (b.errors / max) * (HEIGHT - 2);
          return (
            <g
              key={b.start}
              className={`bar ${inDrag(i) ? 'sel' : ''}`}
              onMouseDown={() => setDrag({ a: i, b: i })}
              onMouseEnter={() => drag && setDrag({ ...drag, b: i })}
              onMouseUp={finish}
            >
              <title>{`${formatTime(b.start)}: ${b.count} lines, ${b.errors} errors`}</title>
              <rect className="bar-hit" x={i * width} y={0} width={width} height={HEIGHT} />
              <rect className="bar-all" x={i * width + width * 0.1} y={HEIGHT - h} width={width * 0.8} height={h} />
              <rect className="bar-err" x={i * width + width * 0.1} y={HEIGHT - e} width={width * 0.8} height={e} />
            </g>
          );
        })}
      </svg>
      <div className="histogram-axis muted small">
        <span>{formatTime(buckets[0].start)}</span>
        <span>{formatTime(endOf(buckets.length - 1))}</span>
      </div>
    </div>
  );
}
