import { recogniseLayout, type BundleFiles, type Layout, type LayoutFacts } from '../layouts';
import { findArtifact, readParsedText } from '../store/artifacts';
import type { Db } from '../store/workspace';

/** Files larger than this are not read for facts (facts live in small files: uname, os-release, nodes). */
const MAX_FACT_FILE_BYTES = 16 * 1024 * 1024;

/**
 * The paths of a bundle's files, sorted: whether a path is a file or a folder is a binary search. One
 * array of strings, where sets of files and of every folder cost 400 bytes a file (60 MB for 160,000 pod logs).
 */
export class SortedPaths {
  readonly paths: readonly string[];

  constructor(db: Db, bundleId: number) {
    this.paths = (db.prepare('SELECT path FROM artifacts WHERE bundle_id = ?').pluck().all(bundleId) as string[]).sort();
  }

  isFile(path: string): boolean {
    return this.paths[this.firstAtOrAfter(path)] === path;
  }

  isFolder(path: string): boolean {
    const under = `${path}/`;
    return this.paths[this.firstAtOrAfter(under)]?.startsWith(under) ?? false;
  }

  private firstAtOrAfter(path: string): number {
    let lo = 0;
    let hi = this.paths.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.paths[mid] < path) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** A bundle's files as the layouts read them, once every entry is in; aliases read as their targets. */
export function bundleFiles(db: Db, bundleId: number, files: SortedPaths, aliases: ReadonlyMap<string, string>, linkTargets: ReadonlyMap<string, string>): BundleFiles {
  const paths = aliases.size ? [...files.paths, ...aliases.keys()].sort() : files.paths;
  return {
    paths,
    text(path: string): string | null {
      const a = findArtifact(db, bundleId, aliases.get(path) ?? path);
      if (!a || a.bytes > MAX_FACT_FILE_BYTES) return null;
      return readParsedText(db, a.id);
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
