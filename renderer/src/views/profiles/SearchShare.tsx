import type { ReactNode } from 'react';
import type { ProfileRef } from '../../../../shared/api/profiles';
import { useApi, useAsync } from '../../lib/hooks';
import { displayText } from '../../lib/text';
import { caselessLiteralRegex, percent } from './format';

interface Props {
  target: ProfileRef;
  sample: string | undefined;
  /** What the search box says (debounced), or '' when a top-table row is selected instead. */
  term: string;
  selected: { name: string; cum: number } | null;
  /** Matching frames in the drawn (pruned) tree. */
  frames: number;
  /** pprof's total of the profile. */
  total: number;
  unit: (v: number) => string;
  /** Diffs: the share of one profile would mislead, only the frames are counted. */
  diff: boolean;
  /** The function the view is zoomed to (the top table counts only samples through it). */
  zoomed: string | null;
}

/**
 * How much of the profile the highlighted function(s) cover. The drawn tree is pruned (narrow calls
 * merged into "…"), so the share comes from the engine: samples with a matching frame, as
 * `go tool pprof -focus` keeps them (function or file name), over all samples.
 */
export function SearchShare({ target, sample, term, selected, frames, total, unit, diff, zoomed }: Props): ReactNode {
  const api = useApi();
  const exact = useAsync(
    () => (term && !diff ? api.flameTree(target, { sample, maxNodes: 10, focus: caselessLiteralRegex(term) }).then((t) => t.total) : Promise.resolve(null)),
    [target.bundle, target.path, sample, term, diff],
  );
  const drawn = `${frames} frame${frames === 1 ? '' : 's'} drawn`;
  if (selected) {
    const also = zoomed && zoomed !== selected.name ? ' and the zoomed function' : '';
    const share = diff ? '' : ` · ${percent(selected.cum, total)} of all samples (${unit(selected.cum)}) pass through it${also}`;
    return <>{`selected: ${displayText(selected.name)} · ${drawn}${share}`}</>;
  }
  if (!term) return null;
  if (diff) return <>{`search: ${drawn}`}</>;
  const v = exact.data;
  const share = v === null || v === undefined || exact.loading ? ' · counting samples…' : ` · ${percent(v, total)} of all samples (${unit(v)}) have a matching frame`;
  return <>{`search: ${drawn}${share}`}</>;
}
