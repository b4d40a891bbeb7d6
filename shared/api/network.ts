import type { BundleId } from './bundles';
import { arity, int, str, type ArgValidators } from './args';

/**
 * Network artifacts of a bundle as models: iptables (save and -L forms), ipvs, conntrack, listening
 * sockets. Every string field is text from the bundle, to be shown as text.
 */

export type IpFamily = 'ipv4' | 'ipv6';
/** From the iptables-save header: "(nf_tables)", "(legacy)" or no tag (legacy before 1.8). */
export type IptablesBackend = 'nf_tables' | 'legacy' | 'unknown';

export interface Counters {
  packets: number;
  bytes: number;
}

/** One `-s`, `-d`, `-p`, `-i`, `-o` or match option, as written, with its negation. */
export interface RuleOption {
  /** Long name without dashes, e.g. "dport", "ctstate", "source". */
  name: string;
  /** The option's value tokens joined by a space; "" for a flag. */
  value: string;
  negated: boolean;
}

export interface RuleMatch {
  /** The `-m` module ("tcp", "comment", "conntrack"), or "" for options before any -m. */
  module: string;
  options: RuleOption[];
}

export interface IptablesRule {
  /** 1-based position of the rule in its chain. */
  index: number;
  /** 1-based line of the artifact. */
  line: number;
  /** The line as the node wrote it. */
  raw: string;
  /** The rule without counters (`-A CHAIN ...`): the key to match a rule across bundles. */
  text: string;
  counters: Counters | null;
  source: string | null;
  sourceNegated: boolean;
  destination: string | null;
  destinationNegated: boolean;
  protocol: string | null;
  inInterface: string | null;
  outInterface: string | null;
  matches: RuleMatch[];
  /** The `-j` or `-g` target: a chain or ACCEPT, DROP, DNAT, ... */
  target: string | null;
  /** True for `-g` (goto: no return to this chain). */
  goto: boolean;
  /** Target options as written after the target ("--to-destination 10.0.1.1:80"). */
  targetArgs: string;
  /** The `-m comment --comment` text. */
  comment: string | null;
}

export interface IptablesChain {
  name: string;
  builtin: boolean;
  /** ACCEPT/DROP for a builtin chain, null for a user chain. */
  policy: string | null;
  /** Policy counters (builtin chains), when the dump has them. */
  counters: Counters | null;
  /** Rules jumping or going to this chain, within the table. */
  references: number;
  rules: IptablesRule[];
}

export interface IptablesTable {
  name: string;
  chains: IptablesChain[];
}

/** A rule and how many identical rules (same chain, matches and target) the dump has. */
export interface RepeatedRule {
  count: number;
  /** The first one's line and text as written. */
  line: number;
  raw: string;
}

export interface IptablesRuleset {
  /** The artifact path it was read from. */
  artifact: string;
  family: IpFamily;
  backend: IptablesBackend;
  /** "iptables-save v1.8.9 (nf_tables)", or for -L output the format name. */
  generator: string | null;
  format: 'save' | 'list';
  tables: IptablesTable[];
  /** The rule written most often (on a tie, the first written), counted while the dump was read; null without rules. */
  mostRepeated: RepeatedRule | null;
  /** `# Warning: ...` lines of the dump (e.g. legacy tables present) and lines that could not be read. */
  warnings: string[];
}

/** A ruleset without the rules: what a summary list shows. */
export interface IptablesChainSummary {
  name: string;
  builtin: boolean;
  policy: string | null;
  counters: Counters | null;
  references: number;
  ruleCount: number;
  /** Sum of the rules' packet counters (0 without counters). */
  packets: number;
  bytes: number;
}

export interface IptablesTableSummary {
  name: string;
  ruleCount: number;
  chains: IptablesChainSummary[];
}

export interface IptablesSummary {
  artifact: string;
  family: IpFamily;
  backend: IptablesBackend;
  generator: string | null;
  format: 'save' | 'list';
  ruleCount: number;
  tables: IptablesTableSummary[];
  warnings: string[];
}

export interface ChainGraphNode {
  chain: string;
  builtin: boolean;
  ruleCount: number;
}

export interface ChainGraphEdge {
  from: string;
  to: string;
  /** How many rules of `from` jump (or go) to `to`. */
  rules: number;
  goto: boolean;
  /** Packets counted on those rules. */
  packets: number;
}

/** The chains reachable from one chain by -j/-g, breadth first, cut at `limit` nodes. */
export interface ChainGraph {
  artifact: string;
  table: string;
  root: string;
  nodes: ChainGraphNode[];
  edges: ChainGraphEdge[];
  truncated: boolean;
}

export interface RuleSearchHit {
  artifact: string;
  family: IpFamily;
  table: string;
  chain: string;
  rule: IptablesRule;
  /** Why it matched: "destination 172.20.1.1/32 contains 172.20.1.1", "dport 80". */
  reason: string;
}

export interface RuleSearchResult {
  /** How the query was read: an address, a network, a port, or else words of the rule (a comment such as "kube-system/kube-dns", a chain). */
  query: { kind: 'address' | 'network' | 'port' | 'text'; value: string };
  hits: RuleSearchHit[];
  truncated: boolean;
}

export interface IpvsRealServer {
  address: string;
  port: number | null;
  /** Masq, Route, Tunnel, Local (absent in the --stats form). */
  forward: string | null;
  weight: number | null;
  activeConn: number | null;
  inactConn: number | null;
  stats: IpvsStats | null;
}

/** --stats columns. ipvsadm prints large numbers as 123K/45M unless --exact: then `approximate`. */
export interface IpvsStats {
  conns: number;
  inPkts: number;
  outPkts: number;
  inBytes: number;
  outBytes: number;
  approximate: boolean;
}

export interface IpvsService {
  /** TCP, UDP, SCTP or FWM. */
  protocol: string;
  /** Virtual address (or the firewall mark for FWM). */
  address: string;
  port: number | null;
  /** rr, wrr, lc, ... (absent in the --stats form). */
  scheduler: string | null;
  /** Persistence timeout in seconds, when persistent. */
  persistentSeconds: number | null;
  /** Other flags as written (ops, "pe sip", mask ...). */
  flags: string[];
  line: number;
  stats: IpvsStats | null;
  realServers: IpvsRealServer[];
}

export interface IpvsTable {
  artifact: string;
  /** "1.2.1 (size=4096)" from the header. */
  version: string | null;
  services: IpvsService[];
}

export interface ConntrackCpuStats {
  cpu: number;
  counters: Record<string, number>;
}

export interface ConntrackView {
  /** nf_conntrack_count / nf_conntrack_max, when collected. */
  count: number | null;
  max: number | null;
  /** count / max, 0..1. */
  usage: number | null;
  /** `conntrack -S` per cpu, and summed over cpus. */
  perCpu: ConntrackCpuStats[];
  totals: Record<string, number>;
  artifacts: string[];
}

export interface ListeningProcess {
  name: string;
  pid: number | null;
  fd: number | null;
}

export interface ListeningSocket {
  /** tcp, udp, tcp6, udp6 (netstat) or tcp/udp (ss). */
  protocol: string;
  state: string | null;
  recvQ: number | null;
  sendQ: number | null;
  localAddress: string;
  localPort: string;
  peer: string;
  processes: ListeningProcess[];
  line: number;
}

export interface ListeningView {
  artifact: string;
  format: 'ss' | 'netstat';
  sockets: ListeningSocket[];
}

export interface InterfaceAddress {
  family: IpFamily;
  address: string;
  prefix: number;
  scope: string | null;
  /** Words after the scope: "secondary", "dynamic", "nodad", "tentative", the label... */
  flags: string[];
}

export interface NetInterface {
  index: number;
  name: string;
  /** The peer or parent after "@" (veth peer, vlan parent), or null. */
  link: string | null;
  /** <BROADCAST,MULTICAST,UP,LOWER_UP> */
  flags: string[];
  mtu: number | null;
  state: string | null;
  /** The bridge or bond it is enslaved to (pod veths: cni0, docker0). */
  master: string | null;
  mac: string | null;
  addresses: InterfaceAddress[];
  line: number;
}

export interface IpRoute {
  /** "main" unless the route names another table (local, 100, ...). */
  table: string;
  /** local, broadcast, blackhole, unreachable, prohibit, multicast, or null for a unicast route. */
  type: string | null;
  /** "default" or a network. */
  destination: string;
  gateway: string | null;
  device: string | null;
  protocol: string | null;
  scope: string | null;
  source: string | null;
  metric: number | null;
  line: number;
  raw: string;
}

export interface IpRule {
  priority: number;
  /** What the rule matches: "from all", "from all fwmark 0x4000/0x4000". */
  selector: string;
  /** The table it looks up, or null for other actions. */
  table: string | null;
  line: number;
  raw: string;
}

/** ip addr, ip route show table all and ip rule of the node. */
export interface InterfacesView {
  interfaces: NetInterface[];
  routes: IpRoute[];
  rules: IpRule[];
  artifacts: string[];
}

export interface FirewalldZone {
  name: string;
  /** "(active)", "(default, active)" after the name. */
  active: boolean;
  isDefault: boolean;
  /** target, interfaces, sources, services, ports, masquerade, forward-ports, ... as written. */
  settings: Record<string, string>;
  richRules: string[];
  line: number;
}

export interface FirewalldView {
  artifact: string;
  /** What the collector could run: `firewall-cmd --list-all-zones` or `systemctl status firewalld`. */
  source: 'firewall-cmd' | 'systemctl' | 'unknown';
  /** From systemctl: true for "active (running)", false for inactive/failed/absent; null when unknown. */
  running: boolean | null;
  /** The `Active:` line's state ("active (running) since ..."), or "not installed". */
  state: string | null;
  /** The `Loaded:` line's enablement ("enabled", "disabled"). */
  enabled: string | null;
  zones: FirewalldZone[];
}

/** One nginx directive with its block: `listen 80;`, `server { ... }`. */
export interface NginxDirective {
  name: string;
  args: string[];
  line: number;
  block: NginxDirective[] | null;
}

export interface NginxFile {
  artifact: string;
  directives: NginxDirective[];
  /** `include` arguments, as written. */
  includes: string[];
  errors: string[];
}

/** A `server { }`: where it listens and where it sends traffic (case 1: the jump host's reverse proxy). */
export interface NginxServer {
  artifact: string;
  line: number;
  /** The enclosing `http` or `stream` block, or null for a file included from elsewhere. */
  context: 'http' | 'stream' | null;
  listen: string[];
  serverNames: string[];
  /** proxy_pass of the server itself (stream) and of each location (http). */
  proxyPasses: { location: string | null; target: string; line: number }[];
}

export interface NginxUpstream {
  artifact: string;
  line: number;
  name: string;
  /** `server` lines as written: "10.0.0.11:443 max_fails=3 fail_timeout=5s". */
  servers: string[];
}

export interface NginxView {
  files: NginxFile[];
  servers: NginxServer[];
  upstreams: NginxUpstream[];
}

export interface NetworkApi {
  /** Every iptables/ip6tables dump of the bundle: tables and chains with rule counts (no rules). */
  iptables(bundle: BundleId): Promise<IptablesSummary[]>;
  /** The rules of one chain of one dump. */
  iptablesRules(bundle: BundleId, artifact: string, table: string, chain: string): Promise<IptablesRule[]>;
  chainGraph(bundle: BundleId, artifact: string, table: string, chain: string): Promise<ChainGraph>;
  /** Rules about an address (CIDR containment), a network (overlap), a port, or containing the text, in every distinct dump. */
  searchRules(bundle: BundleId, query: string): Promise<RuleSearchResult>;
  ipvs(bundle: BundleId): Promise<IpvsTable[]>;
  conntrack(bundle: BundleId): Promise<ConntrackView>;
  listening(bundle: BundleId): Promise<ListeningView[]>;
  interfaces(bundle: BundleId): Promise<InterfacesView>;
  /** firewalld state and zones (field case 1 checks it first), or null when not collected. */
  firewalld(bundle: BundleId): Promise<FirewalldView | null>;
  /** nginx configuration copied from the node (node/nginx/...): servers, upstreams, proxy targets. */
  nginx(bundle: BundleId): Promise<NginxView>;
}

export const networkArgs: ArgValidators<NetworkApi> = {
  iptables: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  iptablesRules: (a) => (
    arity(a, 4, 4),
    [int(a[0], 'bundle id', 1), str(a[1], 'artifact path'), str(a[2], 'table', 64), str(a[3], 'chain', 256)]
  ),
  chainGraph: (a) => (
    arity(a, 4, 4),
    [int(a[0], 'bundle id', 1), str(a[1], 'artifact path'), str(a[2], 'table', 64), str(a[3], 'chain', 256)]
  ),
  searchRules: (a) => (arity(a, 2, 2), [int(a[0], 'bundle id', 1), str(a[1], 'query', 100)]),
  ipvs: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  conntrack: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  listening: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  interfaces: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  firewalld: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  nginx: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
};

// ---- compare (issue 7): what differs between two bundles ----

export interface RuleCounterDelta {
  text: string;
  before: Counters;
  after: Counters;
}

export interface IptablesChainDiff {
  /** The dump's path (the same path on both sides for collector bundles; else the A side's). */
  artifact: string;
  family: IpFamily;
  table: string;
  chain: string;
  /** 'added'/'removed' when the chain exists on one side only. */
  presence: 'both' | 'added' | 'removed';
  policyBefore: string | null;
  policyAfter: string | null;
  rulesBefore: number;
  rulesAfter: number;
  /** Rule texts (without counters) on one side only. */
  added: string[];
  removed: string[];
  /** Rules on both sides whose counters differ, largest packet change first. */
  counterDeltas: RuleCounterDelta[];
}

export interface IptablesDiff {
  chains: IptablesChainDiff[];
  /** Backend or generator changes per family ("nf_tables" -> "legacy"). */
  backends: { artifact: string; family: IpFamily; before: string | null; after: string | null }[];
  identical: boolean;
}

export interface IpvsServiceChange {
  service: string;
  field: string;
  before: string;
  after: string;
}

/** Configuration only: connection and traffic counters are not compared. */
export interface IpvsDiff {
  /** Services as "TCP 10.0.0.1:443". */
  added: string[];
  removed: string[];
  changed: IpvsServiceChange[];
  identical: boolean;
}

/** nginx configuration compared file by file, line by line of the normalised directives. */
export interface NginxDiff {
  filesAdded: string[];
  filesRemoved: string[];
  /** Per file on both sides: directive lines (with their block path, e.g. "http > server > listen 80") on one side only. */
  files: { artifact: string; added: string[]; removed: string[] }[];
  identical: boolean;
}
