import type { FlameNode } from '../../../../shared/api/profiles';
import { displayText } from '../../lib/text';
import { shortName } from './format';

/** What d3-flame-graph is fed: the engine's pruned tree, names shortened and made displayable (drawn as text). */
export interface FlameDatum {
  name: string;
  /** The function name as the profile has it (for focus regexes and the top table). */
  fn: string;
  /** The width d3-flame-graph draws: the value, or in a diff A + B (as pprof and Grafana draw diffs). */
  value: number;
  /** The profile's (a diff's target's) cumulative value. */
  target: number;
  self: number;
  base?: number;
  baseSelf?: number;
  elided: boolean;
  inline: boolean;
  children: FlameDatum[];
}

export function toDatum(n: FlameNode): FlameDatum {
  return {
    name: n.elided ? '…' : displayText(shortName(n.name)),
    fn: n.name,
    value: n.base !== undefined ? Math.abs(n.value) + Math.abs(n.base) : n.value,
    target: n.value,
    self: n.self,
    ...(n.base !== undefined ? { base: n.base, baseSelf: n.baseSelf ?? 0 } : {}),
    elided: !!n.elided,
    inline: !!n.inline,
    children: n.children.map(toDatum),
  };
}

/** The part of a d3-hierarchy node the views use. */
export interface FlameHNode {
  data: FlameDatum;
  value: number;
  depth: number;
  parent: FlameHNode | null;
  children?: FlameHNode[];
}

/** Function names from the root's child down to this node (the root itself is not a function). */
export function pathOf(d: FlameHNode): string[] {
  const names: string[] = [];
  for (let n: FlameHNode | null = d; n && n.parent; n = n.parent) names.push(n.data.fn);
  return names.reverse();
}

/** The node at this path, or the deepest node on it that the (pruned) tree still has. */
export function findPath(root: FlameHNode, path: string[]): FlameHNode {
  let node = root;
  for (const name of path) {
    const next = node.children?.find((c) => !c.data.elided && c.data.fn === name);
    if (!next) break;
    node = next;
  }
  return node;
}

/**
 * The function to focus the engine on when zooming to a path: the deepest real function on it
 * ("…" stands for many functions, so zooming into it focuses on its caller).
 */
export function focusFunction(path: string[], elided: boolean): string | null {
  const real = elided ? path.slice(0, -1) : path;
  return real.length ? real[real.length - 1] : null;
}

/** Frames whose function matches, and the (target) value they cover without counting nested matches twice. */
export function matchShare(root: FlameDatum, match: (name: string) => boolean): { frames: number; value: number } {
  let frames = 0;
  let value = 0;
  const visit = (d: FlameDatum, inMatch: boolean): void => {
    const hit = !d.elided && match(d.fn);
    if (hit) {
      frames++;
      if (!inMatch) value += d.target;
    }
    for (const c of d.children) visit(c, inMatch || hit);
  };
  for (const c of root.children) visit(c, false);
  return { frames, value };
}

/**
 * One root for every frame of `fn`: the subtrees under its outermost frames summed, path by path
 * (a sandwich half). Frames of `fn` nested inside another frame of `fn` are counted once.
 */
export function mergeAt(root: FlameDatum, fn: string): FlameDatum {
  const merged: FlameDatum = { name: root.name, fn, value: 0, target: 0, self: 0, elided: false, inline: false, children: [] };
  const add = (into: FlameDatum, d: FlameDatum): void => {
    into.value += d.value;
    into.target += d.target;
    into.self += d.self;
    for (const c of d.children) {
      let same = into.children.find((x) => x.fn === c.fn && x.elided === c.elided);
      if (!same) into.children.push((same = { ...c, value: 0, target: 0, self: 0, children: [] }));
      add(same, c);
    }
  };
  const visit = (d: FlameDatum): void => {
    if (!d.elided && d.fn === fn) return add(merged, d);
    d.children.forEach(visit);
  };
  root.children.forEach(visit);
  const top: FlameDatum = { name: 'root', fn: '', value: merged.value, target: merged.target, self: 0, elided: false, inline: false, children: merged.target > 0 ? [{ ...merged, name: shortLabel(fn) }] : [] };
  return top;
}

function shortLabel(fn: string): string {
  return displayText(shortName(fn));
}
