// d3-flame-graph 4 and d3-selection ship no types; these are the parts the Profiles view uses.
declare module 'd3-flame-graph' {
  export interface FlameDatum {
    name: string;
    value: number;
    children?: FlameDatum[];
    delta?: number;
  }
  export interface HierarchyNode {
    data: FlameDatum & Record<string, unknown>;
    value: number;
  }
  export interface FlameGraph {
    (selection: unknown): void;
    width(w: number): FlameGraph;
    cellHeight(h: number): FlameGraph;
    minFrameSize(px: number): FlameGraph;
    transitionDuration(ms: number): FlameGraph;
    inverted(on: boolean): FlameGraph;
    sort(on: boolean): FlameGraph;
    title(t: string): FlameGraph;
    selfValue(on: boolean): FlameGraph;
    setLabelHandler(fn: (d: HierarchyNode) => string): FlameGraph;
    setColorMapper(fn: (d: HierarchyNode, original: string) => string): FlameGraph;
    setSearchMatch(fn: (d: HierarchyNode, term: string) => boolean): FlameGraph;
    setDetailsElement(el: HTMLElement | null): FlameGraph;
    search(term: string): void;
    clear(): void;
    resetZoom(): void;
    destroy(): void;
  }
  export function flamegraph(): FlameGraph;
}

declare module 'd3-selection' {
  interface Selection {
    datum(d: unknown): Selection;
    call(fn: unknown): Selection;
  }
  export function select(el: Element): Selection;
}

declare module 'd3-flame-graph/dist/d3-flamegraph.css';
