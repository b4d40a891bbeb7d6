import { useCallback, useState, type ReactNode } from 'react';
import type { ProfileSummary } from '../../../../shared/api/profiles';
import { pushRoute, replaceRoute } from '../../lib/hooks';
import { displayText } from '../../lib/text';
import { DiffPicker } from './DiffPicker';
import { ExportButtons } from './ExportButtons';
import { FlameWorkspace } from './FlameWorkspace';
import { profileHash, readParams, type ProfileParams } from './params';

/** One profile: sample type, top-down or bottom-up, optionally against a baseline; the URL says which. */
export function ProfileDetail({ bundle, profile, params }: { bundle: number; profile: ProfileSummary; params: URLSearchParams }): ReactNode {
  const p = readParams(profile, params);
  /** Views of the same profile (direction, zoom, selection, filters) are history entries; typing replaces. */
  const set = useCallback(
    (patch: Partial<ProfileParams>, mode: 'push' | 'replace' = 'push'): void => {
      const current = readParams(profile, new URLSearchParams(window.location.hash.split('?')[1] ?? ''));
      const hash = profileHash(bundle, { ...current, ...patch });
      if (mode === 'push') pushRoute(hash);
      else replaceRoute(hash);
    },
    [bundle, profile],
  );
  const [picking, setPicking] = useState(false);
  const ref = { bundle, path: profile.artifact };
  const key = `${p.sample}|${p.inverted}|${p.baseline?.bundle}:${p.baseline?.path}|${p.raw}|${p.focus}|${p.ignore}|${p.hide}`;
  return (
    <div className="profile">
      <div className="toolbar pad-x">
        <span className="mono strong ellipsis profile-title">{displayText(profile.artifact)}</span>
        {profile.sampleTypes.length > 1 && (
          <select className="input" value={p.sample} onChange={(e) => set({ sample: e.target.value })} aria-label="Sample type">
            {profile.sampleTypes.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
        <span className="seg" role="group" aria-label="Direction">
          <button type="button" className={p.inverted ? '' : 'on'} onClick={() => set({ inverted: false, zoom: [] })} title="Callers at the top, callees below (a flame graph)">
            Top-down
          </button>
          <button type="button" className={p.inverted ? 'on' : ''} onClick={() => set({ inverted: true, zoom: [] })} title="The functions where the time is spent at the top, their callers below">
            Bottom-up
          </button>
        </span>
        {p.baseline ? (
          <>
            <span className="chip diff-chip" title={`${p.baseline.bundle}:${p.baseline.path}`}>
              vs baseline <span className="mono">{displayText(p.baseline.path)}</span> (bundle {p.baseline.bundle})
              <button type="button" className="btn ghost small" aria-label="Close the diff" title="Close the diff (Esc)" data-esc-close onClick={() => set({ baseline: null, raw: false })}>
                ×
              </button>
            </span>
            <span className="seg" role="group" aria-label="Normalisation">
              <button type="button" className={p.raw ? '' : 'on'} onClick={() => set({ raw: false })} title="go tool pprof -diff_base A -normalize B">
                Normalised
              </button>
              <button type="button" className={p.raw ? 'on' : ''} onClick={() => set({ raw: true })} title="go tool pprof -diff_base A B">
                Raw
              </button>
            </span>
          </>
        ) : (
          <button type="button" className="btn" onClick={() => setPicking((v) => !v)} aria-expanded={picking}>
            Compare with…
          </button>
        )}
        <ExportButtons target={ref} params={p} />
      </div>
      {picking && !p.baseline && (
        <DiffPicker
          bundle={bundle}
          profile={profile}
          sample={p.sample}
          onPick={(baseline) => {
            setPicking(false);
            set({ baseline });
          }}
          onCancel={() => setPicking(false)}
        />
      )}
      <FlameWorkspace key={key} target={ref} params={p} set={set} />
    </div>
  );
}
