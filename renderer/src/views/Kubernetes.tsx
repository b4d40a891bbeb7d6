import { useMemo, useState, type ReactNode } from 'react';
import type { K8sEvent, K8sPod, NodeCondition } from '../../../shared/api/k8s';
import { DataTable, type Column } from '../components/DataTable';
import { SortHeader, useTableSort } from '../components/SortHeader';
import { Empty, ErrorBox, Loading } from '../components/Text';
import { VirtualList } from '../components/VirtualList';
import { useApi, useAsync } from '../lib/hooks';
import { routeHash } from '../lib/route';
import { displayText, formatTime } from '../lib/text';

export function KubernetesView({ bundle, params }: { bundle: number; params: URLSearchParams }): ReactNode {
  const api = useApi();
  const nodes = useAsync(() => api.k8sNodes(bundle), [bundle]);
  const pods = useAsync(() => api.k8sPods(bundle), [bundle]);
  const events = useAsync(() => api.k8sEvents(bundle), [bundle]);
  const [filter, setFilter] = useState('');
  // A bundle of several nodes (must-gather, troubleshoot): one node picked, or all of them.
  const node = params.get('node');
  const nodeNames = nodes.data?.items.map((n) => n.name) ?? [];
  const shownPods = useMemo(() => {
    const f = filter.toLowerCase();
    return (pods.data?.items ?? []).filter((p) => (!node || p.node === node) && (!f || `${p.namespace}/${p.name} ${p.status}`.toLowerCase().includes(f)));
  }, [pods.data, filter, node]);
  const podSort = useTableSort('pods', shownPods, podValue);
  const eventSort = useTableSort('events', events.data?.items, eventValue);
  return (
    <section className="view scroll">
      <header className="view-head">
        <h1>Kubernetes</h1>
        <span className="muted">what the collector got from the API server</span>
      </header>
      <div className="panel">
        <h2>Node</h2>
        {nodes.error && <ErrorBox error={nodes.error} />}
        {nodes.data && <ListingProblems problems={nodes.data.problems} />}
        {nodes.data && nodes.data.items.length === 0 && <NotCollected missing={nodes.data.missing} otherwise="No node object collected." />}
        {nodes.data?.items.filter((n) => !node || n.name === node).map((n) => (
          <div key={n.name}>
            <div className="strong">
              {n.name} {n.ready === false && <span className="badge sev-critical">NotReady</span>} {n.unschedulable && <span className="badge sev-warning">cordoned</span>}
            </div>
            <div className="muted small">
              {[n.kubeletVersion, n.containerRuntimeVersion, n.kernelVersion, n.osImage].filter(Boolean).join(' · ')}
            </div>
            <DataTable table="conditions" label="Node conditions" columns={CONDITION_COLUMNS} rows={n.conditions} rowKey={(c) => c.type} rowClass={(c) => (c.bad ? 'bad' : '')} />
          </div>
        ))}
      </div>
      <div className="panel k8s-pods">
        <div className="panel-head">
          <h2>Pods{node ? ` on ${node}` : pods.data?.node ? ` on ${pods.data.node}` : ''}</h2>
          {nodeNames.length > 1 && (
            <nav className="node-pick small" aria-label="Node">
              <a href={routeHash(bundle, 'kubernetes')} className={node ? '' : 'active'}>
                all {nodeNames.length} nodes
              </a>
              {nodeNames.map((n) => (
                <a key={n} href={routeHash(bundle, 'kubernetes', { node: n })} className={node === n ? 'active' : ''}>
                  {n}
                </a>
              ))}
            </nav>
          )}
          <span className="muted small">{pods.data ? `${pods.data.items.length} pods${pods.data.elsewhere ? `, ${pods.data.elsewhere} on other nodes not shown` : ''}` : ''}</span>
          <input className="input" type="search" placeholder="Filter pods" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter pods" />
        </div>
        {pods.error && <ErrorBox error={pods.error} />}
        {pods.data && <ListingProblems problems={pods.data.problems} />}
        {!pods.data && !pods.error && <Loading what="pods" />}
        {pods.data && pods.data.items.length === 0 && <NotCollected missing={pods.data.missing} otherwise="No pods collected." />}
        {shownPods.length > 0 && (
          <>
            <div className="tr th pod-row" role="row">
              <SortHeader label="Namespace / name" sortKey="name" {...podSort} />
              <SortHeader label="Status" sortKey="status" {...podSort} />
              <SortHeader label="Ready" sortKey="ready" {...podSort} />
              <SortHeader label="Restarts" sortKey="restarts" numeric {...podSort} />
              <SortHeader label="Started" sortKey="started" {...podSort} />
            </div>
            <VirtualList label="Pods" className="pods-list" items={podSort.rows} rowHeight={26} render={(p) => <PodRow pod={p} />} />
          </>
        )}
      </div>
      <div className="panel">
        <h2>Events</h2>
        {events.error && <ErrorBox error={events.error} />}
        {events.data && <ListingProblems problems={events.data.problems} />}
        {events.data && events.data.items.length === 0 && <NotCollected missing={events.data.missing} otherwise="No events collected." />}
        {events.data && events.data.items.length > 0 && (
          <div className="tr th event-row event-head" role="row">
            <SortHeader label="Last seen" sortKey="time" {...eventSort} />
            <span className="event-sorts">
              <SortHeader label="Reason" sortKey="reason" {...eventSort} />
              <SortHeader label="Object" sortKey="object" {...eventSort} />
              <SortHeader label="Type" sortKey="type" {...eventSort} />
              <SortHeader label="Count" sortKey="count" numeric {...eventSort} />
            </span>
          </div>
        )}
        {events.data && events.data.items.length > 0 && (
          <VirtualList
            label="Events"
            className="events-list"
            items={eventSort.rows}
            rowHeight={40}
            render={(e) => (
              <div className={`event-row ${e.type === 'Warning' ? 'warn' : ''}`}>
                <span className="muted small">{formatTime(e.lastTime ?? e.firstTime)}</span>
                <span>
                  <span className="strong">{e.reason}</span> <span className="mono small">{e.object}</span>
                  {e.count > 1 && <span className="muted small"> ×{e.count}</span>}
                  <div className="ellipsis small">{e.message ? displayText(e.message) : ''}</div>
                </span>
              </div>
            )}
          />
        )}
      </div>
    </section>
  );
}

function PodRow({ pod }: { pod: K8sPod }): ReactNode {
  const bad = pod.status !== 'Running' && pod.status !== 'Succeeded' && pod.status !== 'Completed';
  return (
    <div className="tr pod-row">
      <span className="mono pod-name" title={`${pod.namespace}/${pod.name}`}>
        <span className="muted pod-namespace">{pod.namespace}/</span>
        <span className="ellipsis">{pod.name}</span>
      </span>
      <span>{bad ? <span className="badge sev-warning">{pod.status}</span> : pod.status}</span>
      <span className="mono">{pod.ready}</span>
      <span className={`num mono ${pod.restarts > 5 ? 'hot' : ''}`}>{pod.restarts}</span>
      <span className="muted small">{formatTime(pod.startTime)}</span>
    </div>
  );
}

const CONDITION_COLUMNS: Column<NodeCondition>[] = [
  { key: 'type', label: 'Condition', className: 'nowrap', cell: (c) => c.type, value: (c) => c.type },
  { key: 'status', label: 'Status', cell: (c) => (c.bad ? <span className="badge sev-critical">{c.status}</span> : c.status), value: (c) => c.status },
  { key: 'reason', label: 'Reason', className: 'muted nowrap', cell: (c) => c.reason, value: (c) => c.reason },
  { key: 'message', label: 'Message', className: 'wrap', cell: (c) => (c.message ? displayText(c.message) : '') },
  { key: 'since', label: 'Since', className: 'muted small nowrap', cell: (c) => formatTime(c.lastTransitionTime), value: (c) => c.lastTransitionTime },
];

function podValue(p: K8sPod, key: string): string | number | null {
  switch (key) {
    case 'name':
      return `${p.namespace}/${p.name}`;
    case 'status':
      return p.status;
    case 'ready':
      return p.ready;
    case 'restarts':
      return p.restarts;
    case 'started':
      return p.startTime;
    default:
      return null;
  }
}

function eventValue(e: K8sEvent, key: string): string | number | null {
  switch (key) {
    case 'time':
      return e.lastTime ?? e.firstTime;
    case 'reason':
      return e.reason;
    case 'object':
      return e.object;
    case 'type':
      return e.type;
    case 'count':
      return e.count;
    default:
      return null;
  }
}

/** What nodescope could not read of the listings (a broken one, or one read in part), said above what it shows. */
/** An empty listing: the files the bundle lacks, named as such, else why there is nothing. */
function NotCollected({ missing, otherwise }: { missing: readonly string[]; otherwise: string }): ReactNode {
  return <Empty>{missing.length ? `Not collected: ${missing.join('; ')}` : otherwise}</Empty>;
}

function ListingProblems({ problems }: { problems: readonly string[] }): ReactNode {
  return problems.length > 0 ? <p className="muted small listing-problems">{displayText(problems.join('; '))}</p> : null;
}
