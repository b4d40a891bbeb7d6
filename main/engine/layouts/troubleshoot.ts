import type { ArtifactKind } from '../../../shared/bundle-format';
import { kindOfCommandFile } from './commands';
import { factsFromNodeFiles } from './k8s-nodes';
import type { BundleFiles, Layout, LayoutFacts } from './types';

/**
 * Replicated troubleshoot (`kubectl support-bundle`, `preflight`, sbctl): cluster-resources/<kind>/<ns>.json,
 * cluster-resources/pods/logs/<ns>/<pod>/<container>.log, all-logs/ (symbolic links to those logs, by
 * design), cluster-info/, host-collectors/, sysctl/<node>, node-metrics/<node>.json, version.yaml.
 */
const TOP = /(?:^|\/)(?:support-?bundle|preflightbundle)[^/]*\/(?:version\.yaml|analysis\.json)$/;

export const troubleshoot: Layout = {
  name: 'troubleshoot',
  title: 'Replicated troubleshoot support bundle',
  recognise: (paths) => paths.some((p) => /(?:^|\/)cluster-resources\/(?:nodes|namespaces)\.json$/.test(p) || TOP.test(p)),
  kindOf(path: string): ArtifactKind | undefined {
    if (/(?:^|\/)cluster-resources\/nodes\.json$/.test(path)) return 'k8s-nodes';
    if (/(?:^|\/)cluster-resources\/pods\/logs\//.test(path)) return 'log';
    const m = /(?:^|\/)cluster-resources\/(pods|events|deployments|replicasets|configmaps)\/[^/]+\.json$/.exec(path);
    if (m) return ({ pods: 'k8s-pods', events: 'k8s-events', deployments: 'k8s-deployments', replicasets: 'k8s-replicasets', configmaps: 'k8s-configmap' } as const)[m[1] as 'pods'];
    if (/(?:^|\/)sysctl\/[^/]+$/.test(path)) return 'sysctl';
    if (/(?:^|\/)(?:host-collectors|run-example|copy-from-host-example)\//.test(path)) return kindOfCommandFile(path);
    return undefined;
  },
  facts(files: BundleFiles): LayoutFacts {
    const out = factsFromNodeFiles(files, /(?:^|\/)cluster-resources\/nodes\.json$/);
    // The bundle's folder is named after its collection time: support-bundle-2021-03-24T00_39_51.
    for (const p of files.paths) {
      const m = /(?:^|\/)(?:support-bundle|preflightbundle)-(\d{4})-(\d\d)-(\d\d)T(\d\d)_(\d\d)_(\d\d)\//.exec(p);
      if (m) {
        out.collectedAt = { ms: Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]), from: `folder name ${p.slice(0, p.indexOf('/'))}` };
        break;
      }
    }
    return out;
  },
};
