import { flamegraph, type FlameDatum, type HierarchyNode } from 'd3-flame-graph';
import 'd3-flame-graph/dist/d3-flamegraph.css';
import { select } from 'd3-selection';
import { useEffect, useRef, type ReactNode } from 'react';
import type { FlameNode } from '../../../shared/api/profiles';

/** The engine's pruned tree as d3-flame-graph data (labels are set with textContent by the library). */
function toDatum(n: FlameNode): FlameDatum {
  return { name: n.elided ? '…' : n.name, value: n.value, children: n.children.map(toDatum) };
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function FlameGraph({ root, unit, search }: { root: FlameNode; unit: (v: number) => string; search: string }): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  const details = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof flamegraph> | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.replaceChildren();
    const total = root.value || 1;
    const c = flamegraph()
      .width(Math.max(600, el.clientWidth))
      .cellHeight(18)
      .minFrameSize(2)
      .transitionDuration(150)
      .sort(true)
      .setDetailsElement(details.current)
      .setLabelHandler((d: HierarchyNode) => `${d.data.name}: ${unit(d.value)} (${((d.value / total) * 100).toFixed(2)}%)`)
      // The library builds a RegExp from the raw term; search literally instead.
      .setSearchMatch((d: HierarchyNode, term: string) => !!term && new RegExp(escapeRegExp(term), 'i').test(d.data.name));
    select(el).datum(toDatum(root)).call(c);
    chart.current = c;
    return () => {
      chart.current = null;
      el.replaceChildren();
    };
  }, [root, unit]);
  useEffect(() => {
    if (!chart.current) return;
    if (search) chart.current.search(search);
    else chart.current.clear();
  }, [search, root]);
  return (
    <div className="flame">
      <div ref={details} className="flame-details mono small" aria-live="polite" />
      <div ref={box} className="flame-box" />
    </div>
  );
}
