import type { FlameNode } from '../../../shared/api/profiles';
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
  /** Open-addressing hash of (parent, name) → node: child lookups are the hot loop of tree building. */
  private slots = new Int32Array(1 << 12).fill(-1);

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
    const parents = this.parent.data;
    const names = this.nameId.data;
    const mask = this.slots.length - 1;
    let h = (Math.imul(parent, 0x9e3779b1) ^ Math.imul(nameId + 1, 0x85ebca77)) & mask;
    for (;;) {
      const node = this.slots[h];
      if (node === -1) break;
      if (parents[node] === parent && names[node] === nameId) return node;
      h = (h + 1) & mask;
    }
    const node = this.addNode(parent, nameId, inline ? 1 : 0);
    this.slots[h] = node;
    if (this.parent.length * 2 > this.slots.length) this.rehash();
    return node;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let node = 1; node < this.parent.length; node++) {
      let h = (Math.imul(this.parent.data[node], 0x9e3779b1) ^ Math.imul(this.nameId.data[node] + 1, 0x85ebca77)) & mask;
      while (slots[h] !== -1) h = (h + 1) & mask;
      slots[h] = node;
    }
    this.slots = slots;
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

/** The tree node is the API's: the engine builds exactly what the renderer draws. */
export type { FlameNode };

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
  const n = tree.size;
  const value = tree.value.data;
  const base = tree.base.data;
  const magnitude = new Float64Array(n);
  for (let i = 0; i < n; i++) magnitude[i] = Math.max(Math.abs(value[i]), Math.abs(base[i]));
  const rootSize = magnitude[0];
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  // Start from the cut that keeps about half the budget (each kept parent may add one "…"), then
  // double it until the tree fits: a node is kept when it and all its ancestors reach the cut.
  let cut = Math.max((options.minShare ?? 0) * rootSize, nthLargest(magnitude, Math.floor(maxNodes / 2)));
  const kept = new Uint8Array(n);
  while (markKept(tree, magnitude, cut, kept) > maxNodes) cut = cut === 0 ? Number.MIN_VALUE : cut * 2;
  return { root: materialize(tree, magnitude, kept), nodes: countNodes(tree, kept), fullNodes: n, minShare: rootSize === 0 ? 0 : cut / rootSize };
}

function nthLargest(values: Float64Array, k: number): number {
  if (k >= values.length) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length - 1 - k];
}

/** Marks kept nodes (parents come before children in a CallTree) and returns the node count with "…"s. */
function markKept(tree: CallTree, magnitude: Float64Array, cut: number, kept: Uint8Array): number {
  const parent = tree.parent.data;
  const hasElided = new Uint8Array(tree.size);
  kept[0] = 1;
  let count = 1;
  for (let i = 1; i < tree.size; i++) {
    const p = parent[i];
    if (kept[p] === 1 && magnitude[i] >= cut && magnitude[i] > 0) {
      kept[i] = 1;
      count++;
    } else {
      kept[i] = 0;
      if (kept[p] === 1 && hasElided[p] === 0 && magnitude[i] > 0) {
        hasElided[p] = 1;
        count++;
      }
    }
  }
  return count;
}

function countNodes(tree: CallTree, kept: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < tree.size; i++) c += kept[i];
  const elidedParents = new Set<number>();
  for (let i = 1; i < tree.size; i++) {
    const p = tree.parent.data[i];
    if (kept[i] === 0 && kept[p] === 1 && (tree.value.data[i] !== 0 || tree.base.data[i] !== 0)) elidedParents.add(p);
  }
  return c + elidedParents.size;
}

/** The nested tree of kept nodes, widest child first, with one "…" per parent for what was cut. */
function materialize(tree: CallTree, magnitude: Float64Array, kept: Uint8Array): FlameNode {
  const diff = tree.base.data[0] !== 0;
  const nodes = new Map<number, FlameNode>();
  const elided = new Map<number, FlameNode>();
  const node = (i: number): FlameNode => {
    const f: FlameNode = { name: tree.names.names[tree.nameId.data[i]], value: tree.value.data[i], self: tree.self.data[i], children: [] };
    if (diff) {
      f.base = tree.base.data[i];
      f.baseSelf = tree.baseSelf.data[i];
    }
    if (tree.inline.data[i] === 1) f.inline = true;
    return f;
  };
  const root = node(0);
  nodes.set(0, root);
  for (let i = 1; i < tree.size; i++) {
    const p = tree.parent.data[i];
    if (kept[p] !== 1) continue;
    const parent = nodes.get(p)!;
    if (kept[i] === 1) {
      const f = node(i);
      nodes.set(i, f);
      parent.children.push(f);
      continue;
    }
    if (tree.value.data[i] === 0 && tree.base.data[i] === 0) continue;
    let e = elided.get(p);
    if (!e) {
      e = { name: '…', value: 0, self: 0, elided: true, children: [], ...(diff ? { base: 0, baseSelf: 0 } : {}) };
      elided.set(p, e);
    }
    e.value += tree.value.data[i];
    e.self += tree.value.data[i];
    if (diff) {
      e.base! += tree.base.data[i];
      e.baseSelf! += tree.base.data[i];
    }
  }
  const mag = (f: FlameNode) => Math.max(Math.abs(f.value), Math.abs(f.base ?? 0));
  for (const f of nodes.values()) if (f.children.length > 1) f.children.sort((a, b) => mag(b) - mag(a));
  for (const [p, e] of elided) nodes.get(p)!.children.push(e);
  return root;
}
