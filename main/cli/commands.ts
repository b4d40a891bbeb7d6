import type { Command } from './command';

/**
 * A subcommand as `nodescope --help` lists it. Its module, and the parts of the engine it needs, load
 * only when it runs: `nodescope ingest` no longer loads the server, the sharing and the report code
 * (50 ms of every start).
 */
export interface CommandEntry {
  name: string;
  /** One line for the command list. */
  summary: string;
  load: () => Command;
}

/** Every subcommand, in the order `nodescope --help` lists them. */
export const COMMANDS: CommandEntry[] = [
  {
    name: 'ingest',
    summary: 'read bundles (.tar.gz, .tgz, .tar or a folder) into the workspace',
    load: () => (require('./ingest') as typeof import('./ingest')).ingestCommand,
  },
  {
    name: 'bundles',
    summary: 'what the workspace holds: every bundle with its node, layout and findings',
    load: () => (require('./bundles') as typeof import('./bundles')).bundlesCommand,
  },
  {
    name: 'show',
    summary: 'one bundle: node facts, layout, completeness, counts',
    load: () => (require('./show') as typeof import('./show')).showCommand,
  },
  {
    name: 'findings',
    summary: 'what is wrong with a node, with the evidence, most severe first',
    load: () => (require('./findings') as typeof import('./findings')).findingsCommand,
  },
  {
    name: 'search',
    summary: 'full-text search over a bundle\'s log lines',
    load: () => (require('./search') as typeof import('./search')).searchCommand,
  },
  {
    name: 'profile',
    summary: 'top functions of a Go profile (pprof numbers), or the diff of two profiles',
    load: () => (require('./profile') as typeof import('./profile')).profileCommand,
  },
  {
    name: 'goroutines',
    summary: 'goroutine dump bucketed by identical stack, with state, wait time and stuck buckets',
    load: () => (require('./goroutines') as typeof import('./goroutines')).goroutinesCommand,
  },
  {
    name: 'compare',
    summary: 'two bundles diffed by meaning: findings, node facts, system, processes, iptables, DNS, profiles, logs',
    load: () => (require('./compare') as typeof import('./compare')).compareCommand,
  },
  {
    name: 'fleet',
    summary: 'bundles of many nodes: which node is not like the others, and why; what separates two groups',
    load: () => (require('./fleet') as typeof import('./fleet')).fleetCommand,
  },
  {
    name: 'export',
    summary: "the workspace's tables of some bundles as Parquet, Hive-partitioned by node, for DuckDB, Spark, Trino, ClickHouse",
    load: () => (require('./export') as typeof import('./export')).exportCommand,
  },
  {
    name: 'report',
    summary: 'the incident report of a bundle (findings, evidence, timeline, profiles, comparison) as HTML, Markdown or PDF',
    load: () => (require('./report') as typeof import('./report')).reportCommand,
  },
  {
    name: 'share',
    summary: 'a pseudonymised copy of a bundle to send off the site (addresses, names, domains, users replaced; the map stays here)',
    load: () => (require('./share') as typeof import('./share')).shareCommand,
  },
  {
    name: 'unshare',
    summary: 'turn the pseudonyms in a file (a vendor reply, a report) back into the real values',
    load: () => (require('./share') as typeof import('./share')).unshareCommand,
  },
  {
    name: 'serve',
    summary: 'open the UI in a browser: serve the workspace on 127.0.0.1 with a one-time token',
    load: () => (require('./serve') as typeof import('./serve')).serveCommand,
  },
  {
    name: 'rules',
    summary: 'list the diagnosis rules (id, severity, title)',
    load: () => (require('./rules') as typeof import('./rules')).rulesCommand,
  },
  {
    name: 'rediagnose',
    summary: 'run the current rules again on bundles diagnosed by older ones',
    load: () => (require('./rediagnose') as typeof import('./rediagnose')).rediagnoseCommand,
  },
];
