import { useState, type ReactNode } from 'react';
import type { ProfileRef, ProfileSummary } from '../../../../shared/api/profiles';
import { ErrorBox } from '../../components/Text';
import { useApi, useAsync } from '../../lib/hooks';
import { displayText } from '../../lib/text';

interface Props {
  bundle: number;
  profile: ProfileSummary;
  sample: string | undefined;
  onPick: (baseline: ProfileRef) => void;
  onCancel: () => void;
}

/** Profiles of any bundle that have the same sample type: the candidates for a baseline. */
export function comparable(list: ProfileSummary[], sample: string | undefined, self: ProfileRef, bundle: number): ProfileSummary[] {
  return list.filter((p) => p.kind === 'pprof' && !p.error && (!sample || p.sampleTypes.includes(sample)) && !(bundle === self.bundle && p.artifact === self.path));
}

/** Picks the baseline (A) of a differential flame graph: a bundle, then one of its profiles. */
export function DiffPicker({ bundle, profile, sample, onPick, onCancel }: Props): ReactNode {
  const api = useApi();
  const bundles = useAsync(() => api.listBundles(), []);
  const [from, setFrom] = useState(bundle);
  const profiles = useAsync(() => api.listProfiles(from), [from]);
  const candidates = profiles.data ? comparable(profiles.data, sample, { bundle, path: profile.artifact }, from) : [];
  const [path, setPath] = useState<string>('');
  const chosen = candidates.find((c) => c.artifact === path) ?? candidates[0];
  return (
    <div className="diff-picker toolbar pad-x" role="group" aria-label="Pick a baseline">
      <span className="small strong">Baseline (A):</span>
      <select className="input" value={from} onChange={(e) => setFrom(Number(e.target.value))} aria-label="Baseline bundle">
        {(bundles.data ?? []).map((b) => (
          <option key={b.id} value={b.id}>
            {displayText(b.node)} · {b.collectedAt ?? b.name}
            {b.id === bundle ? ' (this bundle)' : ''}
          </option>
        ))}
      </select>
      <select className="input" value={chosen?.artifact ?? ''} onChange={(e) => setPath(e.target.value)} aria-label="Baseline profile" disabled={!candidates.length}>
        {candidates.map((c) => (
          <option key={c.artifact} value={c.artifact}>
            {displayText(c.artifact)}
          </option>
        ))}
      </select>
      {profiles.data && !candidates.length && <span className="muted small">no other {sample ?? ''} profile in this bundle</span>}
      <button type="button" className="btn primary" disabled={!chosen} onClick={() => chosen && onPick({ bundle: from, path: chosen.artifact })}>
        Compare (B = this profile)
      </button>
      <button type="button" className="btn ghost" onClick={onCancel}>
        Cancel
      </button>
      {(bundles.error ?? profiles.error) && <ErrorBox error={(bundles.error ?? profiles.error)!} />}
    </div>
  );
}
