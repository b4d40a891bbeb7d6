import type { BundleId } from '../../../shared/api/bundles';
import type {
  ChainGraph,
  ConntrackView,
  FirewalldView,
  InterfacesView,
  IptablesRule,
  IptablesRuleset,
  IptablesSummary,
  NetworkApi,
  NginxView,
  RuleSearchResult,
} from '../../../shared/api/network';
import { ArgError } from '../../../shared/api/args';
import { artifactsOfKind, findArtifact, readArtifactText, readParsedText, textsOfKind } from '../store/artifacts';
import type { Db } from '../store/workspace';
import { conntrackUsage, parseConntrackStats, parseProcNumber, sumConntrackStats } from './conntrack';
import { parseFirewalld } from './firewalld';
import { nginxServers, parseNginxFile } from './nginx';
import { chainGraph } from './iptables-graph';
import { parseIpAddr, parseIpRoute, parseIpRule } from './iproute';
import { parseRuleQuery, searchRules } from './iptables-search';
import { loadIpvs, loadIptables, loadListening } from './load';

export function summarise(rs: IptablesRuleset): IptablesSummary {
  const tables = rs.tables.map((t) => {
    const chains = t.chains.map((c) => ({
      name: c.name,
      builtin: c.builtin,
      policy: c.policy,
      counters: c.counters,
      references: c.references,
      ruleCount: c.rules.length,
      packets: c.rules.reduce((n, r) => n + (r.counters?.packets ?? 0), 0),
      bytes: c.rules.reduce((n, r) => n + (r.counters?.bytes ?? 0), 0),
    }));
    return { name: t.name, ruleCount: chains.reduce((n, c) => n + c.ruleCount, 0), chains };
  });
  const { artifact, family, backend, generator, format, warnings } = rs;
  return { artifact, family, backend, generator, format, warnings, tables, ruleCount: tables.reduce((n, t) => n + t.ruleCount, 0) };
}

function ruleset(db: Db, bundle: BundleId, artifact: string): IptablesRuleset {
  const rs = loadIptables(db, bundle).find((r) => r.artifact === artifact);
  if (!rs) throw new ArgError(`${artifact}: no iptables dump with this path in bundle ${bundle}`);
  return rs;
}

export function iptablesRules(db: Db, bundle: BundleId, artifact: string, table: string, chain: string): IptablesRule[] {
  const t = ruleset(db, bundle, artifact).tables.find((x) => x.name === table);
  const c = t?.chains.find((x) => x.name === chain);
  if (!c) throw new ArgError(`${artifact}: no chain ${chain} in table ${table}`);
  return c.rules;
}

export function ruleGraph(db: Db, bundle: BundleId, artifact: string, table: string, chain: string): ChainGraph {
  const g = chainGraph(ruleset(db, bundle, artifact), table, chain);
  if (!g) throw new ArgError(`${artifact}: no chain ${chain} in table ${table}`);
  return g;
}

function fingerprint(rs: IptablesRuleset): string {
  return [rs.family, rs.backend, ...rs.tables.flatMap((t) => t.chains.flatMap((c) => c.rules.map((r) => `${t.name} ${r.text}`)))].join('\n');
}

/**
 * Dumps with the same rules under the same backend, once: the collector saves `iptables-save` and
 * `iptables-nft-save` (or -legacy-save), and one of them is the other under a different name.
 */
export function distinctRulesets(all: IptablesRuleset[]): IptablesRuleset[] {
  const seen = new Set<string>();
  return all.filter((rs) => {
    const f = fingerprint(rs);
    if (seen.has(f)) return false;
    seen.add(f);
    return true;
  });
}

export function ruleSearch(db: Db, bundle: BundleId, query: string): RuleSearchResult {
  const q = parseRuleQuery(query);
  if (!q) throw new ArgError('the rule search query is empty');
  const value = q.kind === 'port' ? String(q.port) : query.trim();
  return { query: { kind: q.kind, value }, ...searchRules(distinctRulesets(loadIptables(db, bundle)), q) };
}

/** conntrack -S per cpu and summed, with nf_conntrack_count / nf_conntrack_max. */
export function conntrackView(db: Db, bundle: BundleId): ConntrackView {
  const artifacts: string[] = [];
  let count: number | null = null;
  let max: number | null = null;
  for (const a of artifactsOfKind(db, bundle, 'nf-conntrack')) {
    const text = readParsedText(db, a.id);
    if (text === null) continue;
    const n = parseProcNumber(text);
    if (a.path.endsWith('nf_conntrack_count')) count = n;
    else if (a.path.endsWith('nf_conntrack_max')) max = n;
    else continue;
    artifacts.push(a.path);
  }
  const stats = artifactsOfKind(db, bundle, 'conntrack-stats');
  const perCpu = stats.flatMap((a) => parseConntrackStats(readArtifactText(db, a.id))); // line-oriented: read up to its cap, never refused
  artifacts.push(...stats.map((a) => a.path));
  return { count, max, usage: conntrackUsage(count, max), perCpu, totals: sumConntrackStats(perCpu), artifacts };
}

/** ip addr, ip route and ip rule of the node (each part empty when not collected). */
export function interfacesView(db: Db, bundle: BundleId): InterfacesView {
  const read = (kind: string) => artifactsOfKind(db, bundle, kind).map((a) => ({ path: a.path, text: readArtifactText(db, a.id) }));
  const [addr, route, rule] = [read('ip-addr'), read('ip-route'), read('ip-rule')];
  return {
    interfaces: addr.flatMap((a) => parseIpAddr(a.text)),
    routes: route.flatMap((a) => parseIpRoute(a.text)),
    rules: rule.flatMap((a) => parseIpRule(a.text)),
    artifacts: [...addr, ...route, ...rule].map((a) => a.path),
  };
}

/** firewalld as collected; when firewall-cmd printed nothing, what it said on stderr ("FirewallD is not running"). */
export function firewalldView(db: Db, bundle: BundleId): FirewalldView | null {
  const a = artifactsOfKind(db, bundle, 'firewalld')[0];
  if (!a) return null;
  const text = readParsedText(db, a.id);
  if (text === null) return null;
  const stderr = text.trim() === '' ? findArtifact(db, bundle, `stderr/${a.path}`) : undefined;
  return parseFirewalld((stderr && readParsedText(db, stderr.id)) || text, a.path);
}

/** Every nginx file the collector copied, parsed, with the servers and upstreams they define. */
export function nginxView(db: Db, bundle: BundleId): NginxView {
  const files = textsOfKind(db, bundle, 'nginx-config').map((a) => parseNginxFile(a.text, a.path));
  const parts = files.map(nginxServers);
  return { files, servers: parts.flatMap((p) => p.servers), upstreams: parts.flatMap((p) => p.upstreams) };
}

/** The Network view's API: functions of one workspace, merged by the engine into NodescopeApi. */
export function createNetworkApi(db: Db): NetworkApi {
  return {
    iptables: async (bundle) => loadIptables(db, bundle).map(summarise),
    iptablesRules: async (bundle, artifact, table, chain) => iptablesRules(db, bundle, artifact, table, chain),
    chainGraph: async (bundle, artifact, table, chain) => ruleGraph(db, bundle, artifact, table, chain),
    searchRules: async (bundle, query) => ruleSearch(db, bundle, query),
    ipvs: async (bundle) => loadIpvs(db, bundle),
    conntrack: async (bundle) => conntrackView(db, bundle),
    listening: async (bundle) => loadListening(db, bundle),
    interfaces: async (bundle) => interfacesView(db, bundle),
    firewalld: async (bundle) => firewalldView(db, bundle),
    nginx: async (bundle) => nginxView(db, bundle),
  };
}
