import path from 'node:path';
import type { IngestError } from '../../../shared/api';

/** What became of one symbolic or hard link of a bundle. */
export type LinkOutcome =
  | { path: string; kind: 'alias'; target: string }
  | { path: string; kind: 'outside' | 'dangling'; target: string };

const MAX_HOPS = 16;

/**
 * Links inside an archive are never followed on disk and never written: a link to another entry of the
 * same archive becomes an alias of that entry (or folder); one that leaves the archive or points at
 * nothing is reported. Links may come before their targets, so they are resolved once all entries are in.
 */
export class LinkTable {
  private readonly links = new Map<string, { target: string; hard: boolean }>();

  add(linkPath: string, target: string, hard: boolean): void {
    this.links.set(linkPath, { target, hard });
  }

  get size(): number {
    return this.links.size;
  }

  /**
   * Resolves every link against the entries read (`isFile`) and the folders they imply (`isFolder`).
   * Chains of links are followed up to MAX_HOPS; a loop dangles.
   */
  resolve(isFile: (p: string) => boolean, isFolder: (p: string) => boolean): LinkOutcome[] {
    const out: LinkOutcome[] = [];
    for (const [linkPath, link] of this.links) {
      let at = linkPath;
      let cur: { target: string; hard: boolean } | undefined = link;
      let result: LinkOutcome | null = null;
      for (let hop = 0; cur && hop < MAX_HOPS && !result; hop++) {
        const next = resolveTarget(at, cur.target, cur.hard);
        if (next === null) result = { path: linkPath, kind: 'outside', target: link.target };
        else if (isFile(next) || isFolder(next)) result = { path: linkPath, kind: 'alias', target: next };
        else {
          const viaFolder = this.throughLinkedFolder(next);
          at = viaFolder ?? next;
          cur = this.links.get(at);
          if (!cur) result = { path: linkPath, kind: 'dangling', target: link.target };
        }
      }
      out.push(result ?? { path: linkPath, kind: 'dangling', target: link.target });
    }
    return out;
  }

  /** "proc/net/dev" where "proc/net" is itself a link: the link's path, to follow it. */
  private throughLinkedFolder(p: string): string | null {
    const parts = p.split('/');
    for (let i = parts.length - 1; i > 0; i--) {
      const prefix = parts.slice(0, i).join('/');
      if (this.links.has(prefix)) return prefix;
    }
    return null;
  }
}

/**
 * The archive path a link points to, or null when it leaves the archive. A symbolic link is relative to
 * its own folder; a hard link (tar) names an archive path. Absolute targets leave the archive.
 */
export function resolveTarget(linkPath: string, target: string, hard: boolean): string | null {
  if (target === '' || target.startsWith('/') || target.includes('\0')) return null;
  const joined = hard ? target : path.posix.join(path.posix.dirname(linkPath), target);
  const norm = path.posix.normalize(joined);
  if (norm === '..' || norm.startsWith('../') || norm === '.') return null;
  return norm.replace(/\/$/, '');
}

/** One line on the links of a bundle, for the facts: how many aliases, how many left unresolved. */
export function describeLinks(outcomes: readonly LinkOutcome[]): string {
  const alias = outcomes.filter((o) => o.kind === 'alias').length;
  const rest = outcomes.length - alias;
  return rest === 0 ? `${alias} links, all to entries of the bundle` : `${alias} links to entries of the bundle; ${rest} point outside it or to files not collected`;
}

/** Links that leave the archive or dangle, as problems (only for bundles whose maker never makes links). */
export function linkProblems(outcomes: readonly LinkOutcome[]): IngestError[] {
  return outcomes
    .filter((o) => o.kind !== 'alias')
    .map((o) => ({ path: o.path, message: o.kind === 'outside' ? `symbolic link to ${o.target} leaves the bundle; not followed` : `link to ${o.target}: no such entry in the bundle` }));
}
