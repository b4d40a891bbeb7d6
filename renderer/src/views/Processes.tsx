import { useMemo, useState, type ReactNode } from 'react';
import type { DStateGroup, ProcessRow } from '../../../shared/api/processes';
import { SortHeader, sortParams, useTableSort } from '../components/SortHeader';
import { CopyButton, Empty, ErrorBox, Loading } from '../components/Text';
import { markdownFence } from '../lib/clipboard';
import { VirtualList } from '../components/VirtualList';
import { replaceRoute, useApi, useAsync } from '../lib/hooks';
import { routeHash } from '../lib/route';
import { displayText } from '../lib/text';
import { ThreadStatesPanel } from './ThreadStates';

const STATES: [string, string][] = [
  ['', 'All'],
  ['D', 'D disk sleep'],
  ['R', 'R running'],
  ['S', 'S sleeping'],
  ['Z', 'Z zombie'],
];

export function ProcessesView({ bundle, params }: { bundle: number; params: URLSearchParams }): ReactNode {
  const api = useApi();
  const table = useAsync(() => api.processes(bundle), [bundle]);
  const groups = useAsync(() => api.dStateGroups(bundle), [bundle]);
  const pods = usePodNames(bundle);
  const state = params.get('state') ?? '';
  const tab = params.get('tab') ?? 'table';
  const [filter, setFilter] = useState('');
  const selectedPid = Number(params.get('pid') ?? 0) || null;
  const set = (p: Record<string, string | number | null>): void =>
    replaceRoute(routeHash(bundle, 'processes', { ...sortParams(params), state, tab, pid: selectedPid, ...p }));
  const shown = useMemo(() => {
    const f = filter.toLowerCase();
    return (table.data?.processes ?? []).filter(
      (p) => (!state || p.state === state) && (!f || p.command.toLowerCase().includes(f) || p.args.join(' ').toLowerCase().includes(f) || String(p.pid) === f),
    );
  }, [table.data, state, filter]);
  const windowSeconds = table.data?.cpuWindowSeconds ?? null;
  const windowed = windowSeconds !== null;
  const { rows, sort, onSort } = useTableSort('', shown, (p, key) => (key === 'cpu' ? cpuOf(p, windowed) : processValue(p, key)), { key: 'pid', desc: false });
  if (table.error) return <ErrorBox error={table.error} />;
  if (!table.data) return <Loading what="processes" />;
  const selected = table.data.processes.find((p) => p.pid === selectedPid);
  return (
    <section className="view">
      <header className="view-head">
        <h1>Processes</h1>
        <span className="muted">{table.data.processes.length} processes</span>
        <div className="seg" role="group" aria-label="Processes view">
          {[
            ['table', 'Table'],
            ['dstate', `D state groups${groups.data ? ` (${groups.data.length})` : ''}`],
            ['tree', 'Tree'],
            ['threads', 'Thread states (sampled)'],
          ].map(([t, label]) => (
            <button key={t} type="button" className={tab === t ? 'on' : ''} onClick={() => set({ tab: t })}>
              {label}
            </button>
          ))}
        </div>
      </header>
      {table.data.missing.length > 0 && <div className="callout">{table.data.missing.join('; ')}</div>}
      {tab === 'dstate' && <DStateGroups groups={groups.data} error={groups.error} onPick={(pid) => set({ tab: 'table', pid })} />}
      {tab === 'tree' && <ProcessTree bundle={bundle} onPick={(pid) => set({ tab: 'table', pid })} />}
      {tab === 'threads' && <ThreadStatesPanel bundle={bundle} onPick={(pid) => set({ tab: 'table', pid })} />}
      {tab === 'table' && (
        <>
          <div className="toolbar">
            <div className="seg" role="group" aria-label="State">
              {STATES.map(([s, label]) => (
                <button key={s} type="button" className={state === s ? 'on' : ''} onClick={() => set({ state: s || null })}>
                  {label}
                </button>
              ))}
            </div>
            <input className="input" type="search" placeholder="Filter by command, args or pid" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter processes" />
            <span className="muted small">{rows.length} shown</span>
            <span className="grow" />
            <span className="muted small" data-testid="cpu-basis">
              {windowSeconds !== null ? `CPU % over the ${windowSeconds.toFixed(1)} s sample window` : 'CPU % averaged since each process started (no CPU samples over a window in this bundle)'}
            </span>
          </div>
          <div className="logs-body">
            <div className={`data-table ${selected ? 'with-detail' : ''}`}>
              <div className="tr th proc-row" role="row">
                <SortHeader label="PID" sortKey="pid" sort={sort} onSort={onSort} numeric />
                <SortHeader label="PPID" sortKey="ppid" sort={sort} onSort={onSort} numeric />
                <SortHeader label="S" sortKey="state" sort={sort} onSort={onSort} />
                <SortHeader label="Command" sortKey="command" sort={sort} onSort={onSort} />
                <SortHeader label="wchan" sortKey="wchan" sort={sort} onSort={onSort} />
                {windowed ? (
                  <SortHeader label="CPU %" sortKey="cpu" sort={sort} onSort={onSort} numeric title={`Share of one CPU over the ${windowSeconds.toFixed(1)} s sample window (two readings of every process's CPU time), as top shows it; 200 is two CPUs`} />
                ) : (
                  <SortHeader label="CPU % avg" sortKey="cpu" sort={sort} onSort={onSort} numeric title="Average share of one CPU since the process started, as ps %CPU computes it (this bundle has no CPU samples over a window: proc/pid-cpu.txt)" />
                )}
                <SortHeader label="CPU s" sortKey="cpus" sort={sort} onSort={onSort} numeric title="CPU time used (user + system), seconds" />
                <SortHeader label="RSS" sortKey="rss" sort={sort} onSort={onSort} numeric />
                <SortHeader label="Pod / cgroup" sortKey="pod" sort={sort} onSort={onSort} />
              </div>
              {rows.length === 0 && <Empty>No process{state ? ` in state ${state}` : ''}.</Empty>}
              <VirtualList
                label="Processes"
                className="fill"
                items={rows}
                rowHeight={26}
                scrollTo={selected ? rows.indexOf(selected) : null}
                onOpen={(p) => set({ pid: p.pid })}
                render={(p) => <ProcessLine p={p} pods={pods} windowed={windowed} selected={p.pid === selectedPid} onClick={() => set({ pid: p.pid })} />}
              />
            </div>
            {selected && <ProcessDetail p={selected} pods={pods} bundle={bundle} windowSeconds={windowSeconds} onClose={() => set({ pid: null })} />}
          </div>
        </>
      )}
    </section>
  );
}

/** The CPU % column: over the sample window when the bundle has it (a process not in both samples has none), else ps's average since start. */
function cpuOf(p: ProcessRow, windowed: boolean): number | null {
  return windowed ? p.cpuWindowPercent : p.cpuPercent;
}

const pct = (v: number | null): string => (v === null ? '' : v >= 10 ? v.toFixed(0) : v.toFixed(1));

function processValue(p: ProcessRow, key: string): number | string | null {
  switch (key) {
    case 'pid':
      return p.pid;
    case 'ppid':
      return p.ppid;
    case 'state':
      return p.state;
    case 'command':
      return p.command;
    case 'wchan':
      return p.wchan;
    case 'cpu':
      return p.cpuPercent;
    case 'cpus':
      return p.cpuSeconds;
    case 'rss':
      return p.rssKB;
    case 'pod':
      return p.cgroup?.podUid ?? p.cgroup?.path ?? null;
    default:
      return p.pid;
  }
}

/** Pod uid → "namespace/name", from the pods the collector got from the API (empty without them). */
function usePodNames(bundle: number): Map<string, string> {
  const api = useApi();
  const pods = useAsync(() => (api.k8sPods ? api.k8sPods(bundle) : Promise.resolve(null)), [bundle]);
  return useMemo(() => new Map((pods.data?.items ?? []).filter((p) => p.uid).map((p) => [p.uid as string, `${p.namespace}/${p.name}`])), [pods.data]);
}

function podLabel(p: ProcessRow, pods: Map<string, string>): string {
  const uid = p.cgroup?.podUid;
  if (!uid) return p.cgroup?.path ?? '';
  const name = pods.get(uid) ?? pods.get(uid.replace(/_/g, '-')) ?? `pod ${uid.slice(0, 8)}`;
  return `${name}${p.cgroup?.containerId ? ` / ${p.cgroup.containerId.slice(0, 12)}` : ''}`;
}

function ProcessLine({ p, pods, windowed, selected, onClick }: { p: ProcessRow; pods: Map<string, string>; windowed: boolean; selected: boolean; onClick: () => void }): ReactNode {
  return (
    <div className={`tr proc-row ${selected ? 'selected' : ''} state-${p.state ?? ''}`} onClick={onClick}>
      <span className="num mono">{p.pid}</span>
      <span className="num mono muted">{p.ppid ?? ''}</span>
      <span className={`state-letter st-${p.state ?? 'x'}`} title={p.stateName ?? ''}>
        {p.state ?? '?'}
      </span>
      <span className="ellipsis" title={displayText(p.args.join(' '))}>
        <span className="strong">{displayText(p.command)}</span> <span className="muted mono">{displayText(p.args.slice(1).join(' '))}</span>
      </span>
      <span className="mono ellipsis">{p.wchan ?? ''}</span>
      <span className="num mono" title={windowed && p.cpuWindowPercent === null ? 'not in both CPU samples: started or ended during the window' : undefined}>
        {pct(cpuOf(p, windowed))}
      </span>
      <span className="num mono">{p.cpuSeconds?.toFixed(1) ?? ''}</span>
      <span className="num mono">{p.rssKB !== null ? `${Math.round(p.rssKB / 1024)} M` : ''}</span>
      <span className="mono ellipsis muted" title={p.cgroup?.path}>
        {podLabel(p, pods)}
      </span>
    </div>
  );
}

function ProcessDetail({ p, pods, bundle, windowSeconds, onClose }: { p: ProcessRow; pods: Map<string, string>; bundle: number; windowSeconds: number | null; onClose: () => void }): ReactNode {
  return (
    <aside className="log-context proc-detail scroll" aria-label="Process detail">
      <header className="context-head">
        <span className="mono ellipsis">
          {p.pid} {displayText(p.command)}
        </span>
        <button type="button" className="btn small ghost" onClick={onClose} aria-label="Close process" title="Close (Esc)" data-esc-close>
          ✕
        </button>
      </header>
      <div className="pad-detail">
        <div className="toolbar">
          <CopyButton label="Copy as Markdown" title="The process, its state, CPU and kernel stack, for a ticket" text={() => processMarkdown(p, pods, windowSeconds, window.location.href)} />
          <CopyButton label="Copy link" text={() => window.location.href} />
        </div>
        <h3>Command line</h3>
        <pre className="quote">{displayText(p.args.join(' ')) || '(kernel thread)'}</pre>
        <h3>State</h3>
        <div>
          {p.state} {p.stateName} {p.wchan ? `· wchan ${p.wchan}` : ''} {p.threads !== null ? `· ${p.threads} threads` : ''} {p.fdCount !== null ? `· ${p.fdCount} fds` : ''}
        </div>
        <h3>CPU</h3>
        <div data-testid="process-cpu">
          {windowSeconds !== null && <div>{p.cpuWindowPercent !== null ? `${p.cpuWindowPercent.toFixed(1)}% of one CPU over the ${windowSeconds.toFixed(1)} s sample window` : 'not in both CPU samples of the window'}</div>}
          <div className="muted">
            {p.cpuSeconds !== null ? `${p.cpuSeconds.toFixed(2)} s CPU in all` : 'CPU time not collected'}
            {p.cpuPercent !== null ? ` · ${p.cpuPercent.toFixed(1)}% on average since it started` : ''}
          </div>
        </div>
        <h3>Kernel stack</h3>
        {p.stack ? (
          <pre className="quote">{p.stack.map((f) => `${f.fn}${f.offset}${f.module ? ` [${f.module}]` : ''}`).join('\n') || '(empty)'}</pre>
        ) : (
          <div className="muted">not collected</div>
        )}
        <h3>Namespaces</h3>
        <div className="mono small">
          {Object.entries(p.namespaces)
            .map(([k, v]) => `${k}:${v}`)
            .join('  ') || '—'}
          {p.netNamespaceGone && <div className="badge sev-warning">net namespace gone</div>}
        </div>
        <h3>cgroup</h3>
        <div className="mono small selectable">{p.cgroup?.path ?? '—'}</div>
        {p.cgroup?.podUid && (
          <div className="small">
            pod {podLabel(p, pods)} {p.cgroup.qosClass ? `· ${p.cgroup.qosClass}` : ''}
          </div>
        )}
        {p.missingFiles.length > 0 && <div className="muted small">not collected: {p.missingFiles.join(', ')}</div>}
        <h3>Thread states (sampled)</h3>
        <ThreadStatesPanel bundle={bundle} pid={p.pid} />
      </div>
    </aside>
  );
}

/** A process as a ticket wants it: what it runs, its state and where it waits, its CPU, its kernel stack. */
export function processMarkdown(p: ProcessRow, pods: Map<string, string>, windowSeconds: number | null, link: string): string {
  const lines = [`**PID ${p.pid}** \`${p.command.replace(/`/g, "'")}\` ([open](${link}))`, ''];
  lines.push(`- state: ${p.state ?? '?'} ${p.stateName ?? ''}${p.wchan ? `, wchan \`${p.wchan}\`` : ''}${p.threads !== null ? `, ${p.threads} threads` : ''}`);
  if (windowSeconds !== null && p.cpuWindowPercent !== null) lines.push(`- CPU: ${p.cpuWindowPercent.toFixed(1)}% of one CPU over the ${windowSeconds.toFixed(1)} s sample window`);
  if (p.cpuSeconds !== null) lines.push(`- CPU time: ${p.cpuSeconds.toFixed(2)} s${p.cpuPercent !== null ? ` (${p.cpuPercent.toFixed(1)}% on average since it started)` : ''}`);
  if (p.rssKB !== null) lines.push(`- RSS: ${Math.round(p.rssKB / 1024)} MiB`);
  if (p.cgroup) lines.push(`- cgroup: \`${p.cgroup.path}\`${p.cgroup.podUid ? ` (pod ${podLabel(p, pods)})` : ''}`);
  lines.push('', markdownFence(p.args.join(' ') || '(kernel thread)'));
  if (p.stack && p.stack.length) lines.push('', 'Kernel stack:', '', markdownFence(p.stack.map((f) => `${f.fn}${f.offset}${f.module ? ` [${f.module}]` : ''}`).join('\n')));
  return `${lines.join('\n')}\n`;
}

function DStateGroups({ groups, error, onPick }: { groups: DStateGroup[] | undefined; error: string | null; onPick: (pid: number) => void }): ReactNode {
  if (error) return <ErrorBox error={error} />;
  if (!groups) return <Loading what="D-state groups" />;
  if (groups.length === 0) return <Empty>No process in uninterruptible sleep (D) when the bundle was collected.</Empty>;
  return (
    <div className="scroll dgroups">
      {groups.map((g, i) => (
        <div key={i} className="panel">
          <div className="panel-head">
            <h2>
              {g.pids.length} process{g.pids.length === 1 ? '' : 'es'} blocked in {g.stack[0] ?? g.wchan ?? 'an unknown place'}
            </h2>
          </div>
          <div className="pids">
            {g.pids.map((pid, j) => (
              <button key={pid} type="button" className="btn small" onClick={() => onPick(pid)}>
                {pid} {displayText(g.commands[j] ?? '')}
              </button>
            ))}
          </div>
          {g.stack.length > 0 && <pre className="quote">{g.stack.join('\n')}</pre>}
        </div>
      ))}
    </div>
  );
}

function ProcessTree({ bundle, onPick }: { bundle: number; onPick: (pid: number) => void }): ReactNode {
  const api = useApi();
  const tree = useAsync(() => api.processTree(bundle), [bundle]);
  if (tree.error) return <ErrorBox error={tree.error} />;
  if (!tree.data) return <Loading what="process tree" />;
  return (
    <div className="data-table">
      <VirtualList
        label="Process tree"
        className="fill mono"
        items={tree.data}
        rowHeight={22}
        render={(r) => (
          <div className="tree-row" style={{ paddingLeft: 8 + r.depth * 16 }} onClick={() => onPick(r.pid)}>
            <span className={`state-letter st-${r.state ?? 'x'}`}>{r.state ?? '?'}</span> <span className="muted">{r.pid}</span> {displayText(r.command)}
            {r.childCount > 0 && <span className="muted"> ({r.childCount})</span>}
          </div>
        )}
      />
    </div>
  );
}
