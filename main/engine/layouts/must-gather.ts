import type { ArtifactKind } from '../../../shared/bundle-format';
import { firstText, parseLooseTimestamp } from './commands';
import { factsFromNodeFiles } from './k8s-nodes';
import type { BundleFiles, Layout, LayoutFacts } from './types';

/**
 * OpenShift must-gather (`oc adm must-gather`): <image-folder>/{cluster-scoped-resources/core/nodes/*.yaml,
 * namespaces/<ns>/core/{events,pods}.yaml, namespaces/<ns>/pods/<pod>/<ctr>/<ctr>/logs/{current,previous}.log,
 * host_service_logs/masters/<unit>_service.log (journals), timestamp, version}.
 */
export const mustGather: Layout = {
  name: 'must-gather',
  title: 'OpenShift must-gather',
  recognise: (paths) =>
    paths.some((p) => /(?:^|\/)cluster-scoped-resources\/core\/nodes\//.test(p) || /(?:^|\/)host_service_logs\//.test(p) || /(?:^|\/)namespaces\/[^/]+\/core\/pods\.yaml$/.test(p)),
  kindOf(path: string): ArtifactKind | undefined {
    if (/(?:^|\/)cluster-scoped-resources\/core\/nodes\/[^/]+\.yaml$/.test(path)) return 'k8s-nodes';
    const m = /(?:^|\/)namespaces\/[^/]+\/(?:core|apps)\/(events|pods|deployments|replicasets|configmaps)\.yaml$/.exec(path);
    if (m) return ({ events: 'k8s-events', pods: 'k8s-pods', deployments: 'k8s-deployments', replicasets: 'k8s-replicasets', configmaps: 'k8s-configmap' } as const)[m[1] as 'events'];
    if (/(?:^|\/)host_service_logs\/[^/]+\/[^/]+\.log$/.test(path)) return 'journal';
    if (/(?:^|\/)namespaces\/[^/]+\/pods\/[^/]+\/[^/]+\/[^/]+\/logs\/[^/]+\.log$/.test(path)) return 'log';
    return undefined;
  },
  facts(files: BundleFiles): LayoutFacts {
    const out = factsFromNodeFiles(files, /(?:^|\/)cluster-scoped-resources\/core\/nodes\/[^/]+\.yaml$/);
    // timestamp: the gather's start and end, one Go time per line; the last line is the end.
    const ts = firstText(files, /^[^/]+\/timestamp$/, /(?:^|\/)timestamp$/);
    if (ts) {
      const lines = ts.text.trim().split('\n');
      out.collectedAt = parseLooseTimestamp(lines[lines.length - 1], ts.path) ?? undefined;
    }
    return out;
  },
};
