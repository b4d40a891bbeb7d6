import { useState, type ReactNode } from 'react';
import type { Evidence } from '../../../../shared/api/findings';
import type { FleetCell, FleetGroups, FleetOutlier, FleetReport, FleetSeparator } from '../../../../shared/api/fleet';
import { DataTable, type Column } from '../../components/DataTable';
import { SortHeader, useTableSort } from '../../components/SortHeader';
import { Empty, ErrorBox, Loading } from '../../components/Text';
import { navigate, useApi, useAsync } from '../../lib/hooks';
import { compareHash, fleetHash, routeHash } from '../../lib/route';
import { displayText } from '../../lib/text';
import './fleet.css';

/** Where a piece of evidence opens: the artifact at its line in the node's bundle. */
export function evidenceHash(bundle: number, e: Evidence | null): string {
  if (!e) return routeHash(bundle, 'overview');
  if (e.artifact === 'manifest.json') return routeHash(bundle, 'system');
  return routeHash(bundle, 'artifacts', { path: e.artifact, line: e.line ?? undefined });
}

function idsParam(v: string | null): number[] {
  return (v ?? '')
    .split(',')
    .map((x) => Number(x))
    .filter((x) => Number.isInteger(x) && x > 0);
}

/**
 * A fleet (#/fleet?ids=1,2,3, or every bundle of the workspace): the nodes unlike the others with
 * their reasons, a node × feature heatmap with the outliers on top (a cell opens the node's evidence),
 * two nodes picked to open Compare, or some picked to see what separates them from the rest.
 */
export function FleetView({ params, version }: { params: URLSearchParams; version: number }): ReactNode {
  const api = useApi();
  const given = idsParam(params.get('ids'));
  const versus = idsParam(params.get('versus'));
  const ids = useAsync(async () => (given.length ? given : (await api.listBundles()).map((b) => b.id).sort((a, b) => a - b)), [params.get('ids'), version]);
  const list = ids.data ?? [];
  const report = useAsync(() => (list.length >= 2 ? api.fleet(list) : Promise.resolve(null)), [list.join(',')]);
  const groups = useAsync(
    () => (versus.length && list.some((id) => !versus.includes(id)) ? api.fleetGroups(list.filter((id) => !versus.includes(id)), versus) : Promise.resolve(null)),
    [list.join(','), versus.join(',')],
  );
  const [selected, setSelected] = useState<number[]>(versus);
  const toggle = (id: number): void => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const pair = [...selected].sort((x, y) => x - y);

  if (ids.error) return <ErrorBox error={ids.error} />;
  if (report.error) return <ErrorBox error={report.error} />;
  if (ids.data && list.length < 2) return <Empty>A fleet needs the bundles of at least two nodes (three or more to find outliers): open them in the Library.</Empty>;
  if (!report.data) return <Loading what={`the fleet of ${list.length || '…'} nodes`} />;
  const r = report.data;
  return (
    <section className="view scroll fleet">
      <header className="view-head">
        <h1>Fleet</h1>
        <span className="muted">
          {r.nodes.length} nodes, {r.featureCount} features compared · {r.outliers.length ? `${r.outliers.length} unlike the others` : 'no node stands out'}
        </span>
        <span className="grow" />
        <a className={`btn ${pair.length === 2 ? '' : 'disabled'}`} href={pair.length === 2 ? compareHash(pair[0] as number, pair[1] as number) : undefined} aria-disabled={pair.length !== 2}>
          Compare {Math.min(selected.length, 2)}/2
        </a>
        <button
          type="button"
          className="btn"
          disabled={selected.length === 0 || selected.length >= list.length}
          onClick={() => navigate(fleetHash(given, { versus: selected.join(',') }))}
          title="Rank the features by how well they separate the picked nodes (B) from the others (A)"
        >
          What separates the {selected.length || ''} picked
        </button>
      </header>
      {groups.data && <Separators g={groups.data} />}
      {groups.error && <ErrorBox error={groups.error} />}
      <Outliers outliers={r.outliers} />
      <Heatmap r={r} selected={selected} toggle={toggle} />
    </section>
  );
}

function Outliers({ outliers }: { outliers: FleetOutlier[] }): ReactNode {
  if (outliers.length === 0) return <div className="fleet-none">Every node is like the others on every feature: no outlier.</div>;
  return (
    <ol className="fleet-outliers" aria-label="Nodes unlike the others">
      {outliers.slice(0, 10).map((o) => (
        <li key={o.id} className="fleet-outlier">
          <div className="fleet-outlier-head">
            <a className="strong" href={routeHash(o.id, 'overview')}>
              {displayText(o.node)}
            </a>
            <span className="fleet-score" title="Sum of the node's most unusual feature scores">
              score {o.score}
            </span>
          </div>
          <ul>
            {o.why.map((w, i) => (
              <li key={i}>
                <span className={`fleet-kind k-${w.kind}`}>{w.kind}</span> <span className="fleet-feature">{displayText(w.feature)}</span>: <b>{displayText(w.value)}</b>,{' '}
                <span className="muted">{displayText(w.usual)}</span>{' '}
                {w.evidence && (
                  <a className="small" href={evidenceHash(o.id, w.evidence)} title={displayText(w.evidence.text)}>
                    {displayText(w.evidence.artifact)}
                    {w.evidence.line ? `:${w.evidence.line}` : ''}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

/** 0 → no colour, the notable threshold → amber, 10 → red. */
function cellClass(c: FleetCell, threshold: number): string {
  if (c.score === null) return 'hm-none';
  if (c.score < 1) return 'hm-0';
  if (c.score < threshold / 2) return 'hm-1';
  if (c.score < threshold) return 'hm-2';
  if (c.score < 7) return 'hm-3';
  return 'hm-4';
}

const short = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A column's label: a log template without its stamp and host (every line has them), shortened. */
export function columnLabel(feature: string, kind: string): string {
  if (kind !== 'log') return short(feature, 26);
  const t = feature.replace(/^log template `/, '').replace(/`$/, '');
  // The message proper: after klog's "file.go:<n>] ", logfmt's msg=, or the syslog "unit[pid]: " header.
  const klog = t.indexOf('.go:<n>] ');
  const msg = t.indexOf('msg=');
  const header = t.indexOf(']: ');
  const body = klog >= 0 ? t.slice(klog + 9) : msg >= 0 ? t.slice(msg + 4) : header >= 0 ? t.slice(header + 3) : t;
  return short(`log: ${body.replace(/^"/, '')}`, 26);
}

function Heatmap({ r, selected, toggle }: { r: FleetReport; selected: number[]; toggle: (id: number) => void }): ReactNode {
  const f = r.matrix.features;
  const cols = `28px minmax(140px, 200px) 56px repeat(${Math.max(f.length, 1)}, 26px)`;
  const { rows, sort, onSort } = useTableSort('nodes', r.matrix.rows, (row, key) => (key === 'node' ? row.node : key === 'score' ? row.score : null));
  return (
    <div className="fleet-heatmap" role="table" aria-label="Nodes by feature">
      <div className="hm-row hm-head" role="row" style={{ gridTemplateColumns: cols }}>
        <span />
        <SortHeader label="node" sortKey="node" sort={sort} onSort={onSort} />
        <SortHeader label="score" sortKey="score" numeric sort={sort} onSort={onSort} />
        {f.map((x, i) => (
          <span key={x.key} className="hm-col" role="columnheader" title={x.feature}>
            <span className="hm-col-label">
              <span className="muted">{i + 1}.</span> {displayText(columnLabel(x.feature, x.kind))}
            </span>
          </span>
        ))}
      </div>
      {rows.map((row) => (
        <div key={row.id} className={`hm-row ${row.score > 0 ? 'hm-outlier' : ''}`} role="row" style={{ gridTemplateColumns: cols }}>
          <input type="checkbox" aria-label={`Pick ${row.node}`} checked={selected.includes(row.id)} onChange={() => toggle(row.id)} />
          <a className="hm-node ellipsis" href={routeHash(row.id, 'overview')} title={row.node}>
            {displayText(row.node)}
          </a>
          <span className="num small">{row.score || ''}</span>
          {row.cells.map((c, i) => {
            const feature = f[i]?.feature ?? '';
            return (
              <a
                key={i}
                role="cell"
                className={`hm-cell ${cellClass(c, r.threshold)}`}
                href={evidenceHash(row.id, c.evidence)}
                title={`${row.node} · ${feature}\n${c.value}${c.score === null ? '' : ` (score ${c.score})`}${c.evidence ? `\n${c.evidence.artifact}${c.evidence.line ? `:${c.evidence.line}` : ''}` : ''}`}
              >
                {c.score !== null && c.score >= r.threshold ? '●' : ''}
              </a>
            );
          })}
        </div>
      ))}
      {f.length === 0 && <div className="muted pad">No feature sets any node apart.</div>}
      <div className="hm-legend small muted">
        <span className="hm-cell hm-0" /> usual <span className="hm-cell hm-2" /> somewhat unusual <span className="hm-cell hm-3" /> notable (score ≥ {r.threshold}) <span className="hm-cell hm-4" /> far
        off <span className="hm-cell hm-none" /> not collected · click a cell for the node's evidence; pick two nodes to compare them
      </div>
    </div>
  );
}

function Separators({ g }: { g: FleetGroups }): ReactNode {
  return (
    <div className="fleet-groups">
      <h2>
        What separates {g.b.map((n) => displayText(n.node)).join(', ')} (B) from the other {g.a.length} nodes (A)
      </h2>
      {g.separators.length === 0 && <div className="muted">Nothing: the two groups are alike on every feature.</div>}
      {g.separators.length > 0 && <DataTable table="separators" className="" label="Separating features" columns={SEPARATOR_COLUMNS} rows={g.separators.slice(0, 15)} rowKey={(x) => x.feature} />}
    </div>
  );
}

const SEPARATOR_COLUMNS: Column<FleetSeparator>[] = [
  { key: 'sep', label: 'Separation', numeric: true, cell: (s) => s.separation.toFixed(2), value: (s) => s.separation },
  {
    key: 'feature',
    label: 'Feature',
    cell: (s) => (
      <>
        <span className={`fleet-kind k-${s.kind}`}>{s.kind}</span> {displayText(short(s.feature, 140))}
      </>
    ),
    value: (s) => s.feature,
  },
  { key: 'a', label: 'Group A', className: 'muted', cell: (s) => `A: ${displayText(s.a)}`, value: (s) => s.a },
  { key: 'b', label: 'Group B', className: 'muted', cell: (s) => `B: ${displayText(s.b)}`, value: (s) => s.b },
];
