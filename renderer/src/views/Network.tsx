import { useMemo, useState, type ReactNode } from 'react';
import type { ChainGraph, IptablesRule, IptablesSummary } from '../../../shared/api/network';
import { SortHeader, sortBy, sortParams, useTableSort } from '../components/SortHeader';
import { Empty, ErrorBox, Loading } from '../components/Text';
import { VirtualList } from '../components/VirtualList';
import { replaceRoute, useApi, useAsync, useDebounced } from '../lib/hooks';
import { routeHash } from '../lib/route';
import { displayText, formatBytes } from '../lib/text';

interface ChainRef {
  artifact: string;
  table: string;
  chain: string;
}

export function NetworkView({ bundle, params }: { bundle: number; params: URLSearchParams }): ReactNode {
  const api = useApi();
  const dumps = useAsync(() => api.iptables(bundle), [bundle]);
  const [query, setQuery] = useState(params.get('q') ?? '');
  const q = useDebounced(query.trim(), 300);
  const current: ChainRef | null = params.get('c') ? { artifact: params.get('a') ?? '', table: params.get('t') ?? 'filter', chain: params.get('c') ?? '' } : null;
  const open = (c: ChainRef | null): void => replaceRoute(routeHash(bundle, 'network', { ...sortParams(params), q, a: c?.artifact, t: c?.table, c: c?.chain }));
  if (dumps.error) return <ErrorBox error={dumps.error} />;
  if (!dumps.data) return <Loading what="iptables" />;
  return (
    <section className="view">
      <header className="view-head">
        <h1>Network</h1>
        <input className="input grow" type="search" placeholder="Rules about an IP, a CIDR or a port (10.96.0.10, 10.0.0.0/8, 53)" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search rules" />
      </header>
      {q && <RuleSearch bundle={bundle} query={q} onOpen={open} />}
      <div className="split">
        <div className="split-list narrow">
          {dumps.data.length === 0 && <Empty>No iptables dump in this bundle.</Empty>}
          <ChainList dumps={dumps.data} current={current} onOpen={open} />
        </div>
        <div className="split-detail">
          {current ? <ChainDetail key={`${current.artifact}/${current.table}/${current.chain}`} bundle={bundle} chain={current} onOpen={open} onClose={() => open(null)} /> : <Empty>Pick a chain to see its rules, counters and jump graph.</Empty>}
        </div>
      </div>
      <div className="grid-2">
        <Ipvs bundle={bundle} />
        <Conntrack bundle={bundle} />
      </div>
    </section>
  );
}

interface ChainItem {
  ref: ChainRef;
  header: string | null;
  rules: number;
  packets: number;
  policy: string | null;
  references: number;
}

function chainValue(c: ChainItem, key: string): string | number | null {
  return key === 'chain' ? c.ref.chain : key === 'rules' ? c.rules : key === 'packets' ? c.packets : key === 'refs' ? (c.policy ? -1 : c.references) : null;
}

/**
 * A table's heading in the chain list: the table and family first, the file's name last, since a
 * sosreport's long folder would push them out of the column (the whole path is the heading's title).
 */
function tableHeading(d: IptablesSummary, t: IptablesSummary['tables'][number]): string {
  const backend = d.backend === 'unknown' ? '' : ` ${d.backend}`;
  return `${t.name} (${t.ruleCount} rules) · ${d.family}${backend} · ${d.artifact.slice(d.artifact.lastIndexOf('/') + 1)}`;
}

function ChainList({ dumps, current, onOpen }: { dumps: IptablesSummary[]; current: ChainRef | null; onOpen: (c: ChainRef) => void }): ReactNode {
  // Sorted within each table: the table headings stay where they are.
  const { sort, onSort } = useTableSort<ChainItem>('chains', undefined, chainValue);
  const items = useMemo(() => {
    const out: ChainItem[] = [];
    // IPv4 first: a sosreport's ip6tables listings sort before its iptables ones by name.
    const ordered = [...dumps].sort((a, b) => (a.family === b.family ? 0 : a.family === 'ipv4' ? -1 : 1));
    for (const d of ordered) {
      for (const t of d.tables) {
        out.push({ ref: { artifact: d.artifact, table: t.name, chain: '' }, header: tableHeading(d, t), rules: 0, packets: 0, policy: null, references: 0 });
        const chains: ChainItem[] = t.chains.map((c) => ({ ref: { artifact: d.artifact, table: t.name, chain: c.name }, header: null, rules: c.ruleCount, packets: c.packets, policy: c.policy, references: c.references }));
        out.push(...(sort ? sortBy(chains, sort, chainValue) : chains));
      }
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dumps, sort?.key, sort?.desc]);
  const isCurrent = (r: ChainRef): boolean => !!current && r.artifact === current.artifact && r.table === current.table && r.chain === current.chain;
  return (
    <>
      <div className="chain-row chain-head th" role="row">
        <SortHeader label="Chain" sortKey="chain" sort={sort} onSort={onSort} />
        <SortHeader label="Policy" sortKey="refs" numeric sort={sort} onSort={onSort} title="Built-in chains (with a policy) first, then by how many rules jump here" />
        <SortHeader label="Rules" sortKey="rules" numeric sort={sort} onSort={onSort} />
        <SortHeader label="Packets" sortKey="packets" numeric sort={sort} onSort={onSort} />
      </div>
    <VirtualList
      label="Chains"
      className="fill"
      items={items}
      rowHeight={28}
      scrollTo={current ? items.findIndex((i) => isCurrent(i.ref)) : null}
      render={(i) =>
        i.header ? (
          <div className="chain-header mono ellipsis" title={`${i.ref.artifact}\n${i.header}`}>
            {i.header}
          </div>
        ) : (
          <button type="button" className={`chain-row ${isCurrent(i.ref) ? 'selected' : ''}`} onClick={() => onOpen(i.ref)}>
            <span className="mono ellipsis" title={i.ref.chain}>
              {i.ref.chain}
            </span>
            <span className="muted small ellipsis" title={i.policy ? `policy ${i.policy}` : `${i.references} rules jump here`}>
              {i.policy ?? `${i.references} refs`}
            </span>
            <span className="num small">{i.rules}</span>
            <span className="num small muted">{i.packets.toLocaleString('en')}</span>
          </button>
        )
      }
    />
    </>
  );
}

function ChainDetail({ bundle, chain, onOpen, onClose }: { bundle: number; chain: ChainRef; onOpen: (c: ChainRef) => void; onClose: () => void }): ReactNode {
  const api = useApi();
  const rules = useAsync(() => api.iptablesRules(bundle, chain.artifact, chain.table, chain.chain), [bundle, chain.artifact, chain.table, chain.chain]);
  const graph = useAsync(() => api.chainGraph(bundle, chain.artifact, chain.table, chain.chain), [bundle, chain.artifact, chain.table, chain.chain]);
  const go = (target: string | null): void => {
    if (target && graph.data?.nodes.some((n) => n.chain === target)) onOpen({ ...chain, chain: target });
  };
  const ruleSort = useTableSort('rules', rules.data, ruleValue);
  return (
    <div className="chain-detail">
      <header className="artifact-head panel-head">
        <h2 className="mono">
          {chain.table} / {chain.chain}
        </h2>
        <a className="mono small" href={routeHash(bundle, 'artifacts', { path: chain.artifact, line: rules.data?.[0]?.line })}>
          {chain.artifact}
        </a>
        <span className="grow" />
        <button type="button" className="btn small ghost" onClick={onClose} aria-label="Close chain" title="Close (Esc)" data-esc-close>
          ✕
        </button>
      </header>
      {rules.error && <ErrorBox error={rules.error} />}
      {rules.data && rules.data.length === 0 && <Empty>No rules: only the policy applies.</Empty>}
      {rules.data && rules.data.length > 0 && (
        <div className="rules">
          <div className="tr th rule-row" role="row">
            <SortHeader label="#" sortKey="index" numeric sort={ruleSort.sort} onSort={ruleSort.onSort} title="Sort by position in the chain" />
            <SortHeader label="packets" sortKey="packets" numeric sort={ruleSort.sort} onSort={ruleSort.onSort} />
            <SortHeader label="bytes" sortKey="bytes" numeric sort={ruleSort.sort} onSort={ruleSort.onSort} />
            <SortHeader label="match" sortKey="match" sort={ruleSort.sort} onSort={ruleSort.onSort} />
            <SortHeader label="target" sortKey="target" sort={ruleSort.sort} onSort={ruleSort.onSort} />
          </div>
          <VirtualList label="Rules" className="fill" items={ruleSort.rows} rowHeight={24} onOpen={(r) => go(r.target)} render={(r) => <RuleLine rule={r} onTarget={go} />} />
        </div>
      )}
      {graph.data && <JumpGraph graph={graph.data} onOpen={go} />}
    </div>
  );
}

function ruleValue(r: IptablesRule, key: string): string | number | null {
  switch (key) {
    case 'index':
      return r.index;
    case 'packets':
      return r.counters?.packets ?? null;
    case 'bytes':
      return r.counters?.bytes ?? null;
    case 'match':
      return ruleMatch(r);
    case 'target':
      return r.target;
    default:
      return null;
  }
}

function ruleMatch(r: IptablesRule): string {
  const rest = r.text.replace(/^-A \S+\s*/, '');
  const cut = rest.search(/\s-[jg]\s/);
  return cut >= 0 ? rest.slice(0, cut) : rest;
}

function RuleLine({ rule, onTarget }: { rule: IptablesRule; onTarget: (t: string | null) => void }): ReactNode {
  return (
    <div className="tr rule-row" title={displayText(rule.raw)}>
      <span className="num muted">{rule.index}</span>
      <span className="num mono">{rule.counters?.packets.toLocaleString('en') ?? ''}</span>
      <span className="num mono muted">{rule.counters ? formatBytes(rule.counters.bytes) : ''}</span>
      <span className="mono ellipsis">{displayText(ruleMatch(rule))}</span>
      <span className="mono ellipsis">
        <button type="button" className="link-btn" onClick={() => onTarget(rule.target)}>
          {rule.goto ? '-g ' : ''}
          {rule.target ?? ''}
        </button>{' '}
        <span className="muted">{displayText(rule.targetArgs)}</span>
      </span>
    </div>
  );
}

const COL_W = 230;
const ROW_H = 26;

/** The chains reachable from this one, by depth, with an edge per jump (labels are text nodes). */
function JumpGraph({ graph, onOpen }: { graph: ChainGraph; onOpen: (chain: string) => void }): ReactNode {
  const layout = useMemo(() => {
    const depth = new Map<string, number>([[graph.root, 0]]);
    const queue = [graph.root];
    while (queue.length) {
      const from = queue.shift() as string;
      for (const e of graph.edges.filter((x) => x.from === from)) {
        if (!depth.has(e.to)) {
          depth.set(e.to, (depth.get(from) ?? 0) + 1);
          queue.push(e.to);
        }
      }
    }
    const columns: string[][] = [];
    for (const [chain, d] of depth) (columns[d] ??= []).push(chain);
    const pos = new Map<string, { x: number; y: number }>();
    columns.forEach((col, d) => col.forEach((chain, i) => pos.set(chain, { x: d * COL_W + 4, y: i * ROW_H + 4 })));
    return { columns, pos };
  }, [graph]);
  const height = Math.max(...layout.columns.map((c) => c.length), 1) * ROW_H + 8;
  return (
    <div className="jump-graph">
      <h3>
        Jump graph {graph.truncated && <span className="muted">(cut at {graph.nodes.length} chains)</span>}
      </h3>
      <div className="graph-scroll">
        <svg width={layout.columns.length * COL_W + 8} height={height} role="img" aria-label={`Chains reachable from ${graph.root}`}>
          {graph.edges.map((e) => {
            const a = layout.pos.get(e.from);
            const b = layout.pos.get(e.to);
            if (!a || !b || a.x >= b.x) return null;
            return <path key={`${e.from}>${e.to}`} className={`edge ${e.packets > 0 ? 'hot' : ''}`} d={`M${a.x + COL_W - 34},${a.y + 10} C${a.x + COL_W - 10},${a.y + 10} ${b.x - 20},${b.y + 10} ${b.x},${b.y + 10}`} />;
          })}
          {graph.nodes.map((n) => {
            const p = layout.pos.get(n.chain);
            if (!p) return null;
            return (
              <g key={n.chain} className={`node ${n.builtin ? 'builtin' : ''}`} transform={`translate(${p.x},${p.y})`} onClick={() => onOpen(n.chain)}>
                <rect width={COL_W - 34} height={20} rx={4} />
                <text x={6} y={14}>
                  {n.chain.length > 26 ? `${n.chain.slice(0, 25)}…` : n.chain}
                </text>
                <title>{`${n.chain}: ${n.ruleCount} rules`}</title>
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}

function RuleSearch({ bundle, query, onOpen }: { bundle: number; query: string; onOpen: (c: ChainRef) => void }): ReactNode {
  const api = useApi();
  const result = useAsync(() => api.searchRules(bundle, query), [bundle, query]);
  if (result.error) return <ErrorBox error={result.error} />;
  if (!result.data) return <Loading what="rules" />;
  const r = result.data;
  return (
    <div className="panel search-results">
      <div className="muted small">
        {r.hits.length}
        {r.truncated ? '+' : ''} rules about {r.query.kind} {r.query.value}
      </div>
      <VirtualList
        label="Matching rules"
        className="hits"
        items={r.hits}
        rowHeight={24}
        render={(h) => (
          <button type="button" className="hit-row" onClick={() => onOpen({ artifact: h.artifact, table: h.table, chain: h.chain })}>
            <span className="mono ellipsis">
              {h.table}/{h.chain}
            </span>
            <span className="mono ellipsis">{displayText(h.rule.text)}</span>
            <span className="muted small ellipsis">{h.reason}</span>
          </button>
        )}
      />
    </div>
  );
}

function Ipvs({ bundle }: { bundle: number }): ReactNode {
  const api = useApi();
  const ipvs = useAsync(() => api.ipvs(bundle), [bundle]);
  const all = useMemo(() => (ipvs.data ?? []).flatMap((t) => t.services.map((s) => ({ ...s, artifact: t.artifact }))), [ipvs.data]);
  const { rows: services, sort, onSort } = useTableSort('ipvs', all, (s, key) =>
    key === 'service' ? `${s.protocol} ${s.address}:${String(s.port ?? '').padStart(5, '0')}` : key === 'scheduler' ? s.scheduler : key === 'endpoints' ? s.realServers.length : null,
  );
  return (
    <div className="panel">
      <h2>IPVS services</h2>
      {ipvs.error && <ErrorBox error={ipvs.error} />}
      {ipvs.data && services.length === 0 && <div className="muted">No ipvsadm output (kube-proxy in iptables mode, or not collected).</div>}
      {services.length > 0 && (
        <div className="tr th ipvs-row" role="row">
          <SortHeader label="Service" sortKey="service" sort={sort} onSort={onSort} />
          <SortHeader label="Scheduler" sortKey="scheduler" sort={sort} onSort={onSort} />
          <SortHeader label="Endpoints" sortKey="endpoints" numeric sort={sort} onSort={onSort} title="Sort by how many real servers" />
        </div>
      )}
      {services.length > 0 && (
        <VirtualList
          label="IPVS services"
          className="ipvs-list"
          items={services}
          rowHeight={26}
          render={(s) => (
            <div className="tr ipvs-row">
              <span className="mono ellipsis">
                {s.protocol} {s.address}
                {s.port !== null ? `:${s.port}` : ''}
              </span>
              <span>{s.scheduler ?? ''}</span>
              <span className="mono small ellipsis">
                {s.realServers.map((r) => `${r.address}${r.port !== null ? `:${r.port}` : ''}`).join('  ') || <span className="badge sev-warning">no endpoints</span>}
              </span>
            </div>
          )}
        />
      )}
    </div>
  );
}

function Conntrack({ bundle }: { bundle: number }): ReactNode {
  const api = useApi();
  const ct = useAsync(() => api.conntrack(bundle), [bundle]);
  const c = ct.data;
  return (
    <div className="panel">
      <h2>conntrack</h2>
      {ct.error && <ErrorBox error={ct.error} />}
      {c && c.usage === null && Object.keys(c.totals).length === 0 && <div className="muted">Not collected.</div>}
      {c && c.usage !== null && (
        <div>
          <div className="meter" role="meter" aria-valuenow={c.usage} aria-valuemin={0} aria-valuemax={1}>
            <div className={`meter-fill ${c.usage > 0.9 ? 'crit' : c.usage > 0.75 ? 'warn' : ''}`} style={{ width: `${Math.min(100, c.usage * 100)}%` }} />
          </div>
          <div className="small">
            {c.count?.toLocaleString('en')} of {c.max?.toLocaleString('en')} entries ({(c.usage * 100).toFixed(1)}%)
          </div>
        </div>
      )}
      {c && Object.keys(c.totals).length > 0 && (
        <div className="mono small">
          {Object.entries(c.totals)
            .filter(([, v]) => v > 0)
            .map(([k, v]) => `${k}=${v}`)
            .join('  ')}
        </div>
      )}
    </div>
  );
}
