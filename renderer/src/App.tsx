import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { IngestPanel } from './components/IngestPanel';
import { KeyHelp } from './components/KeyHelp';
import { Sidebar } from './components/Sidebar';
import { navigate, useApi, useAsync, useRoute } from './lib/hooks';
import { closeOpenDetail } from './lib/keys';
import { parseRoute, routeHash, type Route, type ViewName } from './lib/route';
import { ArtifactsView } from './views/Artifacts';
import { CompareView } from './views/compare/CompareView';
import { FleetView } from './views/fleet/FleetView';
import { FindingsView } from './views/Findings';
import { LibraryView } from './views/Library';
import { LogsView } from './views/logs/LogsView';
import { OverviewView } from './views/Overview';
import { TimelineView } from './views/timeline/TimelineView';
import { extraViews } from './views/registry';

export function App(): ReactNode {
  const route = useRoute();
  const [workspaceVersion, setWorkspaceVersion] = useState(0);
  const bumpWorkspace = useCallback(() => setWorkspaceVersion((v) => v + 1), []);
  useShellCommands();
  useSlashToSearch();
  return (
    <div className="app">
      <Sidebar route={route} workspaceVersion={workspaceVersion} />
      <KeyHelp view={route.view} />
      <main className="main">
        <IngestPanel onIngested={bumpWorkspace} />
        <CurrentView route={route} workspaceVersion={workspaceVersion} onChanged={bumpWorkspace} />
      </main>
    </div>
  );
}

function CurrentView({ route, workspaceVersion, onChanged }: { route: Route; workspaceVersion: number; onChanged: () => void }): ReactNode {
  const b = route.bundle;
  if (route.view === 'fleet') return <FleetView params={route.params} version={workspaceVersion} />;
  if (b === null || route.view === 'library') return <LibraryView version={workspaceVersion} onChanged={onChanged} />;
  const key = `${b}-${route.view}`;
  switch (route.view) {
    case 'compare':
      return <CompareView key={`${b}-${route.params.get('b')}`} a={b} b={Number(route.params.get('b'))} />;
    case 'overview':
      return <OverviewView key={key} bundle={b} />;
    case 'findings':
      return <FindingsView key={key} bundle={b} params={route.params} />;
    case 'logs':
      return <LogsView key={key} bundle={b} params={route.params} />;
    case 'timeline':
      return <TimelineView key={key} bundle={b} params={route.params} />;
    case 'artifacts':
      return <ArtifactsView key={key} bundle={b} params={route.params} />;
    default: {
      const extra = extraViews.find((v) => v.name === route.view);
      if (extra) return <extra.component key={key} bundle={b} params={route.params} />;
      return <OverviewView key={key} bundle={b} />;
    }
  }
}

/** "/" focuses the view's search box, as in most log tools; Escape leaves it. */
function useSlashToSearch(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      const typing = target?.tagName === 'INPUT' || target?.tagName === 'TEXTAREA' || target?.tagName === 'SELECT';
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        const search = document.querySelector<HTMLInputElement>('main input[type=search]');
        if (search) {
          e.preventDefault();
          search.focus();
        }
      } else if (e.key === 'Escape' && typing) target?.blur();
      else closeOpenDetail(e);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Desktop only: menu items and files opened from the OS arrive as commands. */
function useShellCommands(): void {
  const api = useApi();
  useEffect(() => {
    const shell = window.nodescopeShell;
    if (!shell) return;
    return shell.onCommand((command) => {
      if (command.startsWith('route:')) navigate(command.slice('route:'.length));
      else if (command.startsWith('view:')) {
        const bundle = parseRoute(window.location.hash).bundle;
        if (bundle !== null) navigate(routeHash(bundle, command.slice('view:'.length) as ViewName));
      } else if (command.startsWith('open:')) void api.startIngest(command.slice('open:'.length));
    });
  }, [api]);
}

/** The bundle the route points at, for titles. */
export function useBundleTitle(bundle: number): string {
  const api = useApi();
  const { data } = useAsync(() => api.getBundle(bundle), [bundle]);
  return data ? data.node : `bundle ${bundle}`;
}

export { routeHash };
