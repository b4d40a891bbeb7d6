import 'd3-flame-graph/dist/d3-flamegraph.css';
import { select } from 'd3-selection';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { createFlameChart, textTooltip, type FlameChartApi } from './d3flame';
import { findPath, pathOf, type FlameDatum, type FlameHNode } from './flameData';

interface Props {
  datum: FlameDatum;
  /** Zoom to this path (function names below the root) once drawn, and whenever it changes. */
  zoomPath: string[];
  /** Frames to highlight (search or the top table's selection); null: none. */
  highlight: ((fn: string) => boolean) | null;
  /** Fill of a frame (diffs); default: d3-flame-graph's warm palette. */
  colorFor?: (d: FlameDatum) => string;
  tooltipLines: (d: FlameHNode) => string[];
  /** A click on a frame: d3-flame-graph has zoomed to it already. */
  onZoom: (path: string[], elided: boolean) => void;
  label: string;
}

const HIGHLIGHT = '#e600e6';
/** "…" stands for many narrow calls, not a function: no palette colour. */
const ELIDED = '#c8ccd2';

/**
 * d3-flame-graph drawn root at the top (as pprof's web UI does), every label and tooltip set as text.
 * The tree is already pruned by the engine to a few thousand nodes; frames under 2 px are not drawn.
 */
export function FlameChart({ datum, zoomPath, highlight, colorFor, tooltipLines, onZoom, label }: Props): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const chart = useRef<FlameChartApi | null>(null);
  const hroot = useRef<FlameHNode | null>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const current = useRef<string>('');
  const programmatic = useRef(false);
  const latest = useRef({ onZoom, tooltipLines, highlight });
  latest.current = { onZoom, tooltipLines, highlight };
  const width = useWidth(wrap);

  useEffect(() => {
    const el = box.current;
    const tipEl = tip.current;
    const outer = wrap.current;
    if (!el || !tipEl || !outer || width === 0) return;
    const c = createFlameChart()
      .width(Math.max(400, width - 12))
      .cellHeight(18)
      .minFrameSize(2)
      .transitionDuration(0)
      .sort(false)
      .inverted(true)
      .tooltip(textTooltip(outer, tipEl, (d) => latest.current.tooltipLines(d)))
      .setDetailsHandler(() => undefined)
      .setSearchMatch((d) => !!latest.current.highlight && !d.data.elided && latest.current.highlight(d.data.fn))
      .onClick((d) => {
        tipEl.hidden = true;
        if (programmatic.current) return;
        current.current = pathOf(d).join('\u0000');
        latest.current.onZoom(pathOf(d), d.data.elided);
      });
    c.setColorMapper((d, original) => {
      if (original.toLowerCase() === HIGHLIGHT) return original;
      if (colorFor) return colorFor(d.data);
      return d.data.elided ? ELIDED : original;
    });
    el.replaceChildren();
    select(el).datum(datum).call(c);
    // d3 keeps the hierarchy it built from the datum on the element, as __data__.
    hroot.current = (el as unknown as { __data__: FlameHNode }).__data__;
    chart.current = c;
    current.current = '';
    return () => {
      chart.current = null;
      hroot.current = null;
      c.destroy();
      el.replaceChildren();
    };
  }, [datum, colorFor, width]);

  useEffect(() => {
    const c = chart.current;
    const root = hroot.current;
    if (!c || !root) return;
    const key = zoomPath.join('\u0000');
    if (key === current.current) return;
    current.current = key;
    const node = findPath(root, zoomPath);
    programmatic.current = true;
    try {
      if (node === root) c.resetZoom();
      else c.zoomTo(node);
    } finally {
      programmatic.current = false;
    }
  }, [zoomPath, datum, colorFor, width]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    if (highlight) c.search('highlight');
    else c.clear();
  }, [highlight, datum, colorFor, width]);

  return (
    <div className="flame-wrap" ref={wrap}>
      <div className="flame-box" ref={box} role="img" aria-label={label} />
      <div className="flame-tip" ref={tip} hidden />
    </div>
  );
}

/** The element's width, in steps of 16 px so that a resize redraws the chart once, not per pixel. */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (): void => setWidth(Math.floor(el.clientWidth / 16) * 16);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
