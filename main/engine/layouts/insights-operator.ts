import type { ArtifactKind } from '../../../shared/bundle-format';
import { factsFromNodeFiles } from './k8s-nodes';
import type { BundleFiles, Layout, LayoutFacts } from './types';

/**
 * OpenShift Insights Operator archive: config/{version.json, node/<node>.json, pod/<ns>/<pod>.json,
 * clusteroperator/…}, events/<ns>.json, namespaces/, config/node/logs (kubelet journal excerpts).
 */
export const insightsOperator: Layout = {
  name: 'insights-operator',
  title: 'OpenShift Insights Operator archive',
  recognise: (paths) => paths.some((p) => /(?:^|\/)config\/(?:version|infrastructure|id)(?:\.json)?$/.test(p)) && paths.some((p) => /(?:^|\/)config\/(?:node|clusteroperator)\//.test(p)),
  kindOf(path: string): ArtifactKind | undefined {
    if (/(?:^|\/)config\/node\/[^/]+\.json$/.test(path)) return 'k8s-nodes';
    if (/(?:^|\/)config\/pod\/[^/]+\/[^/]+\.json$/.test(path)) return 'k8s-pods';
    if (/(?:^|\/)events\/[^/]+\.json$/.test(path)) return 'k8s-events';
    if (/(?:^|\/)config\/node\/logs\/|(?:^|\/)config\/pod\/[^/]+\/logs\//.test(path)) return 'log';
    return undefined;
  },
  facts(files: BundleFiles): LayoutFacts {
    // No file says when the archive was gathered: times come from the logs' own evidence.
    return factsFromNodeFiles(files, /(?:^|\/)config\/node\/[^/]+\.json$/);
  },
};
