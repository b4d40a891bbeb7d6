import type { BundleManifest } from '../../../shared/bundle-format';
import type { LayoutFacts, LayoutName } from '../layouts';
import { fromUname } from '../layouts/commands';
import { artifactsOfKind, readParsedText } from '../store/artifacts';
import { hostFromLogLines } from './log-host';
import type { Db } from '../store/workspace';

export interface Facts {
  hostname: string;
  collectedAt: string | null;
}

/** The peer layout a bundle without a manifest was recognised as, and what its files said. */
export interface LayoutInfo {
  name: LayoutName;
  title: string;
  facts: LayoutFacts;
}

/** How the bundle was read, beyond the node: how its year-less stamps were dated, what its links became. */
export interface ReadingNotes {
  timeSource: string;
  links: string | null;
}

/** The node facts a manifest and a peer layout both state, under the same keys. */
const NODE_FACT_KEYS = ['hostname', 'kernel', 'os', 'kubeletVersion', 'containerRuntime', 'timezone'] as const;

/**
 * Stores the node facts the rest of the engine looks up by key (table `facts`): from the manifest when
 * there is one, else what a peer layout's files say (sos's uname and os-release, a cluster bundle's
 * Node objects), else uname output anywhere in the bundle, else the one host its syslog and journal
 * lines name, else the bundle's name.
 */
export function bundleFacts(
  db: Db,
  bundleId: number,
  manifest: BundleManifest | null,
  fallbackCollectedAt: string | null,
  layout: LayoutInfo | null = null,
  notes: ReadingNotes | null = null,
): Facts {
  const facts = new Map<string, string>();
  const add = (k: string, v: string | number | boolean | null | undefined): void => {
    if (v !== null && v !== undefined && v !== '' && !facts.has(k)) facts.set(k, String(v));
  };
  if (manifest) {
    const n = manifest.node;
    for (const k of NODE_FACT_KEYS) add(k, n[k]);
    add('cgroupVersion', n.cgroupVersion);
    add('clockSynced', n.clockSynced);
    add('collectedAt', manifest.collection.startedAt);
    add('collectedAtFrom', 'the manifest (collection.startedAt)');
    add('collectionEndedAt', manifest.collection.endedAt);
    add('collectorVersion', manifest.collector.version);
    add('collectedWithRoot', manifest.collection.root);
  } else {
    if (layout) {
      const f = layout.facts;
      add('layout', layout.title);
      add('layoutName', layout.name);
      for (const k of NODE_FACT_KEYS) add(k, f[k]);
      if (f.collectedAt) {
        add('collectedAt', new Date(f.collectedAt.ms).toISOString());
        add('collectedAtFrom', f.collectedAt.from);
      }
      if (f.nodes?.length) add('nodes', f.nodes.join(', '));
    }
    const uname = artifactsOfKind(db, bundleId, 'uname')[0];
    const unameText = uname ? readParsedText(db, uname.id) : null;
    const u = unameText !== null ? fromUname(unameText) : {};
    add('hostname', u.hostname);
    if (!layout?.facts.nodes?.length) add('hostname', hostFromLogLines(db, bundleId));
    add('kernel', u.kernel);
    // A time the bundle's files do not state (archive or entry times): no collectedAtFrom, so rules do
    // not take it as evidence of when the node was looked at.
    add('collectedAt', fallbackCollectedAt);
  }
  if (notes) {
    add('timeSource', notes.timeSource);
    add('links', notes.links);
  }
  if (!facts.has('hostname')) {
    const row = db.prepare('SELECT node FROM bundles WHERE id = ?').get(bundleId) as { node: string };
    const nodes = layout?.facts.nodes;
    facts.set('hostname', nodes && nodes.length > 1 ? `${row.node} (${nodes.length} nodes)` : row.node);
  }
  const insert = db.prepare('INSERT OR REPLACE INTO facts (bundle_id, key, value) VALUES (?, ?, ?)');
  for (const [k, v] of facts) insert.run(bundleId, k, v);
  return { hostname: facts.get('hostname') as string, collectedAt: facts.get('collectedAt') ?? null };
}
