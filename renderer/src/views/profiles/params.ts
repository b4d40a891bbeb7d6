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
  /** go tool pprof -focus / -ignore / -hide: regexes (RE2 syntax) on function names. */
  focus: string;
  ignore: string;
  hide: string;
  /** The zoomed frame: function names from the root down, and whether it is a "…" frame. */
  zoom: string[];
  zoomElided: boolean;
  /** The function selected (top table or sandwich). */
  selected: string | null;
  /** Highlight: a literal (any case) or /regex/. */
  search: string;
  /** The flame graph, or the sandwich of the selected function (its callers above, callees below). */
  mode: 'flame' | 'sandwich';
}

const PATH_SEP = '\n';

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
    focus: params.get('focus') ?? '',
    ignore: params.get('ignore') ?? '',
    hide: params.get('hide') ?? '',
    zoom: (params.get('z') ?? '').split(PATH_SEP).filter(Boolean),
    zoomElided: params.get('ze') === '1',
    selected: params.get('sel') || null,
    search: params.get('q') ?? '',
    mode: params.get('mode') === 'sandwich' ? 'sandwich' : 'flame',
  };
}

export function profileHash(bundle: number, p: ProfileParams): string {
  return routeHash(bundle, 'profiles', {
    p: p.path,
    s: p.sample,
    inv: p.inverted ? '1' : undefined,
    vs: p.baseline ? `${p.baseline.bundle}:${p.baseline.path}` : undefined,
    raw: p.baseline && p.raw ? '1' : undefined,
    focus: p.focus,
    ignore: p.ignore,
    hide: p.hide,
    z: p.zoom.join(PATH_SEP),
    ze: p.zoom.length && p.zoomElided ? '1' : undefined,
    sel: p.selected,
    q: p.search,
    mode: p.mode === 'sandwich' ? 'sandwich' : undefined,
  });
}

/** The name the engine takes (go tool pprof -sample_index): "cpu" for "cpu/nanoseconds". */
export function sampleName(sample: string | undefined): string | undefined {
  return sample?.split('/')[0];
}
