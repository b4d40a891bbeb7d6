import { flamegraph, type FlameDatum, type HierarchyNode } from 'd3-flame-graph';
import 'd3-flame-graph/dist/d3-flamegraph.css';
import { select } from 'd3-selection';
import { useEffect, useRef, type ReactNode } from 'react';
import type { DiffTree, FlameNode } from '../../../../shared/api/profiles';

type DiffDatum = FlameDatum & { base: number };

function toDatum(n: FlameNode): DiffDatum {
  return { name: n.elided ? '…' : n.name, value: n.value, base: n.base ?? 0, children: n.children.map(toDatum) };
}

/** A change of 5% of A's total or more gets the full colour. */
const FULL_AT = 0.05;

/** Red where B spends more than A (after scaling B to A's total), blue where it spends less. */
export function diffColor(value: number, base: number, baseTotal: number): string {
  const share = baseTotal > 0 ? (value - base) / baseTotal : 0;
  const t = Math.min(1, Math.abs(share) / FULL_AT);
  const mix = (from: number, to: number): number => Math.round(from + (to - from) * t);
  return share >= 0 ? `rgb(${mix(230, 220)},${mix(230, 60)},${mix(230, 50)})` : `rgb(${mix(230, 50)},${mix(230, 110)},${mix(230, 220)})`;
}

export function DiffFlame({ tree, unit }: { tree: DiffTree; unit: (v: number) => string }): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  const details = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.replaceChildren();
    const total = tree.baseTotal || 1;
    const baseOf = (d: HierarchyNode): number => Number(d.data.base ?? 0);
    const chart = flamegraph()
      .width(Math.max(600, el.clientWidth))
      .cellHeight(18)
      .minFrameSize(2)
      .transitionDuration(0)
      .sort(true)
      .setDetailsElement(details.current)
      .setColorMapper((d) => diffColor(d.value, baseOf(d), total))
      .setLabelHandler((d) => {
        const delta = d.value - baseOf(d);
        return `${d.data.name}: A ${unit(baseOf(d))}, B ${unit(d.value)} (${delta >= 0 ? '+' : '−'}${((Math.abs(delta) / total) * 100).toFixed(2)}% of A)`;
      });
    select(el).datum(toDatum(tree.root)).call(chart);
    return () => el.replaceChildren();
  }, [tree, unit]);
  return (
    <div className="flame">
      <div className="cmp-legend small">
        <i className="cmp-swatch cmp-swatch-up" /> more in B · <i className="cmp-swatch cmp-swatch-down" /> less in B · width: B scaled to A&apos;s total
        {tree.scale !== 1 ? ` (×${tree.scale.toPrecision(3)})` : ''}
      </div>
      <div ref={details} className="flame-details mono small" aria-live="polite" />
      <div ref={box} className="flame-box" />
    </div>
  );
}
