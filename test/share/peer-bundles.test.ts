import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../collector/fake-node';
import { hasSharedFixtures, sharedFixture, sharedSkipReason } from '../support/shared-fixtures';
import { cli, findingCounts, members } from './shared-bundle';

/**
 * Bundles other tools made in the field (../shared/fixtures/peer-bundles, read where they are), shared
 * as a site would share them: what identifies their sites must be gone, and what the shared copy says
 * must be what the original says.
 */
interface PeerCase {
  bundle: string;
  /** Values of the original that must not be in the shared copy (lower case). */
  gone: string[];
  /** Text of the original that must still be in the shared copy (words that are not the site's). */
  kept?: string[];
}

const CASES: PeerCase[] = [
  // Pods.json with `"secret":{…}` volumes (its pod-evicted finding was lost), kubeadm's token inside a ConfigMap.
  { bundle: 'sonobuoy-results-0.9.tar.gz', gone: [] },
  // The node's name only in uname -a and sysctl -a; users in ps; a MAC after an underscore; users
  // under /home/remote/ (miclark, klape), while "remote" stays a word ("remote syslog", remote-fs.target).
  { bundle: 'insights-client-heartbeat-archive.tar.gz', gone: ['vm218', 'gsslab.rdu2.redhat.com', '/home/rdu/', '5c:f3:fc:c1:28:7c', 'miclark', 'klape', '/home/remote/'], kept: ['remote-fs.target', 'remote syslog daemon'] },
  // nslookup's output quoted in e2e.log: "Server:\t\t10.96.0.10".
  { bundle: 'sonobuoy-results-4-e2e-failures.tar.gz', gone: ['10.96.0.10'] },
  // kotsadm's private keys as JSON strings (GLOBAL_SIGNING_KEY), a developer's home in a goroutine dump's build paths.
  { bundle: 'troubleshoot-v0.10-k3s-kots-support-bundle-2021-03-24T00_39_51.tar.gz', gone: ['salahalsaleh1993', 'miieogibaakcaqeaugykfzv2gidayi', 'miijjwibaakcageamugr3ekfmal+h3hv'] },
];

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasSharedFixtures)(`nodescope share of bundles made in the field${hasSharedFixtures ? '' : ` (${sharedSkipReason})`}`, () => {
  const work = tmpDir('share-peers');
  const db = path.join(work, 'ws.db');

  it.each(CASES)('$bundle: nothing identifying left, every JSON file still JSON, the same findings', ({ bundle, gone, kept = [] }) => {
    const original = sharedFixture(`peer-bundles/${bundle}`);
    const out = path.join(work, bundle.replace(/\.tar\.gz$/, '-shared.tar.gz'));
    cli(db, 'share', original, '-o', out, '--map', path.join(work, 'map.json'));
    const files = members(out);
    for (const [name, text] of files) {
      for (const value of gone) expect(`${name}\n${text}`.toLowerCase().includes(value), `${value} in ${name}`).toBe(false);
    }
    const all = [...files.values()].join('\n');
    for (const text of kept) expect(all, text).toContain(text);
    const originalJson = [...members(original)].filter(([name, text]) => name.endsWith('.json') && parsesAsJson(text)).length;
    const sharedJson = [...files].filter(([name, text]) => name.endsWith('.json') && name !== 'nodescope-share.json' && parsesAsJson(text)).length;
    expect(sharedJson).toBe(originalJson);
    cli(db, 'ingest', out);
    expect(findingCounts(db, out)).toEqual(findingCounts(db, original));
  }, 120_000);
});
