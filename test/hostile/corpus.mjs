// The hostile corpus of issue 13, generated on demand (nothing large is committed): one bundle per case
// the attack run found, written into a folder. Used by `npm run bench hostile`; runnable alone:
//   node test/hostile/corpus.mjs OUT_DIR
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import jsYaml from 'js-yaml';
import tar from 'tar-stream';

const root = path.resolve(import.meta.dirname, '..', '..');
const MB = 1024 * 1024;
const PLEG =
  '2026-11-05T09:50:27.583544+0000 node1 kubelet[548093]: E1105 09:50:27.583544  548093 kubelet.go:1829] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 58h29m3.043779855s ago; threshold is 3m0s]\n';

async function tarOf(entries, gzip = true) {
  const pack = tar.pack();
  const parts = [];
  pack.on('data', (c) => parts.push(c));
  const done = new Promise((res) => pack.on('end', res));
  for (const e of entries) {
    const body = typeof e.content === 'string' ? Buffer.from(e.content) : e.content ?? Buffer.alloc(0);
    await new Promise((res, rej) => pack.entry({ name: e.name, size: body.length, mtime: new Date('2026-11-05T10:00:00Z') }, body, (err) => (err ? rej(err) : res())));
  }
  pack.finalize();
  await done;
  const raw = Buffer.concat(parts);
  return gzip ? zlib.gzipSync(raw) : raw;
}

function manifest(items, node = {}) {
  return JSON.stringify({
    format: 'nodescope-bundle',
    formatVersion: 1,
    collector: { name: 'nodescope-collect.sh', version: '0.1.0', scriptSha256: 'a'.repeat(64) },
    node: { hostname: 'node1', kernel: '5.10.0', os: 'Debian', timezone: 'UTC', cgroupVersion: 2, ...node },
    collection: { startedAt: '2026-11-05T10:00:00Z', endedAt: '2026-11-05T10:01:00Z', options: {} },
    items: items.map((i) => ({ kind: 'text', exitCode: 0, timedOut: false, truncated: false, ...i })),
    redactions: [],
  });
}

/** gzip of n bytes of zeros, streamed (never n bytes in memory): ~1 MB per GiB. */
export async function zerosGz(n) {
  const gz = zlib.createGzip({ level: 9 });
  const parts = [];
  gz.on('data', (c) => parts.push(c));
  const done = new Promise((res) => gz.on('end', res));
  const zero = Buffer.alloc(MB);
  for (let left = n; left > 0; left -= MB) if (!gz.write(left >= MB ? zero : zero.subarray(0, left))) await new Promise((r) => gz.once('drain', r));
  gz.end();
  await done;
  return Buffer.concat(parts);
}

/** Each case: a file name and how to make it. */
export const CASES = {
  'goroutine sniffer: three 1 MB files of "goroutine 1 [" lines': async () =>
    tarOf([1, 2, 3].map((i) => ({ name: `dumps/dump-${i}.txt`, content: 'goroutine 1 [\n'.repeat(Math.ceil(MB / 14)) }))),
  'debug=1 frame regex: one 500 KB symbol line': async () =>
    tarOf([{ name: 'pprof/kubelet/goroutine-debug1.txt', content: `goroutine profile: total 1\n1 @ 0x1\n#\t0x1\t${'a+0x1\t'.repeat((500 * 1024) / 6)}x.go:1\n` }]),
  'parseVersion: kubeletVersion of 300 000 digits, with a PLEG line': async () =>
    tarOf([
      { name: 'nodescope-node1-20261105T100000Z/manifest.json', content: manifest([{ path: 'logs/journal/kubelet.service.log', kind: 'journal' }], { kubeletVersion: '9'.repeat(300_000) }) },
      { name: 'nodescope-node1-20261105T100000Z/logs/journal/kubelet.service.log', content: PLEG },
    ]),
  'firewalld and conntrack: 4 MB of blanks / letters': async () =>
    tarOf([
      { name: 'network/firewalld.txt', content: ' \n'.repeat(2 * MB) },
      { name: 'network/conntrack-stats.txt', content: 'a'.repeat(4 * MB) },
    ]),
  'decompression bomb: six .gz logs of 1 GiB of zeros, and a pprof one': async () => {
    const bomb = await zerosGz(1024 * MB);
    return tarOf([
      ...[1, 2, 3, 4, 5, 6].map((i) => ({ name: `logs/messages-2026110${i}.gz`, content: bomb })),
      { name: 'pprof/kubelet/heap.pb.gz', content: bomb },
    ]);
  },
  'phantom manifest: 900 000 items that are not there': async () =>
    tarOf([{ name: 'b/manifest.json', content: manifest(Array.from({ length: 900_000 }, (_, i) => ({ path: `x/${i}` }))) }, { name: 'b/logs/a.log', content: 'a\n' }]),
  'phantom manifest: 50 000 items (the most allowed) that are not there': async () =>
    tarOf([{ name: 'b/manifest.json', content: manifest(Array.from({ length: 50_000 }, (_, i) => ({ path: `x/${i}` }))) }, { name: 'b/logs/a.log', content: 'a\n' }]),
  'demo bundle cut before its gzip trailer': async () => {
    const out = spawnSync('tar', ['czf', '-', '-C', path.join(root, 'test', 'demo'), 'nodescope-demo-worker-1'], { maxBuffer: 1 << 28 });
    return out.stdout.subarray(0, out.stdout.length - 8);
  },
  '10 000-entry archive cut at 70%': async () => {
    const gz = await tarOf(Array.from({ length: 10_000 }, (_, i) => ({ name: `b/logs/f${i}.log`, content: `line ${i}\n`.repeat(1 + (i % 7)) })));
    return gz.subarray(0, Math.floor(gz.length * 0.7));
  },
  'goroutine leak: a kubelet debug=2 dump of 300 MB (1.1 M goroutines)': async () => {
    const goroutine = (i) =>
      `goroutine ${i} [chan receive, ${i % 90} minutes]:\nk8s.io/client-go/tools/cache.(*Reflector).watchHandler(0xc000${(i % 4096).toString(16)})\n\t/src/k8s.io/client-go/tools/cache/reflector.go:${300 + (i % 7)} +0x1d\ncreated by k8s.io/client-go/tools/cache.(*Reflector).ListAndWatch in goroutine 1\n\t/src/k8s.io/client-go/tools/cache/reflector.go:250 +0x55\n\n`;
    const parts = [];
    for (let i = 1, size = 0; size < 300 * MB; i++) {
      parts.push(Buffer.from(goroutine(i)));
      size += parts.at(-1).length;
    }
    return tarOf([{ name: 'b/pprof/kubelet/goroutine-debug2.txt', content: Buffer.concat(parts) }]);
  },
  'a cluster of 50 000 pods in 500 per-namespace listings (67 MB of JSON, troubleshoot layout)': async () =>
    tarOf(
      Array.from({ length: 500 }, (_, ns) => ({
        name: `b/cluster-resources/pods/ns-${ns}.json`,
        content: JSON.stringify({
          kind: 'PodList',
          items: Array.from({ length: 100 }, (_, i) => ({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: `web-${ns}-${i}`, namespace: `ns-${ns}`, uid: `u-${ns}-${i}`, labels: { app: 'web', tier: 'x'.repeat(200) } },
            spec: { containers: [{ name: 'app', image: 'nginx:1.25', args: ['a'.repeat(500)] }] },
            status: { phase: i % 10 ? 'Running' : 'Failed', reason: i % 10 ? undefined : 'Evicted', message: 'm'.repeat(300), containerStatuses: [{ name: 'app', restartCount: i, ready: true, state: { running: { startedAt: '2026-11-05T10:00:00Z' } } }] },
          })),
        }),
      })),
    ),
  'a node of 30 000 processes (150 000 per-process files, a tenth zombies)': async () =>
    tarOf(
      Array.from({ length: 30_000 }, (_, k) => {
        const pid = k + 2;
        const state = pid % 10 === 0 ? 'Z' : 'S';
        return [
          { name: `b/proc/${pid}/stat`, content: `${pid} (worker${pid % 50}) ${state} 1 ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${pid % 100} ${pid % 37} 0 0 20 0 1 0 ${1000 + pid} 1000000 100\n` },
          { name: `b/proc/${pid}/status`, content: `Name:\tworker${pid % 50}\nState:\t${state === 'Z' ? 'Z (zombie)' : 'S (sleeping)'}\nPid:\t${pid}\nPPid:\t1\nThreads:\t1\n` },
          { name: `b/proc/${pid}/cmdline`, content: `/usr/bin/worker\0--id=${pid}\0` },
          { name: `b/proc/${pid}/wchan`, content: 'do_wait' },
          { name: `b/proc/${pid}/cgroup`, content: `0::/kubepods/burstable/pod${pid % 300}/c${pid}\n` },
        ];
      }).flat(),
    ),
  // kubectl get -A -o json of a large cluster, one listing per kind: past the 16 MiB read whole, each
  // is read object by object (up to 64 MiB: the events in part), and a crash-loop finding quotes its event lines.
  'a cluster in two listings: 63 MiB of pods (17,000), 81 MiB of events (110,000)': async () => {
    const pod = (i) => ({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: `app-${i}-7d9f8c6b5-x2k4p`, namespace: `ns-${i % 300}`, uid: `uid-${i}`, labels: { app: `app-${i}` }, ownerReferences: [{ kind: 'ReplicaSet', name: `app-${i}-7d9f8c6b5`, uid: `rs-${i}`, controller: true }] },
      spec: { nodeName: `node-${i % 50}`, containers: [{ name: 'app', image: `registry.example.com/team/app:1.2.${i}`, env: Array.from({ length: 12 }, (_, k) => ({ name: `ENV_${k}`, value: `value-${k}` })), resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
      status: { phase: i % 20 ? 'Running' : 'Pending', qosClass: 'Burstable', containerStatuses: [{ name: 'app', ready: true, restartCount: i % 7, image: `registry.example.com/team/app:1.2.${i}`, containerID: `containerd://${`ab${i}`.padEnd(64, '0')}`, state: { running: { startedAt: '2026-11-05T09:00:10Z' } } }] },
    });
    const event = (i) => ({
      apiVersion: 'v1', kind: 'Event', metadata: { name: `app-${i}.17a3${i}`, namespace: `ns-${i % 300}` },
      involvedObject: { kind: 'Pod', name: `app-${i % 16000}-7d9f8c6b5-x2k4p`, namespace: `ns-${i % 300}` },
      reason: i % 3 ? 'BackOff' : 'Pulled', message: i % 3 ? `Back-off restarting failed container app in pod app-${i}` : `Successfully pulled image registry.example.com/team/app:1.2.${i}`,
      count: (i % 9) + 1, firstTimestamp: '2026-11-05T09:00:00Z', lastTimestamp: '2026-11-05T09:59:00Z', type: i % 3 ? 'Warning' : 'Normal', source: { component: 'kubelet', host: `node-${i % 50}` },
    });
    const listing = (n, item) => Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array.from({ length: n }, (_, i) => item(i)) }, null, 4));
    return tarOf([
      { name: 'b/k8s/pods.json', content: listing(17_000, pod) },
      { name: 'b/k8s/events.json', content: listing(110_000, event) },
    ]);
  },
  // oc adm must-gather of a namespace of 20,000 pods: its core/pods.yaml and events.yaml past the 16 MiB
  // read whole (a must-gather pod is 20-60 KB of YAML), read object by object; 1,000 pods crash-loop.
  'a must-gather namespace: 24 MiB of pods.yaml (20,000), 25 MiB of events.yaml (60,000)': async () => {
    const top = 'must-gather.local.1/quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-abc';
    const PODS = 20_000;
    const pod = (i) => ({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: `app-${i}-7d9f8c6b5-x2k4p`, namespace: 'big', uid: `uid-${i}`, labels: { app: `app-${i}` }, annotations: { 'k8s.v1.cni.cncf.io/network-status': `[{\n    "name": "openshift-sdn",\n    "ips": ["10.128.${i % 250}.${i % 200}"],\n    "default": true\n}]` } },
      spec: { nodeName: `node-${i % 50}`, containers: [{ name: 'app', image: `registry.example.com/team/app:1.2.${i}`, command: ['/bin/sh', '-c', `set -e\n\n# start\nexec /app --id=${i}\n`], env: Array.from({ length: 12 }, (_, k) => ({ name: `ENV_${k}`, value: `value-${k}` })) }] },
      status: { phase: i % 20 ? 'Running' : 'Pending', containerStatuses: [{ name: 'app', ready: i % 20 !== 0, restartCount: i % 20 ? 0 : 40, state: i % 20 ? { running: { startedAt: '2026-11-05T09:00:10Z' } } : { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=app pod=app-${i}-7d9f8c6b5-x2k4p_big(uid-${i})` } } }] },
    });
    const event = (i) => ({
      apiVersion: 'v1', kind: 'Event', metadata: { name: `app-${i}.17a3${i}`, namespace: 'big' },
      involvedObject: { kind: 'Pod', name: `app-${(i * 20) % PODS}-7d9f8c6b5-x2k4p`, namespace: 'big' },
      reason: i % 3 ? 'BackOff' : 'Pulled', message: i % 3 ? `Back-off restarting failed container app in pod app-${(i * 20) % PODS}-7d9f8c6b5-x2k4p_big` : `Successfully pulled image "registry.example.com/team/app:1.2.${i}"`,
      count: (i % 9) + 1, firstTimestamp: '2026-11-05T09:00:00Z', lastTimestamp: '2026-11-05T09:59:00Z', type: i % 3 ? 'Warning' : 'Normal', source: { component: 'kubelet', host: `node-${i % 50}` },
    });
    // As kubectl writes it: `---`, the items' dashes at the left margin, no line folding.
    const listing = (n, item) => Buffer.from(`---\n${jsYaml.dump({ apiVersion: 'v1', items: Array.from({ length: n }, (_, i) => item(i)), kind: 'List', metadata: { resourceVersion: '' } }, { noArrayIndent: true, lineWidth: -1 })}`);
    return tarOf([
      { name: `${top}/cluster-scoped-resources/core/nodes/node-1.yaml`, content: 'apiVersion: v1\nkind: Node\nmetadata:\n  name: node-1\n' },
      { name: `${top}/namespaces/big/core/pods.yaml`, content: listing(PODS, pod) },
      { name: `${top}/namespaces/big/core/events.yaml`, content: listing(60_000, event) },
    ]);
  },
  // A node's support bundle zip (as Harvester's) downloaded to 40%: its directory, written last (a third
  // of a zip of 20,000 small files), is lost; zip writes to a pipe as Go's archive/zip does, each
  // entry's sizes after its data.
  'a node zip of 20,000 logs cut at 40% (its directory lost)': async () => {
    const tree = fs.mkdtempSync(path.join(root, '.nodescope-bench', 'zip-tree-'));
    try {
      for (let d = 0; d < 100; d++) {
        const folder = path.join(tree, 'node1', 'logs', `pod-${d}`);
        fs.mkdirSync(folder, { recursive: true });
        for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(folder, `${i}.log`), `Dec  1 10:00:00 node1 app[1]: request ${d}-${i} served\n`.repeat(1 + (i % 7)));
      }
      const zip = spawnSync('zip', ['-qr', '-', 'node1'], { cwd: tree, maxBuffer: 1 << 28 });
      if (zip.status !== 0) throw new Error(`zip failed: ${zip.stderr}`);
      return zip.stdout.subarray(0, Math.floor(zip.stdout.length * 0.4));
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  },
  // A cluster's tarball holding a node's zip of 120 MB (a core file, then the node's logs): the zip was
  // read whole into memory to be opened by its directory.
  "a cluster tarball holding a node's 120 MB zip": async () => {
    const tree = fs.mkdtempSync(path.join(root, '.nodescope-bench', 'zip-tree-'));
    try {
      fs.mkdirSync(path.join(tree, 'node1', 'logs'), { recursive: true });
      fs.writeFileSync(path.join(tree, 'node1', 'core.1'), crypto.randomBytes(120 * MB));
      fs.writeFileSync(path.join(tree, 'node1', 'logs', 'kubelet.log'), PLEG);
      const zip = spawnSync('zip', ['-qr', '-', 'node1'], { cwd: tree, maxBuffer: 1 << 28 });
      if (zip.status !== 0) throw new Error(`zip failed: ${zip.stderr}`);
      return tarOf([{ name: 'cluster/nodes/node1.zip', content: zip.stdout }]);
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  },
  // /var/log archived with tar -S, its lastlog 1 TiB of holes (a uid near 2^32 makes one that long): GNU
  // tar stores the map and no data, a few hundred bytes a reader expands to 1 TiB of zeros.
  'sparse bomb: tar -S of a 1 TiB file of holes, then a log': async () => {
    fs.mkdirSync(path.join(root, '.nodescope-bench'), { recursive: true });
    const tree = fs.mkdtempSync(path.join(root, '.nodescope-bench', 'sparse-tree-'));
    try {
      const log = path.join(tree, 'var', 'log');
      fs.mkdirSync(log, { recursive: true });
      fs.writeFileSync(path.join(log, 'lastlog'), '');
      fs.truncateSync(path.join(log, 'lastlog'), 1024 ** 4);
      fs.writeFileSync(path.join(log, 'syslog'), PLEG);
      const t = spawnSync('tar', ['-S', '-czf', '-', '-C', tree, 'var/log/lastlog', 'var/log/syslog'], { maxBuffer: 1 << 24 });
      if (t.status !== 0) throw new Error(`tar failed: ${t.stderr}`);
      return t.stdout;
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  },
};

/** Writes every case (once: kept while the generator is unchanged) and returns [label, file] pairs. */
export async function writeCorpus(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const out = [];
  let n = 0;
  for (const [label, make] of Object.entries(CASES)) {
    const file = path.join(dir, `case-${++n}.tar.gz`);
    if (!fs.existsSync(file)) fs.writeFileSync(file, await make());
    out.push([label, file]);
  }
  return out;
}

if (process.argv[1] === import.meta.filename) {
  for (const [label, file] of await writeCorpus(process.argv[2] ?? 'hostile-corpus')) console.log(`${file}\t${fs.statSync(file).size} bytes\t${label}`);
}
