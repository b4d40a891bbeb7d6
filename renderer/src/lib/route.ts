/** Hash routes, so every view is linkable: #/ (library), #/b/<bundle>/<view>?<params>. */

export const VIEWS = [
  'overview',
  'timeline',
  'findings',
  'logs',
  'artifacts',
  'kubernetes',
  'processes',
  'network',
  'dns',
  'system',
  'profiles',
  'report',
  'share',
] as const;
export type ViewName = (typeof VIEWS)[number];

export interface Route {
  bundle: number | null;
  view: ViewName | 'library' | 'compare' | 'fleet';
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [pathPart, query = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = pathPart.split('/').filter(Boolean);
  const params = new URLSearchParams(query);
  if (parts[0] === 'compare' && /^\d+$/.test(parts[1] ?? '') && /^\d+$/.test(parts[2] ?? '')) {
    params.set('b', parts[2]);
    return { bundle: Number(parts[1]), view: 'compare', params };
  }
  if (parts[0] === 'fleet') return { bundle: null, view: 'fleet', params };
  if (parts[0] !== 'b' || !/^\d+$/.test(parts[1] ?? '')) return { bundle: null, view: 'library', params };
  const view = (VIEWS as readonly string[]).includes(parts[2] ?? '') ? (parts[2] as ViewName) : 'overview';
  return { bundle: Number(parts[1]), view, params };
}

export function compareHash(a: number, b: number): string {
  return `#/compare/${a}/${b}`;
}

/** The Fleet view of some bundles (all of the workspace's when none are given). */
export function fleetHash(ids: number[] = [], params: Record<string, string> = {}): string {
  const q = new URLSearchParams(params);
  if (ids.length) q.set('ids', ids.join(','));
  const query = q.toString();
  return `#/fleet${query ? `?${query}` : ''}`;
}

export function routeHash(bundle: number | null, view: ViewName | 'library' = 'overview', params: Record<string, string | number | undefined | null> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const query = q.toString() ? `?${q}` : '';
  if (bundle === null || view === 'library') return `#/${query}`;
  return `#/b/${bundle}/${view}${query}`;
}
