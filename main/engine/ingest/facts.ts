import type { BundleManifest } from '../../../shared/bundle-format';
import { artifactsOfKind, readArtifactText } from '../store/artifacts';
import type { Db } from '../store/workspace';

export interface Facts {
  hostname: string;
  collectedAt: string | null;
}

/**
 * Stores the node facts the rest of the engine looks up by key (table `facts`): from the manifest when
 * there is one, else what a plain bundle reveals (uname output), else the bundle's name.
 */
export function bundleFacts(db: Db, bundleId: number, manifest: BundleManifest | null, fallbackCollectedAt: string | null): Facts {
  const facts = new Map<string, string>();
  if (manifest) {
    const n = manifest.node;
    const add = (k: string, v: string | number | boolean | null | undefined): void => {
      if (v !== null && v !== undefined && v !== '') facts.set(k, String(v));
    };
    add('hostname', n.hostname);
    add('kernel', n.kernel);
    add('os', n.os);
    add('kubeletVersion', n.kubeletVersion);
    add('containerRuntime', n.containerRuntime);
    add('cgroupVersion', n.cgroupVersion);
    add('timezone', n.timezone);
    add('clockSynced', n.clockSynced);
    add('collectedAt', manifest.collection.startedAt);
    add('collectionEndedAt', manifest.collection.endedAt);
    add('collectorVersion', manifest.collector.version);
    add('collectedWithRoot', manifest.collection.root);
  } else {
    const uname = artifactsOfKind(db, bundleId, 'uname')[0];
    const fields = uname ? readArtifactText(db, uname.id).split(/\s+/) : [];
    if (fields[0] === 'Linux' && fields[1]) {
      facts.set('hostname', fields[1]);
      if (fields[2]) facts.set('kernel', fields[2]);
    }
    if (fallbackCollectedAt) facts.set('collectedAt', fallbackCollectedAt);
  }
  if (!facts.has('hostname')) {
    const row = db.prepare('SELECT node FROM bundles WHERE id = ?').get(bundleId) as { node: string };
    facts.set('hostname', row.node);
  }
  const insert = db.prepare('INSERT OR REPLACE INTO facts (bundle_id, key, value) VALUES (?, ?, ?)');
  for (const [k, v] of facts) insert.run(bundleId, k, v);
  return { hostname: facts.get('hostname') as string, collectedAt: facts.get('collectedAt') ?? null };
}
