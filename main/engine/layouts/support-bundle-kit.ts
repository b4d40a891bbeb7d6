import type { ArtifactKind } from '../../../shared/bundle-format';
import { firstText, fromOsRelease, parseLooseTimestamp } from './commands';
import type { BundleFiles, Layout, LayoutFacts } from './types';

/**
 * Rancher support-bundle-kit (Harvester, Longhorn): metadata.yaml, yamls/{cluster,namespaced}/<group>/
 * <version>/<kind>.yaml, logs/<ns>/<pod>/<container>.log, and nodes/<node>.zip per node (configs/etc/,
 * logs/kernel.log = the kernel journal, rke2-server.log …), opened as nested archives.
 */
export const supportBundleKit: Layout = {
  name: 'support-bundle-kit',
  title: 'Rancher support-bundle-kit (Harvester)',
  recognise: (paths) => paths.some((p) => /(?:^|\/)yamls\/(?:cluster|namespaced)\//.test(p)) || paths.some((p) => /(?:^|\/)node\d*\/configs\/etc\//.test(p) || /(?:^|\/)nodes\/[^/]+\/[^/]+\/logs\//.test(p)),
  kindOf(path: string): ArtifactKind | undefined {
    const m = /(?:^|\/)yamls\/namespaced\/[^/]+\/(?:v1|apps\/v1|events\.k8s\.io\/v1)\/(events|pods|deployments|replicasets|configmaps)\.yaml$/.exec(path);
    if (m) return ({ events: 'k8s-events', pods: 'k8s-pods', deployments: 'k8s-deployments', replicasets: 'k8s-replicasets', configmaps: 'k8s-configmap' } as const)[m[1] as 'events'];
    if (/(?:^|\/)yamls\/cluster\/v1\/nodes\.yaml$/.test(path)) return 'k8s-nodes';
    if (/(?:^|\/)configs\/etc\/os-release$/.test(path)) return 'os-release';
    if (/\/logs\/kernel\.log$/.test(path)) return 'journal';
    return undefined;
  },
  facts(files: BundleFiles): LayoutFacts {
    const out: LayoutFacts = {};
    const nodes = [...new Set(files.paths.map((p) => /(?:^|\/)nodes\/[^/]+\/([^/]+)\/configs\//.exec(p)?.[1] ?? /^([^/]+)\/configs\/etc\//.exec(p)?.[1]).filter((n): n is string => !!n))];
    if (nodes.length) out.nodes = nodes;
    const host = firstText(files, /(?:^|\/)configs\/etc\/hostname$/);
    if (host && nodes.length <= 1) out.hostname = host.text.trim().split('\n')[0].slice(0, 253);
    const os = firstText(files, /(?:^|\/)configs\/etc\/os-release$/);
    if (os) out.os = fromOsRelease(os.text);
    const meta = firstText(files, /(?:^|\/)metadata\.yaml$/);
    if (meta) {
      const created = /^bundlecreatedat:[ \t]{0,8}"?([^"\n]{1,40})"?$/m.exec(meta.text);
      if (created) out.collectedAt = parseLooseTimestamp(created[1], meta.path) ?? undefined;
      const k = /^kubernetesversion:[ \t]{0,8}"?([^"\n]{1,60})"?$/m.exec(meta.text);
      if (k) out.kubeletVersion = k[1];
    }
    return out;
  },
};
