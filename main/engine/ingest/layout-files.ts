import { recogniseLayout, type BundleFiles, type Layout, type LayoutFacts } from '../layouts';
import { findArtifact, readArtifactText } from '../store/artifacts';
import type { Db } from '../store/workspace';

/** Files larger than this are not read for facts (facts live in small files: uname, os-release, nodes). */
const MAX_FACT_FILE_BYTES = 16 * 1024 * 1024;

/** A bundle's files as the layouts read them, once every entry is in; aliases read as their targets. */
export function bundleFiles(db: Db, bundleId: number, aliases: ReadonlyMap<string, string>, linkTargets: ReadonlyMap<string, string>): BundleFiles {
  const rows = db.prepare('SELECT path FROM artifacts WHERE bundle_id = ? ORDER BY path').all(bundleId) as { path: string }[];
  const paths = [...rows.map((r) => r.path), ...aliases.keys()].sort();
  return {
    paths,
    text(path: string): string | null {
      const a = findArtifact(db, bundleId, aliases.get(path) ?? path);
      if (!a || a.bytes > MAX_FACT_FILE_BYTES) return null;
      return readArtifactText(db, a.id);
    },
    linkTarget: (path: string) => linkTargets.get(path) ?? null,
  };
}

export interface RecognisedLayout {
  layout: Layout;
  facts: LayoutFacts;
}

/** Which peer layout the bundle is, and what its files say about the node(s); null when none matches. */
export function recognise(files: BundleFiles): RecognisedLayout | null {
  const layout = recogniseLayout(files.paths);
  if (!layout) return null;
  let facts: LayoutFacts;
  try {
    facts = layout.facts(files);
  } catch {
    facts = {};
  }
  return { layout, facts };
}
