import { diffInputs, type DiffOptions } from './diff';
import type { Profile } from './model';
import { sampleIndex, sampleTypeLabel } from './sample-index';
import { sampleWeights, type StackFilter } from './stacks';
import { CallTree, pruneTree, type PrunedTree, type PruneOptions } from './tree';

export interface FlameOptions extends PruneOptions {
  sample?: string;
  filter?: StackFilter;
  /** Bottom-up: the root's children are the functions where time is spent, their callers below. */
  inverted?: boolean;
}

export interface FlameGraph extends PrunedTree {
  sampleType: string;
  total: number;
  inverted: boolean;
}

export function buildTree(p: Profile, options: FlameOptions = {}): { tree: CallTree; index: number } {
  const index = sampleIndex(p, options.sample);
  const tree = new CallTree();
  tree.add(p, sampleWeights(p, index), { inverted: options.inverted, filter: options.filter });
  return { tree, index };
}

export function flameGraph(p: Profile, options: FlameOptions = {}): FlameGraph {
  const { tree, index } = buildTree(p, options);
  const pruned = pruneTree(tree, options);
  return { sampleType: sampleTypeLabel(p, index), total: pruned.root.value, inverted: !!options.inverted, ...pruned };
}

export type DiffFlameOptions = FlameOptions & Pick<DiffOptions, 'normalize'>;

export function buildDiffTree(base: Profile, target: Profile, options: DiffFlameOptions = {}): { tree: CallTree; index: number; scale: number } {
  const d = diffInputs(base, target, options);
  const tree = new CallTree();
  tree.add(target, d.targetWeight, { inverted: options.inverted, filter: options.filter, column: 'value' });
  tree.add(base, d.baseWeight, { inverted: options.inverted, filter: options.filter, column: 'base' });
  return { tree, index: d.baseIndex, scale: d.scale };
}

export interface DiffFlameGraph extends FlameGraph {
  baseTotal: number;
  scale: number;
}

/**
 * A differential flame graph: every node has the base's value (`base`) and the target's (`value`,
 * scaled to the base's total when normalised): colour by (value − base) / baseTotal.
 */
export function diffFlameGraph(base: Profile, target: Profile, options: DiffFlameOptions = {}): DiffFlameGraph {
  const { tree, index, scale } = buildDiffTree(base, target, options);
  const pruned = pruneTree(tree, options);
  return {
    sampleType: sampleTypeLabel(base, index),
    total: pruned.root.value,
    baseTotal: pruned.root.base ?? 0,
    scale,
    inverted: !!options.inverted,
    ...pruned,
  };
}
