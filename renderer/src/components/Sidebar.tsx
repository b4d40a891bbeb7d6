import type { ReactNode } from 'react';
import { useApi, useAsync } from '../lib/hooks';
import { fleetHash, routeHash, type Route, type ViewName } from '../lib/route';
import { extraViews } from '../views/registry';

const CORE_VIEWS: { name: ViewName; label: string }[] = [
  { name: 'overview', label: 'Overview' },
  { name: 'timeline', label: '★ Timeline' },
  { name: 'findings', label: 'Findings' },
  { name: 'logs', label: 'Logs' },
  { name: 'artifacts', label: 'Artifacts' },
];

export function Sidebar({ route, workspaceVersion }: { route: Route; workspaceVersion: number }): ReactNode {
  const api = useApi();
  const bundle = route.bundle;
  const detail = useAsync(() => (bundle === null ? Promise.resolve(null) : api.getBundle(bundle)), [bundle, workspaceVersion]);
  const views = [...CORE_VIEWS, ...extraViews];
  return (
    <nav className="sidebar" aria-label="Views">
      <a className="brand" href={routeHash(null, 'library')}>
        <span className="brand-mark" aria-hidden="true" />
        nodescope
      </a>
      <a className={`nav-item ${route.view === 'library' ? 'active' : ''}`} href={routeHash(null, 'library')}>
        Library
      </a>
      {'fleet' in api && (
        <a className={`nav-item ${route.view === 'fleet' ? 'active' : ''}`} href={fleetHash()}>
          Fleet
        </a>
      )}
      {bundle !== null && route.view !== 'compare' && (
        <>
          <div className="nav-bundle" title={detail.data?.name}>
            <div className="nav-bundle-node">{detail.data?.node ?? `bundle ${bundle}`}</div>
            <div className="nav-bundle-name muted">{detail.data?.name ?? ''}</div>
          </div>
          {views.map((v) => (
            <a key={v.name} className={`nav-item ${route.view === v.name ? 'active' : ''}`} href={routeHash(bundle, v.name)}>
              {v.label}
              {v.name === 'findings' && detail.data && <FindingCount counts={detail.data.findingCounts} />}
            </a>
          ))}
        </>
      )}
    </nav>
  );
}

function FindingCount({ counts }: { counts: { critical: number; warning: number } }): ReactNode {
  const n = counts.critical + counts.warning;
  if (n === 0) return null;
  return <span className={`count ${counts.critical ? 'sev-critical' : 'sev-warning'}`}>{n}</span>;
}
