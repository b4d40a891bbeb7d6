import type { ProfileRef, ProfileSummary } from '../../../../shared/api/profiles';
import { routeHash } from '../../lib/route';

/** What the Profiles view keeps in the URL, so a flame graph or a diff can be linked to. */
export interface ProfileParams {
  /** Artifact path of the open profile. */
  path: string;
  /** Sample type as "type/unit" (one of the profile's). */
  sample: string | undefined;
  /** Bottom-up: the leaf functions at the root. */
  inverted: boolean;
  /** The baseline of a differential view. */
  baseline: ProfileRef | null;
  /** Raw delta (plain -diff_base) instead of the target scaled to the baseline's total. */
  raw: boolean;
}

/** The sample type from `s=` ("cpu" or "cpu/nanoseconds"), else the profile's default, else its first. */
export function pickSample(profile: ProfileSummary, wanted: string | null): string | undefined {
  const want = wanted ?? profile.defaultSampleType ?? profile.sampleTypes[0];
  if (!want) return undefined;
  return profile.sampleTypes.find((t) => t === want || t.split('/')[0] === want) ?? profile.sampleTypes[0];
}

export function parseBaseline(v: string | null): ProfileRef | null {
  const m = /^(\d+):(.+)$/.exec(v ?? '');
  return m ? { bundle: Number(m[1]), path: m[2] } : null;
}

export function readParams(profile: ProfileSummary, params: URLSearchParams): ProfileParams {
  return {
    path: profile.artifact,
    sample: pickSample(profile, params.get('s')),
    inverted: params.get('inv') === '1',
    baseline: parseBaseline(params.get('vs')),
    raw: params.get('raw') === '1',
  };
}

export function profileHash(bundle: number, p: ProfileParams): string {
  return routeHash(bundle, 'profiles', {
    p: p.path,
    s: p.sample,
    inv: p.inverted ? '1' : undefined,
    vs: p.baseline ? `${p.baseline.bundle}:${p.baseline.path}` : undefined,
    raw: p.baseline && p.raw ? '1' : undefined,
  });
}

/** The name the engine takes (go tool pprof -sample_index): "cpu" for "cpu/nanoseconds". */
export function sampleName(sample: string | undefined): string | undefined {
  return sample?.split('/')[0];
}
