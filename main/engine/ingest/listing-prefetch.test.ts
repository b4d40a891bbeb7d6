import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tarball';

/**
 * The kubectl listings of a bundle are parsed by the compiled listing worker while the ingest reads
 * (test/global-setup.ts builds dist/): driven here by a child process on dist/, as the CLI runs it,
 * which counts the parses made on the ingest's own thread.
 */
const REPO = path.resolve(__dirname, '..', '..', '..');
const DIST = path.join(REPO, 'dist', 'main', 'engine');

const tmp = tempDir('nodescope-listings-');
const dir = tmp.dir;
afterAll(tmp.cleanup);

const pod = (ns: string, name: string, reason: string) => `- apiVersion: v1
  kind: Pod
  metadata:
    name: ${name}
    namespace: ${ns}
    creationTimestamp: "2026-11-05T09:00:00Z"
  spec:
    nodeName: ip-10-0-1-12.ec2.internal
  status:
    phase: Running
    containerStatuses:
    - name: app
      restartCount: 42
      ready: false
      state:
        waiting:
          reason: ${reason}
`;

/** A must-gather's namespaces, each with its pods.yaml and events.yaml (kubectl -o yaml). */
function mustGather(root: string): void {
  const ns = (name: string, pods: string, events: string) => {
    const core = path.join(root, 'namespaces', name, 'core');
    fs.mkdirSync(core, { recursive: true });
    fs.writeFileSync(path.join(core, 'pods.yaml'), pods);
    fs.writeFileSync(path.join(core, 'events.yaml'), events);
  };
  const list = (items: string) => `apiVersion: v1\nitems:\n${items}kind: List\nmetadata:\n  resourceVersion: ""\n`;
  for (let n = 0; n < 6; n++) {
    const pods = Array.from({ length: 40 }, (_, i) => pod(`team-${n}`, `web-${n}-${i}`, i % 3 ? 'CrashLoopBackOff' : 'ContainerCreating')).join('');
    const events = Array.from({ length: 40 }, (_, i) => `- apiVersion: v1
  kind: Event
  metadata:
    name: web-${n}-${i}.17a
    namespace: team-${n}
  involvedObject:
    kind: Pod
    name: web-${n}-${i}
  reason: BackOff
  message: Back-off restarting failed container app in pod web-${n}-${i}
  type: Warning
  count: ${i + 1}
  lastTimestamp: "2026-11-05T09:${String(i).padStart(2, '0')}:00Z"
`).join('');
    ns(`team-${n}`, list(pods), list(events));
  }
  // Values JSON cannot carry, a key that is a prototype's name, and a document of aliases that expands
  // past its own size: the worker's answer must be the very one the rules' own parse gives.
  ns('odd', list(`- apiVersion: v1
  kind: Pod
  metadata: {name: odd, namespace: odd, labels: {__proto__: polluted, when: 2026-11-05}}
  status:
    phase: .nan
    weights: [.inf, -.inf, -0.0, 0x1F, 12345678901234567890]
    note: |
      two
      lines
`), list(''));
  ns('aliases', `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nitems: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n`, 'items: [a listing\n');
}

const CHILD = `
const util = require('node:util');
const objects = require(${JSON.stringify(path.join(DIST, 'k8s', 'objects.js'))});
const parse = objects.parseObjectList;
const parseChunks = objects.parseListingChunks;
let parsedHere = 0;
objects.parseListingChunks = (...args) => { parsedHere++; return parseChunks(...args); };
const { openWorkspace } = require(${JSON.stringify(path.join(DIST, 'store', 'workspace.js'))});
const { ingestBundle } = require(${JSON.stringify(path.join(DIST, 'ingest', 'ingest.js'))});
const { LISTING_KINDS, mapListingBytes } = require(${JSON.stringify(path.join(DIST, 'k8s', 'api.js'))});
const { artifactsOfKind, readArtifactText } = require(${JSON.stringify(path.join(DIST, 'store', 'artifacts.js'))});
const { cachedParse } = require(${JSON.stringify(path.join(DIST, 'store', 'parsed-cache.js'))});
(async () => {
  const db = openWorkspace(process.argv[1]);
  const r = await ingestBundle(db, process.argv[2]);
  const findings = db.prepare('SELECT rule FROM findings WHERE bundle_id = ?').pluck().all(r.id);
  const duringIngest = parsedHere;
  const listings = artifactsOfKind(db, r.id, ...LISTING_KINDS).map((a) => {
    let parsedNow = false;
    // Held as the rules read them: each object mapped (a pod to its row) as soon as its listing is parsed.
    const text = () => readArtifactText(db, a.id);
    const held = cachedParse(a, 'k8s-list', () => { parsedNow = true; return mapListingBytes(a.kind, Buffer.from(text())).list; });
    const fresh = parse(text());
    return { path: a.path, kind: a.kind, parsedNow, same: util.isDeepStrictEqual(held, mapListingBytes(a.kind, Buffer.from(text())).list), items: fresh.items.length, error: fresh.error };
  });
  process.stdout.write(JSON.stringify({ duringIngest, findings, listings }));
})().catch((e) => { process.stderr.write(String(e.stack)); process.exit(1); });
`;

describe("a must-gather's kubectl listings", () => {
  it('are parsed off the ingest\'s thread, to the very objects the rules would have parsed themselves', () => {
    const root = path.join(dir, 'must-gather.local.5678', 'quay-io-openshift-release-dev');
    mustGather(root);
    const bundle = path.join(dir, 'mg.tar.gz');
    expect(spawnSync('tar', ['-czf', bundle, '-C', dir, 'must-gather.local.5678']).status).toBe(0);
    const r = spawnSync(process.execPath, ['-e', CHILD, path.join(dir, 'ws.db'), bundle], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as {
      duringIngest: number;
      findings: string[];
      listings: { path: string; kind: string; parsedNow: boolean; same: boolean; items: number; error: string | null }[];
    };
    // 8 namespaces, a pods.yaml and an events.yaml each.
    expect(got.listings).toHaveLength(16);
    expect(got.duringIngest).toBe(0);
    // The rules read them (crash-looping pods make a finding), from what the worker parsed.
    expect(got.findings).toContain('crashloop-backoff');
    expect(got.listings.filter((l) => l.parsedNow)).toEqual([]);
    expect(got.listings.filter((l) => !l.same)).toEqual([]);
    expect(got.listings.find((l) => l.path.endsWith('team-0/core/pods.yaml'))?.items).toBe(40);
    expect(got.listings.find((l) => l.path.endsWith('odd/core/pods.yaml'))).toMatchObject({ items: 1, error: null });
    expect(got.listings.find((l) => l.path.endsWith('aliases/core/pods.yaml'))?.error).toMatch(/aliases expand it past its own size/);
    expect(got.listings.find((l) => l.path.endsWith('aliases/core/events.yaml'))?.error).toMatch(/^not YAML/);
  });
});
