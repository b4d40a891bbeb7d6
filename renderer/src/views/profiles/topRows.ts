import type { ProfileTopRow } from '../../../../shared/api/profiles';

export type SortKey = 'flat' | 'cum';

export function sortRows(rows: ProfileTopRow[], key: SortKey): ProfileTopRow[] {
  if (key === 'flat') return rows; // the engine's order is pprof's: |flat| desc, then name
  return [...rows].sort((a, b) => Math.abs(b.cum) - Math.abs(a.cum) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** pprof's sum%: the running total of flat down the table. */
export function runningSums(rows: ProfileTopRow[]): number[] {
  let s = 0;
  return rows.map((r) => (s += r.flat));
}
