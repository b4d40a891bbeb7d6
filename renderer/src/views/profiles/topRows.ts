import type { ProfileTopRow } from '../../../../shared/api/profiles';

/**
 * What a top-table column sorts by: flat and cum by size whatever their sign (a diff's largest
 * changes, up or down, first, as pprof orders them), the function by name. The engine's order is
 * pprof's (|flat| largest first, then name), which breaks ties.
 */
export function topValue(r: ProfileTopRow, key: string): number | string | null {
  if (key === 'flat') return Math.abs(r.flat);
  if (key === 'cum') return Math.abs(r.cum);
  if (key === 'name') return r.name;
  return null;
}

/** pprof's sum%: the running total of flat down the table. */
export function runningSums(rows: ProfileTopRow[]): number[] {
  let s = 0;
  return rows.map((r) => (s += r.flat));
}
