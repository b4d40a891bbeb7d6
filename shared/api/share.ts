import { arity, ArgError, int, onlyKeys, record, str, strList, type ArgValidators } from './args';
import type { BundleId } from './bundles';

/**
 * Sharing a bundle safely (issue 19): every identifying value (addresses, names, domains, users…)
 * replaced by a consistent pseudonym before the bundle leaves the site; the map stays beside the
 * workspace, and turns the vendor's answer back into real names.
 */
export interface ShareOptions {
  /** Namespace and pod names outside the system namespaces become pseudonyms too. */
  k8sNames: boolean;
  /** Extra words to replace (site or project names). */
  words: string[];
  /** Regular expressions whose matches are replaced too. */
  patterns?: string[];
  /** Values found that may leave as they are. */
  keep: string[];
}

export type ShareValueKind = 'ipv4' | 'ipv6' | 'mac' | 'hostname' | 'domain' | 'email' | 'user' | 'namespace' | 'pod' | 'word' | 'secret';

export interface ShareFoundKind {
  kind: ShareValueKind;
  distinct: number;
  /** True when `distinct` is a lower bound (past 20,000 distinct values they are no longer told apart). */
  distinctAtLeast: boolean;
  occurrences: number;
  /** Occurrences in context with the real values (secrets: the rules that fired). Shown here only. */
  samples: { before: string; value: string; after: string }[];
}

export interface ShareReview {
  bundleId: number;
  files: number;
  found: ShareFoundKind[];
  /** Files that will not be in the shared bundle, and why. */
  leftOut: { path: string; reason: string }[];
  /** Where the map is kept (never inside the shared bundle). */
  mapFile: string;
}

export interface SharedBundle {
  fileName: string;
  /** The shared .tar.gz, base64. */
  data: string;
  bytes: number;
  mapFile: string;
  review: ShareReview;
}

export interface ShareApi {
  /** What a share would replace, counted, with samples, without writing anything. */
  shareReview(bundle: BundleId, options: ShareOptions): Promise<ShareReview>;
  /** The pseudonymised bundle; the map beside the workspace is updated. */
  shareBundle(bundle: BundleId, options: ShareOptions): Promise<SharedBundle>;
  /** A text (a vendor's reply, a report) with the pseudonyms of the workspace's map turned back into real values. */
  unshareText(text: string): Promise<string>;
}

function shareOptionsArg(v: unknown): ShareOptions {
  const o = record(v ?? {}, 'options');
  onlyKeys(o, 'options', ['k8sNames', 'words', 'patterns', 'keep']);
  const patterns = strList(o.patterns, 'options.patterns', 100) ?? [];
  for (const p of patterns) {
    try {
      new RegExp(p);
    } catch {
      throw new ArgError(`options.patterns: ${JSON.stringify(p)} is not a regular expression`);
    }
  }
  if (o.k8sNames !== undefined && typeof o.k8sNames !== 'boolean') throw new ArgError('options.k8sNames must be true or false');
  return {
    k8sNames: o.k8sNames === true,
    words: strList(o.words, 'options.words', 1000) ?? [],
    patterns,
    keep: strList(o.keep, 'options.keep', 10000) ?? [],
  };
}

export const shareArgs: ArgValidators<ShareApi> = {
  shareReview: (a) => (arity(a, 1, 2), [int(a[0], 'bundle id', 1), shareOptionsArg(a[1])]),
  shareBundle: (a) => (arity(a, 1, 2), [int(a[0], 'bundle id', 1), shareOptionsArg(a[1])]),
  unshareText: (a) => (arity(a, 1, 1), [str(a[0], 'text', 8 << 20)]),
};
