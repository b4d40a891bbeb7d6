import type { BundleManifest } from '../bundle-format';
import { arity, int, optInt, str, type ArgValidators } from './args';

export type BundleId = number;
export type Severity = 'critical' | 'warning' | 'info';
export type LogLevel = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

export interface FindingCounts {
  critical: number;
  warning: number;
  info: number;
}

export interface BundleSummary {
  id: BundleId;
  sha256: string;
  /** File or folder name the bundle was opened from. */
  name: string;
  node: string;
  /** ISO UTC; from the manifest, or null for a plain archive. */
  collectedAt: string | null;
  ingestedAt: string;
  sizeBytes: number;
  /** 'manifest' when the bundle came from the collector, 'plain' for any other tarball or folder. */
  format: 'manifest' | 'plain';
  /** Some entries could not be read (see BundleDetail.errors). */
  incomplete: boolean;
  /** The peer tool whose layout a plain bundle was recognised as ("sosreport (sos)"), else null. */
  layout: string | null;
  findingCounts: FindingCounts;
  /**
   * The findings were made by an older rule set (nodescope was upgraded since): the app and
   * `nodescope serve` diagnose the bundle again in the background and replace them when done.
   */
  findingsFromOlderRules: boolean;
}

export interface IngestError {
  /** The entry the problem is about, or null for the archive as a whole. */
  path: string | null;
  message: string;
}

/** One manifest item that did not arrive whole: skipped, timed out, truncated or failed. */
export interface CompletenessGap {
  path: string;
  kind: string;
  problem: 'skipped' | 'timed-out' | 'truncated' | 'failed' | 'missing';
  detail: string;
}

export interface BundleDetail extends BundleSummary {
  manifest: BundleManifest | null;
  facts: Record<string, string>;
  errors: IngestError[];
  /** Artifacts with no manifest entry, whose kind was guessed from path and content (each is marked in the artifact list). */
  guessedCount: number;
  completeness: CompletenessGap[];
  artifactCount: number;
  logLineCount: number;
}

export interface ArtifactSummary {
  path: string;
  kind: string;
  kindGuessed: boolean;
  bytes: number;
  sha256: string;
  lineCount: number;
  /** Cut by the collector (its byte cap) or by the app's per-entry cap. */
  truncated: boolean;
  command: string | null;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number | null;
  stderrPath: string | null;
  status: string | null;
}

export interface ArtifactContent {
  path: string;
  /** Byte offset of the first byte returned. */
  offset: number;
  totalBytes: number;
  /** 'text' when the bytes are valid UTF-8, else 'base64'. */
  encoding: 'text' | 'base64';
  data: string;
}

export interface IngestProgress {
  bytesRead: number;
  totalBytes: number;
  entries: number;
  currentPath: string | null;
  /**
   * The bundle, once it is in the workspace: its findings, logs and search are ready. The ingest then
   * only counts its log lines by template, which readies compare.
   */
  published: BundleId | null;
}

export interface IngestResult {
  id: BundleId;
  node: string;
  status: 'new' | 'known';
  incomplete: boolean;
  errors: IngestError[];
  /** Artifacts with no manifest entry, whose kind was guessed from path and content (each is marked in the artifact list). */
  guessedCount: number;
}

export interface BundlesApi {
  listBundles(): Promise<BundleSummary[]>;
  getBundle(id: BundleId): Promise<BundleDetail>;
  removeBundle(id: BundleId): Promise<void>;
  listArtifacts(id: BundleId): Promise<ArtifactSummary[]>;
  /** Byte-exact content of an artifact, from offset, at most `length` bytes (default 1 MiB). */
  readArtifact(id: BundleId, path: string, offset?: number, length?: number): Promise<ArtifactContent>;
}

export const bundlesArgs: ArgValidators<BundlesApi> = {
  listBundles: (a) => (arity(a, 0, 0), []),
  getBundle: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  removeBundle: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  listArtifacts: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  readArtifact: (a) => (
    arity(a, 2, 4),
    [int(a[0], 'bundle id', 1), str(a[1], 'artifact path'), optInt(a[2], 'offset'), optInt(a[3], 'length', 1, 16 << 20)]
  ),
};
