import type { ProfileCompare, ProfileFunctionDelta, ProfilesCompare } from '../../../shared/api/compare';
import { diffTop } from '../profiles/diff';
import { decodeProfile } from '../profiles/load';
import { artifactsOfKind, readArtifactBytes, type ArtifactRow } from '../store/artifacts';
import type { Db } from '../store/workspace';

/** Functions listed each way. */
export const TOP_N = 10;

/** The component of `pprof/<component>/<file>`, else the folder or file the profile is in. */
export function componentOf(path: string): string {
  const parts = path.split('/');
  const at = parts.indexOf('pprof');
  if (at >= 0 && parts.length > at + 2) return parts[at + 1];
  return parts.length > 1 ? parts[parts.length - 2] : path;
}

function comparePair(db: Db, x: ArtifactRow, y: ArtifactRow): ProfileCompare {
  const base: ProfileCompare = {
    component: componentOf(y.path),
    pathA: x.path,
    pathB: y.path,
    sampleType: '',
    totalA: 0,
    totalB: 0,
    scale: 1,
    gainers: [],
    losers: [],
    error: null,
  };
  try {
    const pa = decodeProfile(readArtifactBytes(db, x.id));
    const pb = decodeProfile(readArtifactBytes(db, y.id));
    const d = diffTop(pa, pb, { normalize: true });
    const rows: ProfileFunctionDelta[] = d.rows.map((r) => ({ name: r.name, flat: r.flat, cum: r.cum }));
    return {
      ...base,
      sampleType: d.sampleType,
      totalA: d.baseTotal,
      totalB: d.scale === 0 ? 0 : Math.round(d.targetTotal / d.scale),
      scale: d.scale,
      gainers: rows.filter((r) => r.flat > 0).sort((p, q) => q.flat - p.flat).slice(0, TOP_N),
      losers: rows.filter((r) => r.flat < 0).sort((p, q) => p.flat - q.flat).slice(0, TOP_N),
    };
  } catch (e) {
    return { ...base, error: (e as Error).message };
  }
}

/**
 * Every pprof profile present in both bundles under the same path (`pprof/etcd/cpu.pb.gz`), as a
 * normalised differential top (pprof -diff_base=A -normalize B). Byte-identical profiles are skipped.
 */
export function compareProfiles(db: Db, bundleA: number, bundleB: number): ProfilesCompare {
  const a = artifactsOfKind(db, bundleA, 'pprof');
  const b = new Map(artifactsOfKind(db, bundleB, 'pprof').map((r) => [r.path, r]));
  const profiles: ProfileCompare[] = [];
  const onlyA: string[] = [];
  for (const x of a) {
    const y = b.get(x.path);
    b.delete(x.path);
    if (!y) onlyA.push(x.path);
    else if (x.sha256 !== y.sha256) {
      const c = comparePair(db, x, y);
      if (c.error || c.gainers.length || c.losers.length) profiles.push(c);
    }
  }
  const onlyB = [...b.keys()];
  return { profiles, onlyA, onlyB, identical: profiles.length + onlyA.length + onlyB.length === 0 };
}
