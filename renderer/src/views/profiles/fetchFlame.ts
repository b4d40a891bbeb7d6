import type { DiffTree, FlameTree, ProfileRef, ProfileTop } from '../../../../shared/api/profiles';
import type { AppApi } from '../../lib/api';
import { exactNameRegex } from './format';
import { sampleName, type ProfileParams } from './params';

/** The engine sends at most this many nodes: d3-flame-graph's SVG stays fast well below 10k. */
export const MAX_NODES = 6000;
export const TOP_ROWS = 2000;

export interface FlameData {
  tree: FlameTree | DiffTree;
  top: ProfileTop;
  diff: boolean;
}

/**
 * The pruned tree and the top table of a profile, or of a diff against the baseline, focused (as
 * `go tool pprof -focus`) on the zoomed function: a zoom asks the engine again, so the narrow frames
 * the first cut merged into "…" come back.
 */
export async function fetchFlame(api: AppApi, target: ProfileRef, p: ProfileParams, focusFn: string | null): Promise<FlameData> {
  // A zoom focuses on the zoomed function; otherwise the operator's -focus, if any.
  const focus = focusFn === null ? p.focus || undefined : exactNameRegex(focusFn);
  const sample = sampleName(p.sample);
  const filters = { ignore: p.ignore || undefined, hide: p.hide || undefined };
  const tree = { sample, inverted: p.inverted, maxNodes: MAX_NODES, focus, ...filters };
  const top = { sample, limit: TOP_ROWS, focus, ...filters };
  if (p.baseline) {
    const normalize = !p.raw;
    const [t, tt] = await Promise.all([
      api.diffTree(p.baseline, target, { ...tree, normalize }),
      api.diffTop(p.baseline, target, { ...top, normalize }),
    ]);
    return { tree: t, top: tt, diff: true };
  }
  const [t, tt] = await Promise.all([api.flameTree(target, tree), api.profileTop(target, top)]);
  return { tree: t, top: tt, diff: false };
}

/**
 * The sandwich of one function (speedscope's view): its callers (the bottom-up tree, every frame of
 * the function merged into one root) and its callees (the top-down tree, merged the same way).
 */
export async function fetchSandwich(api: AppApi, target: ProfileRef, p: ProfileParams, fn: string): Promise<{ callers: FlameTree; callees: FlameTree }> {
  const base = { sample: sampleName(p.sample), maxNodes: MAX_NODES, focus: exactNameRegex(fn), ignore: p.ignore || undefined, hide: p.hide || undefined };
  const [callers, callees] = await Promise.all([api.flameTree(target, { ...base, inverted: true }), api.flameTree(target, { ...base, inverted: false })]);
  return { callers, callees };
}

export function isDiffTree(t: FlameTree | DiffTree): t is DiffTree {
  return 'baseTotal' in t;
}
