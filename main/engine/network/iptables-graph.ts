import type { ChainGraph, ChainGraphEdge, ChainGraphNode, IptablesRuleset } from '../../../shared/api/network';

export const DEFAULT_GRAPH_LIMIT = 300;

/**
 * The chains reachable from `root` in one table by -j/-g, breadth first. Targets that are not chains
 * of the table (ACCEPT, DNAT, ...) are not nodes. Cut at `limit` nodes: kube-proxy's KUBE-SERVICES
 * can reach thousands of KUBE-SVC/KUBE-SEP chains.
 */
export function chainGraph(rs: IptablesRuleset, table: string, root: string, limit = DEFAULT_GRAPH_LIMIT): ChainGraph | null {
  const t = rs.tables.find((x) => x.name === table);
  const chains = new Map((t?.chains ?? []).map((c) => [c.name, c]));
  if (!chains.has(root)) return null;
  const nodes: ChainGraphNode[] = [];
  const edges: ChainGraphEdge[] = [];
  const seen = new Set([root]);
  const queue = [root];
  let truncated = false;
  while (queue.length > 0) {
    const chain = chains.get(queue.shift() as string);
    if (!chain) continue;
    nodes.push({ chain: chain.name, builtin: chain.builtin, ruleCount: chain.rules.length });
    const out = new Map<string, ChainGraphEdge>();
    for (const r of chain.rules) {
      if (!r.target || !chains.has(r.target)) continue;
      const e = out.get(r.target) ?? { from: chain.name, to: r.target, rules: 0, goto: false, packets: 0 };
      e.rules++;
      e.goto ||= r.goto;
      e.packets += r.counters?.packets ?? 0;
      out.set(r.target, e);
      if (seen.has(r.target)) continue;
      if (seen.size >= limit) {
        truncated = true;
        continue;
      }
      seen.add(r.target);
      queue.push(r.target);
    }
    edges.push(...[...out.values()].filter((e) => seen.has(e.to)));
  }
  return { artifact: rs.artifact, table, root, nodes, edges, truncated };
}
