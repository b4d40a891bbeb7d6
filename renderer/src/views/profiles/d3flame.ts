import { flamegraph } from 'd3-flame-graph';
import type { FlameHNode } from './flameData';

/** The d3-flame-graph 4 chart, typed for the parts this view uses (the package ships no types). */
export interface FlameChartApi {
  (selection: unknown): void;
  width(w: number): FlameChartApi;
  cellHeight(h: number): FlameChartApi;
  minFrameSize(px: number): FlameChartApi;
  transitionDuration(ms: number): FlameChartApi;
  inverted(on: boolean): FlameChartApi;
  sort(on: boolean): FlameChartApi;
  tooltip(t: Tooltip): FlameChartApi;
  setColorMapper(fn: (d: FlameHNode, original: string) => string): FlameChartApi;
  setSearchMatch(fn: (d: FlameHNode, term: string) => boolean): FlameChartApi;
  setSearchHandler(fn: (results: FlameHNode[], sum: number, total: number) => void): FlameChartApi;
  setDetailsHandler(fn: (label: string | null) => void): FlameChartApi;
  onClick(fn: (d: FlameHNode) => void): FlameChartApi;
  search(term: string): void;
  clear(): void;
  zoomTo(d: FlameHNode): void;
  resetZoom(): void;
  destroy(): FlameChartApi;
}

/** d3-flame-graph calls `tooltip(svg)` once, then `show(node, element)` and `hide()`. */
export interface Tooltip {
  (svg: unknown): void;
  show(d: FlameHNode, element: Element): void;
  hide(): void;
}

export function createFlameChart(): FlameChartApi {
  return flamegraph() as unknown as FlameChartApi;
}

/**
 * A tooltip that writes lines with textContent (d3-flame-graph's own tooltip takes HTML, and a
 * function name from a bundle is attacker-controlled text).
 */
export function textTooltip(box: HTMLElement, tip: HTMLElement, lines: (d: FlameHNode) => string[]): Tooltip {
  const show = (d: FlameHNode, element: Element): void => {
    tip.replaceChildren(
      ...lines(d).map((text, i) => {
        const div = document.createElement('div');
        div.className = i === 0 ? 'flame-tip-name' : 'flame-tip-line';
        div.textContent = text;
        return div;
      }),
    );
    const frame = element.getBoundingClientRect();
    const outer = box.getBoundingClientRect();
    const x = Math.min(Math.max(0, frame.left - outer.left), Math.max(0, box.clientWidth - 400));
    tip.style.left = `${x}px`;
    tip.style.top = `${Math.min(frame.bottom - outer.top + 4, box.clientHeight - 90)}px`;
    tip.hidden = false;
  };
  const hide = (): void => {
    tip.hidden = true;
  };
  return Object.assign((_svg: unknown) => undefined, { show, hide });
}
