import { useEffect, useState, type ReactNode } from 'react';
import type { BundleSummary } from '../../../shared/api';
import { OpenForm } from '../components/IngestPanel';
import { SortHeader, useTableSort } from '../components/SortHeader';
import { Empty, ErrorBox, Loading } from '../components/Text';
import { VirtualList } from '../components/VirtualList';
import { useApi, useAsync } from '../lib/hooks';
import { compareHash, fleetHash, routeHash } from '../lib/route';
import { formatBytes, formatTime } from '../lib/text';

export function LibraryView({ version, onChanged }: { version: number; onChanged: () => void }): ReactNode {
  const api = useApi();
  const bundles = useAsync(() => api.listBundles(), [version]);
  // Bundles diagnosed again after an upgrade: their counts change once that is done.
  const rechecking = bundles.data?.some((b) => b.findingsFromOlderRules) ?? false;
  useEffect(() => {
    if (!rechecking) return;
    const timer = setTimeout(bundles.reload, 2000);
    return () => clearTimeout(timer);
  }, [rechecking, bundles.data, bundles.reload]);
  const [selected, setSelected] = useState<number[]>([]);
  const remove = async (b: BundleSummary): Promise<void> => {
    if (!window.confirm(`Remove ${b.node} (${b.name}) from the workspace?`)) return;
    await api.removeBundle(b.id);
    onChanged();
  };
  // Two picked open Compare; three or more, a Fleet of them.
  const toggle = (id: number): void => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  // A is the bundle that came into the workspace first (the "before"), B the later one.
  const pair = [...selected].sort((x, y) => x - y);
  const compareHref = pair.length === 2 ? compareHash(pair[0], pair[1]) : undefined;
  const { rows, sort, onSort } = useTableSort('', bundles.data, bundleValue);
  return (
    <section className="view">
      <header className="view-head">
        <h1>Library</h1>
        <span className="muted">{bundles.data ? `${bundles.data.length} bundles in the workspace` : ''}</span>
        <span className="grow" />
        {hasCompare(api) && (
          <a className={`btn ${compareHref ? '' : 'disabled'}`} href={compareHref} aria-disabled={!compareHref}>
            Compare {selected.length}/2
          </a>
        )}
        {'fleet' in api && (bundles.data?.length ?? 0) >= 3 && (
          <a
            className="btn"
            href={selected.length >= 3 ? fleetHash([...selected].sort((x, y) => x - y)) : fleetHash()}
            title={selected.length >= 3 ? 'The picked bundles as one fleet: which node is not like the others' : 'Every bundle of the workspace as one fleet (pick three or more for a group)'}
          >
            Fleet of {selected.length >= 3 ? selected.length : bundles.data?.length}
          </a>
        )}
      </header>
      <OpenForm />
      {bundles.error && <ErrorBox error={bundles.error} />}
      {bundles.loading && !bundles.data && <Loading what="bundles" />}
      {bundles.data && bundles.data.length === 0 && <Empty>No bundles yet: open a bundle made by nodescope-collect.sh, or any tarball of node logs.</Empty>}
      {bundles.data && bundles.data.length > 0 && (
        <div className="table">
          <div className="tr th library-row" role="row">
            <span />
            <SortHeader label="Node" sortKey="node" sort={sort} onSort={onSort} />
            <SortHeader label="Collected" sortKey="collected" sort={sort} onSort={onSort} />
            <SortHeader label="File" sortKey="file" sort={sort} onSort={onSort} />
            <SortHeader label="Size" sortKey="size" numeric sort={sort} onSort={onSort} />
            <SortHeader label="Findings" sortKey="findings" numeric sort={sort} onSort={onSort} title="Critical, then warning, then info findings" />
            <span />
          </div>
          <VirtualList
            label="Bundles"
            className="fill"
            items={rows}
            rowHeight={36}
            render={(b) => (
              <div className="tr library-row">
                <input type="checkbox" aria-label={`Select ${b.node} for compare`} checked={selected.includes(b.id)} onChange={() => toggle(b.id)} />
                <a href={routeHash(b.id, 'overview')} className="strong ellipsis" title={b.node}>
                  {b.node}
                </a>
                <span>{formatTime(b.collectedAt)}</span>
                <span className="ellipsis muted" title={b.name}>
                  {b.name}
                  {b.incomplete ? ' · incomplete' : ''}
                </span>
                <span className="num">{formatBytes(b.sizeBytes)}</span>
                <span className="counts">
                  <span className="badge sev-critical">{b.findingCounts.critical}</span>
                  <span className="badge sev-warning">{b.findingCounts.warning}</span>
                  <span className="badge sev-info">{b.findingCounts.info}</span>
                  {b.findingsFromOlderRules && (
                    <span className="recheck" role="img" aria-label="re-checking" title="Findings of an older rule set: the bundle is being diagnosed again">
                      ↻
                    </span>
                  )}
                </span>
                <button type="button" className="btn small ghost" onClick={() => void remove(b)}>
                  Remove
                </button>
              </div>
            )}
          />
        </div>
      )}
    </section>
  );
}

function hasCompare(api: object): boolean {
  return 'compareBundles' in api;
}

function bundleValue(b: BundleSummary, key: string): string | number | null {
  switch (key) {
    case 'node':
      return b.node;
    case 'collected':
      return b.collectedAt;
    case 'file':
      return b.name;
    case 'size':
      return b.sizeBytes;
    case 'findings':
      // Critical first, then warning, then info: one number that orders them that way.
      return b.findingCounts.critical * 1e8 + b.findingCounts.warning * 1e4 + b.findingCounts.info;
    default:
      return null;
  }
}
