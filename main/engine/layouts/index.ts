import type { ArtifactKind } from '../../../shared/bundle-format';
import { insightsClient } from './insights-client';
import { insightsOperator } from './insights-operator';
import { mustGather } from './must-gather';
import { plainCommands } from './plain';
import { rancher } from './rancher';
import { sonobuoy } from './sonobuoy';
import { sosreport } from './sosreport';
import { supportBundleKit } from './support-bundle-kit';
import { troubleshoot } from './troubleshoot';
import type { Layout } from './types';

export type { BundleFiles, Dated, Layout, LayoutFacts, LayoutName } from './types';

/** Every peer layout, most distinctive first; the folder of command output is the last resort. */
export const LAYOUTS: readonly Layout[] = [
  sosreport,
  insightsClient,
  mustGather,
  insightsOperator,
  troubleshoot,
  supportBundleKit,
  sonobuoy,
  rancher,
  plainCommands,
];

/**
 * The kind a peer layout gives a path, before the generic guess. Each layout only claims paths that
 * are its own (sos_commands/…, cluster-resources/…), so the answer does not depend on knowing the
 * layout first — entries arrive in archive order, before the layout is known.
 */
export function kindByLayout(path: string): ArtifactKind | undefined {
  for (const l of LAYOUTS) {
    if (l === plainCommands) continue;
    const k = l.kindOf(path);
    if (k) return k;
  }
  return undefined;
}

/** The layout these paths are, or null (our own collector's bundles have a manifest instead). */
export function recogniseLayout(paths: readonly string[]): Layout | null {
  return LAYOUTS.find((l) => l.recognise(paths)) ?? null;
}
