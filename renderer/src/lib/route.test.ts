import { describe, expect, it } from 'vitest';
import { fleetHash, parseRoute, routeHash } from './route';

describe('hash routes: every view is a link', () => {
  it('round-trips a log line in context', () => {
    const hash = routeHash(3, 'logs', { q: 'failed to exit', artifact: 'logs/journal/docker.log', line: 42, empty: '' });
    expect(hash).toBe('#/b/3/logs?q=failed+to+exit&artifact=logs%2Fjournal%2Fdocker.log&line=42');
    const r = parseRoute(hash);
    expect(r.bundle).toBe(3);
    expect(r.view).toBe('logs');
    expect(r.params.get('artifact')).toBe('logs/journal/docker.log');
    expect(r.params.get('line')).toBe('42');
  });

  it('falls back to the library, or to the overview of a bundle, on anything it does not know', () => {
    expect(parseRoute('').view).toBe('library');
    expect(parseRoute('#/b/x/logs').view).toBe('library');
    expect(parseRoute('#/b/7/nonsense')).toMatchObject({ bundle: 7, view: 'overview' });
    expect(routeHash(null)).toBe('#/');
    expect(parseRoute('#/compare/2/5')).toMatchObject({ bundle: 2, view: 'compare' });
    expect(parseRoute('#/compare/2/5').params.get('b')).toBe('5');
  });

  it('links a fleet of some bundles, or of all, and the nodes picked against the rest', () => {
    expect(fleetHash()).toBe('#/fleet');
    const r = parseRoute(fleetHash([1, 2, 3], { versus: '3' }));
    expect(r).toMatchObject({ bundle: null, view: 'fleet' });
    expect(r.params.get('ids')).toBe('1,2,3');
    expect(r.params.get('versus')).toBe('3');
  });
});
