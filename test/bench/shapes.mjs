// Bundle shapes the foundation generator lacks, written by this script (cached under .nodescope-bench/):
// - churn: a node that churns pods: thousands of distinct pods and containers, each failing in its own
//   line (CrashLoopBackOff, SIGKILL, orphaned volumes, pull errors, OOM kills, hung tasks), thousands of
//   small pod log files, some 50 KB JSON lines;
// - iptables: one giant iptables-save.txt (kube-proxy's shape: a chain and a few rules per service);
// - single-line: one file that is one line with no end (kubectl get pods -o json, compact).
// Sizes are uncompressed bytes; ids are deterministic (seeded), so a size always gives the same file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import tar from 'tar-stream';

const START = Date.parse('2026-11-05T00:00:00Z');

export function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
export const hex = (r, n) => {
  let s = '';
  while (s.length < n) s += Math.floor(r() * 2 ** 32).toString(16).padStart(8, '0');
  return s.slice(0, n);
};
export const uuid = (r) => { const h = hex(r, 32); return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`; };
const iso = (t) => new Date(t).toISOString();
const journalTime = (t) => `${iso(t).replace('Z', '')}123+0000`;
const klogTime = (t) => {
  const d = new Date(t);
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000`;
};

/** A tarball writer: entries are added one at a time, in memory only one entry's body. */
export function tarball(file) {
  const pack = tar.pack();
  const out = fs.createWriteStream(`${file}.part`);
  const done = new Promise((resolve, reject) => out.on('finish', resolve).on('error', reject));
  pack.pipe(zlib.createGzip({ level: 6 })).pipe(out);
  return {
    add: (name, body) => new Promise((res, rej) => pack.entry({ name, size: body.length }, body, (e) => (e ? rej(e) : res()))),
    /** A big entry written piece by piece (the generator never holds it whole). */
    stream: async (name, size, pieces) => {
      let sent = 0;
      const entry = pack.entry({ name, size });
      for (const piece of pieces) {
        const part = piece.length + sent > size ? piece.subarray(0, size - sent) : piece;
        sent += part.length;
        if (!entry.write(part)) await new Promise((r) => entry.once('drain', r));
        if (sent >= size) break;
      }
      entry.end();
      await new Promise((r) => entry.once('finish', r));
    },
    finish: async () => {
      pack.finalize();
      await done;
      fs.renameSync(`${file}.part`, file);
    },
  };
}

export function manifest(node, items) {
  return Buffer.from(JSON.stringify({
    format: 'nodescope-bundle',
    formatVersion: 1,
    collector: { name: 'bench-generator', version: '0', scriptSha256: '0'.repeat(64) },
    node: { hostname: node, kernel: '5.10.0', timezone: 'UTC', cgroupVersion: 2 },
    collection: { startedAt: '2026-11-05T10:00:00Z', endedAt: '2026-11-05T10:01:00Z', options: {} },
    items: items.map(([p, kind]) => ({ path: p, kind, exitCode: 0, timedOut: false, truncated: false })),
  }));
}

const mib = (bytes) => `${Math.round(bytes / 2 ** 20)}MiB`;

/** Lines of a churning node's kubelet/containerd journals and dmesg: every failure names its own pod/container. */
const CHURN_LINES = {
  kubelet: (t, r, i) => {
    const pod = `web-${i}-${hex(r, 5)}`;
    const uid = uuid(r);
    const k = `${journalTime(t)} churn-node kubelet[2101]: `;
    switch (i % 6) {
      case 0: return `${k}E${klogTime(t)}    2101 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app-${i}\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=app-${i} pod=${pod}_default(${uid})\\"" pod="default/${pod}" podUID="${uid}"`;
      case 1: return `${k}E${klogTime(t)}    2101 kubelet_volumes.go:245] "There were many similar errors. Turn up verbosity to see them." err="orphaned pod \\"${uid}\\" found, but volume paths are still present on disk" numErrs=3`;
      case 2: return `${k}E${klogTime(t)}    2101 remote_runtime.go:432] "ContainerStatus from runtime service failed" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded" containerID="${hex(r, 64)}"`;
      case 3: return `${k}E${klogTime(t)}    2101 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app\\" with ErrImagePull: \\"Failed to pull image \\"registry.example/team-${i}/app:${hex(r, 7)}\\": rpc error: code = NotFound\\"" pod="default/${pod}"`;
      case 4: return `${k}I${klogTime(t)}    2101 kubelet.go:2453] "SyncLoop (PLEG): event for pod" pod="default/${pod}" event={"ID":"${uid}","Type":"ContainerDied","Data":"${hex(r, 64)}"}`;
      default: return `${k}W${klogTime(t)}    2101 prober.go:104] "Probe failed" probeType="Liveness" pod="default/${pod}" podUID="${uid}" containerName="app" probeResult="failure" output="HTTP probe failed with statuscode: 503"`;
    }
  },
  containerd: (t, r, i) => {
    const c = `${journalTime(t)} churn-node dockerd[812]: `;
    return i % 3 === 0
      ? `${c}time="${iso(t)}" level=info msg="Container ${hex(r, 12)} failed to exit within 10 seconds of kill - trying direct SIGKILL"`
      : `${c}time="${iso(t)}" level=info msg="Container ${hex(r, 64)} failed to exit within 10 seconds of signal 15 - using the force"`;
  },
  dmesg: (t, r, i) => {
    const at = ((t - START) / 1000).toFixed(6).padStart(12, ' ');
    return i % 2 === 0
      ? `[${at}] Memory cgroup out of memory: Killed process ${10000 + i} (worker-${i}) total-vm:1234567kB, anon-rss:654321kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:2048kB oom_score_adj:999`
      : `[${at}] INFO: task worker-${i}:${20000 + i} blocked for more than 120 seconds.`;
  },
};

export function churnJournal(gen, bytes, seed) {
  const r = rng(seed);
  const parts = [];
  let size = 0;
  let t = START;
  for (let i = 0; size < bytes; i++) {
    t += Math.floor(r() * 50);
    const line = `${CHURN_LINES[gen](t, r, i)}\n`;
    parts.push(line);
    size += line.length;
  }
  return Buffer.from(parts.join(''));
}

export function podLog(r, lines, withJson) {
  const out = [];
  let t = START + Math.floor(r() * 3.6e6);
  for (let i = 0; i < lines; i++) {
    t += Math.floor(r() * 2000);
    const stamp = `${iso(t).replace('Z', '')}123456Z`;
    if (withJson && i === lines - 1) {
      // One 50 KB structured line (a dumped request or config), as some applications log.
      const fields = Array.from({ length: 700 }, (_, k) => `"field_${k}":"${hex(r, 48)}"`).join(',');
      out.push(`${stamp} stdout F {"level":"error","msg":"request failed","dump":{${fields}}}`);
    } else {
      out.push(`${stamp} stderr F ${r() < 0.2 ? 'panic: runtime error: invalid memory address or nil pointer dereference' : `level=error msg="connection refused" peer=10.244.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}:8080`}`);
    }
  }
  return Buffer.from(`${out.join('\n')}\n`);
}

/** A churning node: journals and dmesg of distinct failures, plus thousands of small pod logs. */
export async function generateChurn(dir, totalBytes) {
  const file = path.join(dir, `churn-${mib(totalBytes)}.tar.gz`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const top = 'nodescope-churn-node-20261105T100000Z';
  const journals = [
    ['logs/journal/kubelet.log', 'journal', 'kubelet', 0.45],
    ['logs/journal/docker.log', 'journal', 'containerd', 0.15],
    ['logs/dmesg.txt', 'dmesg', 'dmesg', 0.1],
  ];
  // The rest (30%) in small pod logs of ~3 KB, one in 20 ending with a 50 KB JSON line.
  const podBytes = totalBytes * 0.3;
  const r = rng(7);
  const pods = [];
  for (let size = 0, i = 0; size < podBytes; i++) {
    const body = podLog(r, 20, i % 20 === 0);
    const name = `logs/pods/default_web-${i}-${hex(r, 5)}_${uuid(r)}/app/0.log`;
    pods.push([name, body]);
    size += body.length;
  }
  const out = tarball(file);
  await out.add(`${top}/manifest.json`, manifest('churn-node', [...journals.map(([p, k]) => [p, k]), ...pods.map(([p]) => [p, 'cri-log'])]));
  for (const [p, , gen, share] of journals) await out.add(`${top}/${p}`, churnJournal(gen, totalBytes * share, p.length));
  for (const [p, body] of pods) await out.add(`${top}/${p}`, body);
  await out.finish();
  return file;
}

/**
 * A `tar czf` of a node's /var/log (no manifest, no uname), as an operator makes by hand: syslog and
 * its rotations (`syslog.1`, `syslog.2.gz` …), and thousands of pods' logs, each with kubelet's
 * rotated, gzipped predecessor (`0.log.20261105-090000.gz`) beside the current `0.log`.
 */
export async function generateRotated(dir, totalBytes) {
  const file = path.join(dir, `rotated-${mib(totalBytes)}.tar.gz`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const out = tarball(file);
  const syslog = (seed, bytes) => churnJournal('kubelet', bytes, seed);
  await out.add('var/log/syslog', syslog(21, totalBytes * 0.2));
  await out.add('var/log/syslog.1', syslog(22, totalBytes * 0.1));
  for (let k = 2; k <= 4; k++) await out.add(`var/log/syslog.${k}.gz`, zlib.gzipSync(syslog(20 + k, totalBytes * 0.1)));
  const r = rng(23);
  for (let size = 0, i = 0; size < totalBytes * 0.4; i++) {
    const pod = `var/log/pods/default_web-${i}-${hex(r, 5)}_${uuid(r)}/app`;
    const current = podLog(r, 10, false);
    const rotated = podLog(r, 20, false);
    await out.add(`${pod}/0.log`, current);
    await out.add(`${pod}/0.log.20261105-090000.gz`, zlib.gzipSync(rotated));
    size += current.length + rotated.length;
  }
  await out.finish();
  return file;
}

/**
 * A `tar czf` of a busy node's /var/log/pods: `files` pods' logs of 10 lines each, no manifest. What the
 * ingest keeps per file (its path, how its log was timed) is all that grows here.
 */
export async function generateManyFiles(dir, files) {
  const file = path.join(dir, `many-files-${files}.tar.gz`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const out = tarball(file);
  const r = rng(29);
  for (let i = 0; i < files; i++) await out.add(`var/log/pods/default_web-${i}-${hex(r, 5)}_${uuid(r)}/app/0.log`, podLog(r, 10, false));
  await out.finish();
  return file;
}

/**
 * A node's support bundle as a zip (Harvester's support-bundle-kit writes one per node): `files` pod
 * logs, packed by Info-ZIP from a tree written here and removed.
 */
export async function generateNodeZip(dir, files) {
  const file = path.resolve(dir, `node-zip-${files}.zip`);
  if (fs.existsSync(file)) return file;
  const tree = fs.mkdtempSync(path.join(dir, 'node-zip-tree-'));
  try {
    const r = rng(31);
    for (let i = 0; i < files; i++) {
      const folder = path.join(tree, 'node1', 'logs', 'pods', `default_web-${i}-${hex(r, 5)}_${uuid(r)}`, 'app');
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, '0.log'), podLog(r, 10, false));
    }
    const zip = spawnSync('zip', ['-qr', file, 'node1'], { cwd: tree });
    if (zip.status !== 0) throw new Error(`zip failed: ${zip.stderr}`);
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
  return file;
}

/** iptables-save of a kube-proxy node with many services, streamed in pieces of ~1 MB. */
export function* iptablesPieces() {
  const r = rng(11);
  yield Buffer.from('# Generated by iptables-save v1.8.7 on Thu Nov  5 10:00:00 2026\n*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n:KUBE-MARK-MASQ - [0:0]\n-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n');
  for (let i = 0; ; i++) {
    const lines = [];
    for (let k = 0; k < 1000; k++, i++) {
      const svc = `KUBE-SVC-${hex(r, 16).toUpperCase()}`;
      const sep = `KUBE-SEP-${hex(r, 16).toUpperCase()}`;
      const ip = `10.96.${(i >> 8) & 255}.${i & 255}`;
      const pod = `10.244.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`;
      lines.push(
        `:${svc} - [0:0]`,
        `:${sep} - [0:0]`,
        `-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "ns-${i % 97}/svc-${i}:http cluster IP" -m tcp --dport 80 -j ${svc}`,
        `-A ${svc} ! -s 10.244.0.0/16 -d ${ip}/32 -p tcp -m comment --comment "ns-${i % 97}/svc-${i}:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ`,
        `-A ${svc} -m comment --comment "ns-${i % 97}/svc-${i}:http -> ${pod}:8080" -j ${sep}`,
        `-A ${sep} -s ${pod}/32 -m comment --comment "ns-${i % 97}/svc-${i}:http" -j KUBE-MARK-MASQ`,
        `-A ${sep} -p tcp -m comment --comment "ns-${i % 97}/svc-${i}:http" -m tcp -j DNAT --to-destination ${pod}:8080`,
      );
    }
    yield Buffer.from(`${lines.join('\n')}\n`);
  }
}

/** A plain tarball (no manifest) whose iptables-save.txt is `bytes` long, beside a small kubelet log. */
export async function generateGiantIptables(dir, bytes) {
  const file = path.join(dir, `iptables-${mib(bytes)}.tar.gz`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const out = tarball(file);
  await out.add('node-dump/kubelet.log', churnJournal('kubelet', 2 * 2 ** 20, 3));
  // The cut at `bytes` leaves the last rule unfinished and no COMMIT: the parser must cope.
  await out.stream('node-dump/iptables-save.txt', bytes, iptablesPieces());
  await out.finish();
  return file;
}

/**
 * A plain tarball holding one file that is a single line of `bytes` with no newline: `kubectl get pods
 * -o json` printed compact (a list of thousands of pods), beside a small kubelet log.
 */
export async function generateSingleLine(dir, bytes) {
  const file = path.join(dir, `single-line-json-${mib(bytes)}.tar.gz`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const r = rng(13);
  const out = tarball(file);
  await out.add('node-dump/kubelet.log', churnJournal('kubelet', 1 * 2 ** 20, 5));
  function* pieces() {
    yield Buffer.from('{"apiVersion":"v1","kind":"List","items":[');
    for (let i = 0; ; i++) {
      const pods = Array.from({ length: 2000 }, (_, k) => JSON.stringify({
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name: `web-${i}-${k}`, namespace: `ns-${k % 97}`, uid: uuid(r), labels: { app: `web-${k}`, hash: hex(r, 10) } },
        spec: { nodeName: 'node-1', containers: [{ name: 'app', image: `registry.example/app:${hex(r, 7)}` }] },
        status: { phase: 'Running', podIP: `10.244.${k % 255}.${i % 255}` },
      }));
      yield Buffer.from(`${i ? ',' : ''}${pods.join(',')}`);
    }
  }
  await out.stream('node-dump/k8s/pods.json', bytes, pieces());
  await out.finish();
  return file;
}
