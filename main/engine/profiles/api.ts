import type {
  DiffOptions,
  ProfileExport,
  ProfileExportFormat,
  ProfileFilterOptions,
  ProfileRef,
  ProfilesApi,
  ProfileSummary,
} from '../../../shared/api/profiles';
import { loadGoroutineDump } from '../goroutines/load';
import { NotFoundError, requireBundle } from '../library/api';
import { artifactsOfKind, findArtifact, readArtifactBytes, type ArtifactRow } from '../store/artifacts';
import type { Db } from '../store/workspace';
import { diffTop } from './diff';
import { toFolded, toPprof, toSpeedscope } from './export';
import { buildDiffTree, buildTree, diffFlameGraph, flameGraph } from './flame';
import { decodeProfile } from './load';
import type { Profile } from './model';
import { sampleIndex } from './sample-index';
import type { StackFilter } from './stacks';
import { topTable } from './top';

/** The component a profile belongs to, from the bundle layout `pprof/<component>/…`. */
export function componentOf(path: string): string | null {
  return /(?:^|\/)pprof\/([^/]+)\/[^/]+$/.exec(path)?.[1] ?? null;
}

export function toFilter(o: ProfileFilterOptions): StackFilter | undefined {
  if (!o.focus && !o.ignore && !o.hide) return undefined;
  return {
    focus: o.focus ? new RegExp(o.focus) : undefined,
    ignore: o.ignore ? new RegExp(o.ignore) : undefined,
    hide: o.hide ? new RegExp(o.hide) : undefined,
  };
}

/** Decoded profiles by artifact id: the UI asks for top, tree and diff of the same one in a row. */
class ProfileCache {
  private readonly entries = new Map<number, Profile>();
  constructor(private readonly capacity = 6) {}
  get(id: number, load: () => Profile): Profile {
    let p = this.entries.get(id);
    if (p) this.entries.delete(id);
    else p = load();
    this.entries.set(id, p);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return p;
  }
}

function requireArtifact(db: Db, ref: ProfileRef): ArtifactRow {
  requireBundle(db, ref.bundle);
  const a = findArtifact(db, ref.bundle, ref.path);
  if (!a) throw new NotFoundError(`bundle ${ref.bundle} has no artifact ${ref.path}`);
  return a;
}

export function profilesApi(db: Db): ProfilesApi {
  const cache = new ProfileCache();
  const load = (ref: ProfileRef): Profile => {
    const a = requireArtifact(db, ref);
    return cache.get(a.id, () => decodeProfile(readArtifactBytes(db, a.id)));
  };
  return {
    async listProfiles(bundle) {
      requireBundle(db, bundle);
      return artifactsOfKind(db, bundle, 'pprof', 'goroutine-dump').map((a) => summarize(db, a.id, a.path, a.kind));
    },
    async profileTop(ref, o) {
      return topTable(load(ref), { sample: o.sample, limit: o.limit, filter: toFilter(o) });
    },
    async flameTree(ref, o) {
      const g = flameGraph(load(ref), { ...o, filter: toFilter(o) });
      return g;
    },
    async diffTop(base, target, o) {
      return diffTop(load(base), load(target), { sample: o.sample, normalize: o.normalize, filter: toFilter(o), limit: o.limit });
    },
    async diffTree(base, target, o) {
      return diffFlameGraph(load(base), load(target), { ...o, filter: toFilter(o) });
    },
    async exportProfile(ref, format, o, base) {
      return exportProfile(load(ref), format, o, ref.path, base && load(base));
    },
    async goroutines(ref) {
      return loadGoroutineDump(db, requireArtifact(db, ref));
    },
  };
}

function summarize(db: Db, id: number, path: string, kind: string): ProfileSummary {
  const summary: ProfileSummary = {
    artifact: path,
    component: componentOf(path),
    kind: kind === 'pprof' ? 'pprof' : 'goroutine-dump',
    sampleTypes: [],
    defaultSampleType: null,
    durationNanos: null,
    time: null,
    error: null,
  };
  if (kind !== 'pprof') return summary;
  try {
    const p = decodeProfile(readArtifactBytes(db, id));
    summary.sampleTypes = p.sampleTypes.map((t) => `${t.type}/${t.unit}`);
    summary.defaultSampleType = p.sampleTypes[sampleIndex(p)].type;
    summary.durationNanos = p.durationNanos || null;
    summary.time = p.timeNanos ? new Date(p.timeNanos / 1e6).toISOString() : null;
  } catch (e) {
    summary.error = (e as Error).message;
  }
  return summary;
}

export function exportProfile(p: Profile, format: ProfileExportFormat, o: DiffOptions, path: string, base?: Profile): ProfileExport {
  const filter = toFilter(o);
  const built = base ? buildDiffTree(base, p, { ...o, filter }) : buildTree(p, { ...o, filter });
  const t = p.sampleTypes[base ? sampleIndex(p, o.sample ?? base.sampleTypes[built.index].type) : built.index];
  const stem = `${path.split('/').filter(Boolean).slice(-2).join('-').replace(/\.(pb\.gz|pb|gz|pprof)$/, '')}-${t.type}${base ? '-diff' : ''}`;
  if (format === 'folded') return { fileName: `${stem}.folded.txt`, mimeType: 'text/plain', data: toFolded(built.tree), encoding: 'utf8' };
  if (format === 'speedscope') {
    return { fileName: `${stem}.speedscope.json`, mimeType: 'application/json', data: toSpeedscope(built.tree, stem, t.unit), encoding: 'utf8' };
  }
  const bytes = toPprof(built.tree, {
    sampleType: t,
    periodType: p.periodType,
    period: p.period,
    timeNanos: p.timeNanos,
    durationNanos: p.durationNanos,
    comment: base ? 'nodescope diff: base samples carry pprof::base=true' : 'nodescope export',
  });
  return { fileName: `${stem}.pb.gz`, mimeType: 'application/octet-stream', data: bytes.toString('base64'), encoding: 'base64' };
}
