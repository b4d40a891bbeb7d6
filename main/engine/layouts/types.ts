import type { ArtifactKind } from '../../../shared/bundle-format';

/** The bundle makers nodescope recognises by their folder layout. */
export type LayoutName =
  | 'sosreport'
  | 'troubleshoot'
  | 'must-gather'
  | 'insights-operator'
  | 'insights-client'
  | 'rancher-logs-collector'
  | 'support-bundle-kit'
  | 'sonobuoy'
  | 'plain-commands';

/** Read access to a bundle's files once they are all in: paths (with the top folder) and capped text. */
export interface BundleFiles {
  readonly paths: readonly string[];
  /** Text of a file (or of an alias's target), at most a few MiB; null when absent. */
  text(path: string): string | null;
  /** Where a symbolic link of the bundle points, as stored (e.g. etc/localtime). */
  linkTarget(path: string): string | null;
}

/** A time and the file it was read from. */
export interface Dated {
  ms: number;
  from: string;
}

/** What a layout tells about the node (or nodes) a bundle was taken from. */
export interface LayoutFacts {
  hostname?: string;
  kernel?: string;
  os?: string;
  kubeletVersion?: string;
  containerRuntime?: string;
  timezone?: string;
  /** When the bundle was collected, from evidence inside it. */
  collectedAt?: Dated;
  /**
   * The newest heartbeat of the bundle's Node objects (their conditions' lastHeartbeatTime), and the
   * file: the cluster was reporting then. Not the collection time (a node that stopped reports nothing),
   * but what the files' own times must agree with (ingest/packed-again.ts).
   */
  newestHeartbeat?: Dated;
  /** The nodes of a bundle that holds several (must-gather, troubleshoot, sonobuoy). */
  nodes?: string[];
}

/**
 * One peer tool's bundle layout: which of its files are which of our kinds, how to recognise it, and
 * the node facts its files hold. One module per layout, each tested against a real bundle.
 */
export interface Layout {
  name: LayoutName;
  /** How the UI names it: "sosreport (sos)". */
  title: string;
  /** True when these paths are this tool's layout. */
  recognise(paths: readonly string[]): boolean;
  /** Kind of a file by its path in this layout; undefined leaves it to the generic guess. */
  kindOf(path: string): ArtifactKind | undefined;
  facts(files: BundleFiles): LayoutFacts;
}
