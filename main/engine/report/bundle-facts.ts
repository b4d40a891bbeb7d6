import { bundleDetail } from '../library/api';
import type { Db } from '../store/workspace';
import type { ReportBundle } from './model';

const FACT_LABELS: [string, string][] = [
  ['hostname', 'Hostname'],
  ['kernel', 'Kernel'],
  ['os', 'OS'],
  ['kubeletVersion', 'Kubelet'],
  ['containerRuntime', 'Container runtime'],
  ['cgroupVersion', 'cgroup version'],
  ['timezone', 'Time zone'],
];

/** A bundle's identity, node facts and what the collector did not bring back whole. */
export function reportBundle(db: Db, id: number, role: ReportBundle['role']): ReportBundle {
  const d = bundleDetail(db, id);
  const facts = FACT_LABELS.filter(([key]) => d.facts[key] !== undefined && d.facts[key] !== '').map(
    ([key, label]): [string, string] => [label, d.facts[key]],
  );
  return {
    role,
    id,
    node: d.node,
    name: d.name,
    sha256: d.sha256,
    collectedAt: d.manifest?.collection.startedAt ?? d.collectedAt,
    collectionEndedAt: d.manifest?.collection.endedAt ?? null,
    collectorVersion: d.manifest ? `${d.manifest.collector.name} ${d.manifest.collector.version}` : null,
    collectorScriptSha256: d.manifest?.collector.scriptSha256 ?? null,
    facts,
    completeness: d.completeness,
    errors: d.errors,
    plain: d.format === 'plain',
  };
}
