import type { ComparedBundle, Comparison } from '../../../shared/api/compare';
import { dnsDiff } from '../dns/diff';
import { dnsView } from '../dns/load';
import { requireBundle } from '../library/api';
import { iptablesDiff } from '../network/iptables-diff';
import { ipvsDiff } from '../network/ipvs-diff';
import { loadIptables, loadIpvs } from '../network/load';
import { processesOf } from '../processes/api';
import type { Db } from '../store/workspace';
import { systemReport } from '../system/api';
import { compareNodeFacts, nodeSide } from './facts';
import { compareFindings, findingGroups } from './findings';
import { cachedBundleTemplates, compareLogs } from './logs';
import { compareProcesses } from './processes';
import { compareProfiles } from './profiles';
import { compareSystem } from './system';

function comparedBundle(db: Db, id: number): ComparedBundle {
  const r = requireBundle(db, id);
  return { id, node: r.node, collectedAt: r.collected_at, name: r.name };
}

/**
 * Bundle B against bundle A, section by section, each keeping only what differs. Comparing a bundle
 * with itself gives `identical: true` in every section and lists nothing.
 */
export function compareBundles(db: Db, a: number, b: number): Comparison {
  const bundleA = comparedBundle(db, a);
  const bundleB = comparedBundle(db, b);
  const sysA = systemReport(db, a);
  const sysB = systemReport(db, b);
  const iptables = iptablesDiff(loadIptables(db, a), loadIptables(db, b));
  const ipvs = ipvsDiff(loadIpvs(db, a), loadIpvs(db, b));
  const sections = {
    findings: compareFindings(findingGroups(db, a), findingGroups(db, b)),
    facts: compareNodeFacts(nodeSide(db, a, sysA.facts), nodeSide(db, b, sysB.facts)),
    system: compareSystem(sysA, sysB),
    processes: compareProcesses(processesOf(db, a), processesOf(db, b)),
    network: { iptables, ipvs, identical: iptables.identical && ipvs.identical },
    dns: dnsDiff(dnsView(db, a), dnsView(db, b)),
    profiles: compareProfiles(db, a, b),
    logs: compareLogs(db, cachedBundleTemplates(db, a), cachedBundleTemplates(db, b)),
  };
  const identical = Object.values(sections).every((s) => s.identical);
  return { a: bundleA, b: bundleB, identical, ...sections };
}
