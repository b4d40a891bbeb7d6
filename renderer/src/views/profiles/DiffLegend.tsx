import type { ReactNode } from 'react';
import { FULL_AT, legendStops } from './diffColor';

/** Says what the colours and widths of the differential flame graph mean, and which normalisation. */
export function DiffLegend({ raw, scale, baseTotal, unit }: { raw: boolean; scale: number; baseTotal: number; unit: (v: number) => string }): ReactNode {
  const pct = `${(FULL_AT * 100).toFixed(0)}%`;
  return (
    <div className="diff-legend small pad-x" aria-label="Diff legend">
      <span className="diff-scale" aria-hidden="true">
        {legendStops().map((s) => (
          <i key={s.share} className="diff-stop" style={{ background: s.color }} />
        ))}
      </span>
      <span>
        blue: less in B · grey: same · red: more in B; full colour at ±{pct} of A&apos;s total ({unit(baseTotal)}). Width: A + B{raw ? '' : ' (B scaled)'}, so what B dropped stays visible.{' '}
        {raw ? 'Raw delta: go tool pprof -diff_base A B.' : `Normalised: B × ${scale.toPrecision(4)} (B scaled to A's total, go tool pprof -diff_base A -normalize B).`}
      </span>
    </div>
  );
}
