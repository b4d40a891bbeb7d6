import type { Finding } from '../../../shared/api/findings';
import type { FlameNode, ProfilesApi } from '../../../shared/api/profiles';
import type { ReportProfileChoice } from '../../../shared/api/report';
import { componentOf } from '../profiles/api';
import { findArtifact } from '../store/artifacts';
import type { Db } from '../store/workspace';
import type { ReportProfile } from './model';

const TOP_ROWS = 15;
/** The tree is fetched pruned to this many nodes; the SVG renderer drops what is narrower than a pixel. */
const MAX_NODES = 3000;
/** profile-hotspot quotes a function as "<name>: flat 12.3%, cum 45.6% of cpu/nanoseconds". */
const HOTSPOT_QUOTE = /^(.+): flat -?[\d.]+%, cum -?[\d.]+% of /;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The profiles the chosen findings quote, each focused on the function the finding names. */
export function profilesOfFindings(db: Db, bundleId: number, findings: Finding[]): ReportProfileChoice[] {
  const out: ReportProfileChoice[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    for (const e of f.evidence) {
      if (findArtifact(db, bundleId, e.artifact)?.kind !== 'pprof') continue;
      const focus = HOTSPOT_QUOTE.exec(e.text)?.[1] ?? null;
      const id = `${e.artifact}\0${focus}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ path: e.artifact, focus, sample: null });
    }
  }
  return out;
}

/** The top-most nodes named `name` (a recursive function is not counted twice). */
function occurrences(node: FlameNode, name: string, out: FlameNode[] = []): FlameNode[] {
  for (const c of node.children) {
    if (c.name === name) out.push(c);
    else occurrences(c, name, out);
  }
  return out;
}

/** Merges same-named children so the subtree of a function called from several places reads as one. */
function mergeChildren(nodes: FlameNode[]): FlameNode[] {
  const byName = new Map<string, FlameNode[]>();
  for (const n of nodes) {
    const key = `${n.elided ? '\0' : ''}${n.name}`;
    const group = byName.get(key);
    if (group) group.push(n);
    else byName.set(key, [n]);
  }
  return [...byName.values()].map(merge).sort((a, b) => b.value - a.value);
}

function merge(group: FlameNode[]): FlameNode {
  if (group.length === 1) return group[0];
  const first = group[0];
  return {
    name: first.name,
    value: group.reduce((s, n) => s + n.value, 0),
    self: group.reduce((s, n) => s + n.self, 0),
    inline: first.inline,
    elided: first.elided,
    children: mergeChildren(group.flatMap((n) => n.children)),
  };
}

/** The focus function's subtree over all its call sites, or null when the profile never reaches it. */
export function subtreeOf(root: FlameNode, name: string): FlameNode | null {
  const found = occurrences(root, name);
  return found.length ? merge(found) : null;
}

export async function reportProfile(db: Db, profiles: ProfilesApi, bundle: number, choice: ReportProfileChoice): Promise<ReportProfile> {
  const ref = { bundle, path: choice.path };
  const base: ReportProfile = {
    path: choice.path,
    component: componentOf(choice.path),
    focus: choice.focus,
    sha256: findArtifact(db, bundle, choice.path)?.sha256 ?? null,
    sampleType: '',
    total: 0,
    root: null,
    top: [],
    error: null,
  };
  try {
    const sample = choice.sample ?? undefined;
    const whole = await profiles.profileTop(ref, { sample, limit: 1 });
    const focus = choice.focus === null ? undefined : `^${escapeRegExp(choice.focus)}$`;
    const top = await profiles.profileTop(ref, { sample, focus, limit: TOP_ROWS });
    const tree = await profiles.flameTree(ref, { sample, focus, maxNodes: MAX_NODES });
    const root = choice.focus === null ? tree.root : subtreeOf(tree.root, choice.focus);
    if (!root) return { ...base, sampleType: whole.sampleType, total: whole.total, error: `${choice.focus} does not occur in this profile` };
    return { ...base, sampleType: whole.sampleType, total: whole.total, root, top: top.rows };
  } catch (e) {
    return { ...base, error: (e as Error).message };
  }
}
