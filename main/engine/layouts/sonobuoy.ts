import type { ArtifactKind } from '../../../shared/bundle-format';
import { firstText, parseLooseTimestamp } from './commands';
import type { BundleFiles, Layout, LayoutFacts } from './types';

/**
 * Sonobuoy results (`sonobuoy retrieve`): hosts/<node>/{configz,healthz}.json, plugins/<plugin>/results/
 * <node>/… (systemd-logs: the node's journal as JSON lines), resources/{ns,cluster}/, podlogs/, meta/.
 */
export const sonobuoy: Layout = {
  name: 'sonobuoy',
  title: 'Sonobuoy results',
  recognise: (paths) => paths.some((p) => /(?:^|\/)(?:serverversion\.json|meta\/(?:query-time|config)\.json)$/.test(p)) && paths.some((p) => /(?:^|\/)(?:hosts|plugins)\//.test(p)),
  kindOf(path: string): ArtifactKind | undefined {
    if (/(?:^|\/)plugins\/systemd[-_]logs\/results\/[^/]+(?:\/systemd_logs)?$/.test(path)) return 'journal-json';
    // Sonobuoy before 0.20 names a resource by its kind (Pods.json), later ones by group_version_kind.
    if (/(?:^|\/)resources\/ns\/[^/]+\/(?:Events|core_v1_events)\.json$/.test(path)) return 'k8s-events';
    if (/(?:^|\/)resources\/ns\/[^/]+\/(?:Pods|core_v1_pods)\.json$/.test(path)) return 'k8s-pods';
    if (/(?:^|\/)resources\/(?:cluster|non-ns)\/(?:Nodes|core_v1_nodes)\.json$/.test(path)) return 'k8s-nodes';
    if (/(?:^|\/)podlogs\/.+\.txt$/.test(path)) return 'log';
    return undefined;
  },
  facts(files: BundleFiles): LayoutFacts {
    const out: LayoutFacts = {};
    const nodes = [...new Set(files.paths.map((p) => /(?:^|\/)hosts\/([^/]+)\//.exec(p)?.[1]).filter((n): n is string => !!n && !n.startsWith('._')))];
    if (nodes.length) out.nodes = nodes;
    if (nodes.length === 1) out.hostname = nodes[0];
    const v = firstText(files, /(?:^|\/)serverversion(?:\/serverversion)?\.json$/);
    const git = v && /"gitVersion"\s*:\s*"([^"]{1,60})"/.exec(v.text);
    if (git) out.kubeletVersion = git[1];
    const q = firstText(files, /(?:^|\/)meta\/run\.log$/);
    if (q) out.collectedAt = lastTime(q.text, q.path) ?? undefined;
    return out;
  },
};

/** The last "time" of a JSON-lines run log. */
function lastTime(text: string, from: string): { ms: number; from: string } | null {
  const lines = text.trimEnd().split('\n');
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 50; i--) {
    const m = /"time"\s*:\s*"([^"]{1,40})"/.exec(lines[i]);
    const d = m && parseLooseTimestamp(m[1], from);
    if (d) return d;
  }
  return null;
}
