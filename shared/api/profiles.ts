import type { BundleId } from './bundles';
import { arity, ArgError, int, oneOf, onlyKeys, optStr, record, str, type ArgValidators } from './args';

/** One profile or goroutine dump of a bundle, as the Profiles view lists them. */
export interface ProfileSummary {
  artifact: string;
  /** kube-apiserver, kubelet, etcd… (the folder under pprof/), or null outside that layout. */
  component: string | null;
  kind: 'pprof' | 'goroutine-dump';
  /** pprof only: "cpu/nanoseconds"… in the profile's order. */
  sampleTypes: string[];
  /** pprof only: the sample type pprof shows by default. */
  defaultSampleType: string | null;
  durationNanos: number | null;
  /** ISO UTC, when the profile says when it was taken. */
  time: string | null;
  /** Why the artifact could not be read, when it could not. */
  error: string | null;
}

export interface ProfileRef {
  bundle: BundleId;
  /** Artifact path inside the bundle. */
  path: string;
}

/** Regexes (JavaScript syntax, unanchored) with `go tool pprof` meaning. */
export interface ProfileFilterOptions {
  focus?: string;
  ignore?: string;
  hide?: string;
}

export interface ProfileTopOptions extends ProfileFilterOptions {
  /** A `-sample_index` name (cpu, samples, inuse_space, alloc_objects, …); default: the profile's. */
  sample?: string;
  limit?: number;
}

export interface ProfileTopRow {
  name: string;
  flat: number;
  cum: number;
}

export interface ProfileTop {
  sampleType: string;
  total: number;
  rows: ProfileTopRow[];
}

export interface FlameTreeOptions extends ProfileTopOptions {
  inverted?: boolean;
  /** Children narrower than this share (0..1) of the root become one "…" node per parent. */
  minShare?: number;
  /** Upper bound on nodes sent (default 10,000): the share is raised until the tree fits. */
  maxNodes?: number;
}

export interface FlameNode {
  name: string;
  /** Cumulative value (the target's in a diff, normalised when asked). */
  value: number;
  self: number;
  /** Diff trees: the base's cumulative and self values. */
  base?: number;
  baseSelf?: number;
  /** Drawn without a border to its caller, as pprof draws inlined calls. */
  inline?: boolean;
  /** The "…" node that stands for the children cut by the minimum share. */
  elided?: boolean;
  children: FlameNode[];
}

export interface FlameTree {
  sampleType: string;
  total: number;
  inverted: boolean;
  root: FlameNode;
  nodes: number;
  fullNodes: number;
  minShare: number;
}

export interface DiffOptions extends FlameTreeOptions {
  /** Scale the target to the base's total (`-diff_base -normalize`); default true. false: raw delta. */
  normalize?: boolean;
}

export interface ProfileDiffTop extends ProfileTop {
  baseTotal: number;
  targetTotal: number;
  scale: number;
}

export interface DiffTree extends FlameTree {
  baseTotal: number;
  scale: number;
}

export type ProfileExportFormat = 'folded' | 'speedscope' | 'pprof';

export interface ProfileExport {
  fileName: string;
  mimeType: string;
  /** Text for folded and speedscope; base64 for pprof (gzipped protobuf). */
  data: string;
  encoding: 'utf8' | 'base64';
}

export interface GoroutineFrame {
  func: string;
  file: string;
  line: number;
}

export interface GoroutineBucket {
  count: number;
  /** "chan send", "select", "IO wait", "semacquire"… ("unknown" when the format does not say). */
  state: string;
  /** True when the state was inferred from runtime frames (protobuf dumps), not printed by Go. */
  stateInferred: boolean;
  /** Longest wait in the bucket, in minutes (Go prints waits of a minute or more; 0 otherwise). */
  waitMinutes: number;
  minWaitMinutes: number;
  /** Goroutine ids (debug=2 only), at most 100. */
  ids: number[];
  lockedToThread: boolean;
  createdBy: string | null;
  frames: GoroutineFrame[];
  /** Why the bucket looks stuck, or null. */
  stuck: string | null;
}

export interface GoroutineDump {
  format: 'debug=1' | 'debug=2' | 'proto';
  total: number;
  /** The total the dump states itself (debug=1 header, protobuf sum), or null when it states none. */
  headerTotal: number | null;
  /** The dump ended mid-goroutine (debug=2 is cut at 64 MiB). */
  truncated: boolean;
  /** nodescope read only the dump's first whole records (a dump past 16 MiB); null when it read all of it. */
  partial: { readBytes: number; artifactBytes: number } | null;
  states: { state: string; count: number }[];
  buckets: GoroutineBucket[];
}

export interface ProfilesApi {
  listProfiles(bundle: BundleId): Promise<ProfileSummary[]>;
  profileTop(ref: ProfileRef, options: ProfileTopOptions): Promise<ProfileTop>;
  flameTree(ref: ProfileRef, options: FlameTreeOptions): Promise<FlameTree>;
  diffTop(base: ProfileRef, target: ProfileRef, options: DiffOptions): Promise<ProfileDiffTop>;
  diffTree(base: ProfileRef, target: ProfileRef, options: DiffOptions): Promise<DiffTree>;
  exportProfile(ref: ProfileRef, format: ProfileExportFormat, options: DiffOptions, base?: ProfileRef): Promise<ProfileExport>;
  goroutines(ref: ProfileRef): Promise<GoroutineDump>;
}

function profileRef(v: unknown, name: string): ProfileRef {
  const o = record(v, name);
  onlyKeys(o, name, ['bundle', 'path']);
  return { bundle: int(o.bundle, `${name}.bundle`, 1), path: str(o.path, `${name}.path`) };
}

function regex(v: unknown, name: string): string | undefined {
  const s = optStr(v, name, 1000);
  if (s !== undefined) {
    try {
      new RegExp(s);
    } catch {
      throw new ArgError(`${name} is not a valid regular expression`);
    }
  }
  return s;
}

function optNumber(v: unknown, name: string, min: number, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new ArgError(`${name} must be a number from ${min} to ${max}`);
  return v;
}

function optBool(v: unknown, name: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ArgError(`${name} must be true or false`);
  return v;
}

const OPTION_KEYS = ['sample', 'limit', 'focus', 'ignore', 'hide', 'inverted', 'minShare', 'maxNodes', 'normalize'];

function options(v: unknown, name = 'options'): DiffOptions {
  const o = v === undefined ? {} : record(v, name);
  onlyKeys(o, name, OPTION_KEYS);
  return {
    sample: optStr(o.sample, `${name}.sample`, 100),
    limit: optNumber(o.limit, `${name}.limit`, 1, 1_000_000),
    focus: regex(o.focus, `${name}.focus`),
    ignore: regex(o.ignore, `${name}.ignore`),
    hide: regex(o.hide, `${name}.hide`),
    inverted: optBool(o.inverted, `${name}.inverted`),
    minShare: optNumber(o.minShare, `${name}.minShare`, 0, 1),
    maxNodes: optNumber(o.maxNodes, `${name}.maxNodes`, 10, 200_000),
    normalize: optBool(o.normalize, `${name}.normalize`),
  };
}

export const PROFILE_EXPORT_FORMATS: readonly ProfileExportFormat[] = ['folded', 'speedscope', 'pprof'];

export const profilesArgs: ArgValidators<ProfilesApi> = {
  listProfiles: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  profileTop: (a) => (arity(a, 1, 2), [profileRef(a[0], 'profile'), options(a[1])]),
  flameTree: (a) => (arity(a, 1, 2), [profileRef(a[0], 'profile'), options(a[1])]),
  diffTop: (a) => (arity(a, 2, 3), [profileRef(a[0], 'base'), profileRef(a[1], 'target'), options(a[2])]),
  diffTree: (a) => (arity(a, 2, 3), [profileRef(a[0], 'base'), profileRef(a[1], 'target'), options(a[2])]),
  exportProfile: (a) => (
    arity(a, 2, 4),
    [
      profileRef(a[0], 'profile'),
      oneOf(a[1], 'format', PROFILE_EXPORT_FORMATS),
      options(a[2]),
      a[3] === undefined || a[3] === null ? undefined : profileRef(a[3], 'base'),
    ]
  ),
  goroutines: (a) => (arity(a, 1, 1), [profileRef(a[0], 'dump')]),
};
