import { GrowableFloat, Growable } from './growable';
import type { Profile } from './model';
import { NameTable } from './resolve';
import { forEachStack, type StackFilter } from './stacks';

/**
 * A call tree (root = callers, as a flame graph draws it) or its inverse (root = the leaf functions,
 * bottom-up). One node per distinct path of function names; inlined frames are nodes of their own.
 * Two value columns so that a diff tree can carry base and target side by side.
 */
export class CallTree {
  readonly names: NameTable;
  readonly parent = new Growable(1024);
  readonly nameId = new Growable(1024);
  readonly inline = new Growable(1024);
  readonly value = new GrowableFloat(1024);
  readonly self = new GrowableFloat(1024);
  readonly base = new GrowableFloat(1024);
  readonly baseSelf = new GrowableFloat(1024);
  private readonly index = new Map<number, number>();

  constructor(names = new NameTable()) {
    this.names = names;
    this.addNode(-1, names.id('root'), 0);
  }

  get size(): number {
    return this.parent.length;
  }

  private addNode(parent: number, nameId: number, inline: number): number {
    this.parent.push(parent);
    this.nameId.push(nameId);
    this.inline.push(inline);
    this.value.push(0);
    this.self.push(0);
    this.base.push(0);
    this.baseSelf.push(0);
    return this.parent.length - 1;
  }

  child(parent: number, nameId: number, inline: boolean): number {
    const key = parent * 4194304 + nameId;
    let node = this.index.get(key);
    if (node === undefined) {
      node = this.addNode(parent, nameId, inline ? 1 : 0);
      this.index.set(key, node);
    }
    return node;
  }

  /**
   * Adds one profile's samples. `column` 'value' for a plain tree or a diff's target, 'base' for a
   * diff's base.
   */
  add(p: Profile, weight: Float64Array, options: { inverted?: boolean; filter?: StackFilter; column?: 'value' | 'base' }): void {
    const nameMap = new Int32Array(p.frameNames.length);
    p.frameNames.forEach((n, i) => (nameMap[i] = this.names.id(n)));
    const inlineFrame = inlineFrames(p);
    const total = options.column === 'base' ? this.base : this.value;
    const selfCol = options.column === 'base' ? this.baseSelf : this.self;
    forEachStack(p, weight, options.filter, (v, frames, n) => {
      total.data[0] += v;
      let node = 0;
      for (let i = 0; i < n; i++) {
        const f = frames[options.inverted ? i : n - 1 - i];
        node = this.child(node, nameMap[p.frameNameId[f]], inlineFrame[f] === 1);
        total.data[node] += v;
      }
      selfCol.data[node] += v;
    });
  }
}

/** 1 for a frame that was inlined into its caller (every Line of a Location but the last). */
export function inlineFrames(p: Profile): Uint8Array {
  const out = new Uint8Array(p.frameNameId.length);
  for (let l = 0; l < p.locationCount; l++) {
    for (let f = p.frameStart[l]; f < p.frameStart[l + 1] - 1; f++) out[f] = 1;
  }
  return out;
}

export interface FlameNode {
  name: string;
  /** Cumulative value (the target's, in a diff). */
  value: number;
  self: number;
  /** In a diff: the base's cumulative and self values. */
  base?: number;
  baseSelf?: number;
  /** Drawn without a border to its caller, as pprof draws inlined calls. */
  inline?: boolean;
  /** True for the "…" node that stands for the children cut by the minimum share. */
  elided?: boolean;
  children: FlameNode[];
}

export interface PruneOptions {
  /** Children narrower than this share of the root are merged into one "…" node per parent. */
  minShare?: number;
  /** Raise the share until the tree has at most this many nodes. */
  maxNodes?: number;
}

export interface PrunedTree {
  root: FlameNode;
  nodes: number;
  /** Nodes of the full tree. */
  fullNodes: number;
  /** The share that was finally applied. */
  minShare: number;
}

export const DEFAULT_MAX_NODES = 10_000;

export function pruneTree(tree: CallTree, options: PruneOptions = {}): PrunedTree {
  const children = childLists(tree);
  const magnitude = (i: number): number => Math.max(Math.abs(tree.value.data[i]), Math.abs(tree.base.data[i]));
  const rootSize = magnitude(0);
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  let share = options.minShare ?? 0;
  let cut = share * rootSize;
  while (countKept(children, magnitude, cut) > maxNodes) {
    share = share === 0 ? 1e-6 : share * 2;
    cut = share * rootSize;
  }
  const diff = tree.base.data[0] !== 0;
  const build = (i: number): FlameNode => {
    const node: FlameNode = { name: tree.names.names[tree.nameId.data[i]], value: tree.value.data[i], self: tree.self.data[i], children: [] };
    if (diff) {
      node.base = tree.base.data[i];
      node.baseSelf = tree.baseSelf.data[i];
    }
    if (tree.inline.data[i] === 1) node.inline = true;
    let elided: FlameNode | null = null;
    for (const c of children[i]) {
      if (magnitude(c) >= cut && magnitude(c) > 0) node.children.push(build(c));
      else {
        elided ??= { name: '…', value: 0, self: 0, elided: true, children: [], ...(diff ? { base: 0, baseSelf: 0 } : {}) };
        elided.value += tree.value.data[c];
        elided.self += tree.value.data[c];
        if (diff) {
          elided.base! += tree.base.data[c];
          elided.baseSelf! += tree.base.data[c];
        }
      }
    }
    if (elided && (elided.value !== 0 || elided.base)) node.children.push(elided);
    return node;
  };
  const root = build(0);
  return { root, nodes: countNodes(root), fullNodes: tree.size, minShare: share };
}

/** Children of every node, widest first. */
function childLists(tree: CallTree): number[][] {
  const lists: number[][] = Array.from({ length: tree.size }, () => []);
  for (let i = 1; i < tree.size; i++) lists[tree.parent.data[i]].push(i);
  const mag = (i: number): number => Math.max(Math.abs(tree.value.data[i]), Math.abs(tree.base.data[i]));
  for (const l of lists) if (l.length > 1) l.sort((a, b) => mag(b) - mag(a));
  return lists;
}

/** Nodes a cut would keep, counting one "…" per parent that loses children. */
function countKept(children: number[][], magnitude: (i: number) => number, cut: number): number {
  let count = 1;
  const stack = [0];
  while (stack.length > 0) {
    const i = stack.pop()!;
    let elided = false;
    for (const c of children[i]) {
      if (magnitude(c) >= cut && magnitude(c) > 0) {
        count++;
        stack.push(c);
      } else elided = true;
    }
    if (elided) count++;
  }
  return count;
}

function countNodes(n: FlameNode): number {
  let c = 1;
  for (const ch of n.children) c += countNodes(ch);
  return c;
}
