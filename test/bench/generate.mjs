// Generates a collector-style bundle of realistic node logs (journal, pod logs, dmesg, syslog) of a given
// uncompressed size, cached under .nodescope-bench/. Lines follow the real formats of kubelet (klog),
// containerd (logrus), CRI log files, dmesg and rsyslog.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import tar from 'tar-stream';

const FILE_BYTES = 64 * 1024 * 1024;
const START = Date.parse('2026-11-05T00:00:00Z');

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const isoMicros = (t) => new Date(t).toISOString().replace('Z', '') + String(Math.floor(Math.random() * 1000)).padStart(3, '0');
const klogTime = (t) => {
  const d = new Date(t);
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}${p(Math.floor(Math.random() * 1000), 3)}`;
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const syslogTime = (t) => {
  const d = new Date(t);
  const p = (n) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
};

const GENERATORS = {
  kubelet: (t, r) => {
    const lvl = r() < 0.03 ? 'E' : r() < 0.1 ? 'W' : 'I';
    const pod = `pod-${Math.floor(r() * 5000)}`;
    const msgs = [
      `"SyncLoop (PLEG): event for pod" pod="default/${pod}" event={"ID":"${crypto.randomUUID()}","Type":"ContainerStarted"}`,
      `"Failed to get status for pod" podUID=${crypto.randomUUID()} pod="kube-system/${pod}" err="rpc error: code = DeadlineExceeded"`,
      `"Probe failed" probeType="Readiness" pod="default/${pod}" containerName="app" probeResult="failure" output="Get \\"http://10.244.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}:8080/healthz\\": dial tcp: connect: connection refused"`,
      `"Observed pod startup duration" pod="default/${pod}" podStartSLOduration=${(r() * 10).toFixed(6)}`,
    ];
    return `${isoMicros(t)}+0000 bench-node kubelet[548093]: ${lvl}${klogTime(t)}  548093 kubelet.go:${1800 + Math.floor(r() * 100)}] ${msgs[Math.floor(r() * msgs.length)]}`;
  },
  containerd: (t, r) => {
    const level = r() < 0.02 ? 'error' : 'info';
    const id = crypto.randomBytes(32).toString('hex');
    return `${isoMicros(t)}+0000 bench-node containerd[812]: time="${new Date(t).toISOString()}" level=${level} msg="StartContainer for \\"${id}\\" returns successfully"`;
  },
  pod: (t, r) =>
    `${new Date(t).toISOString().replace('Z', '')}${String(Math.floor(r() * 1e6)).padStart(6, '0')}Z stdout F 10.244.${Math.floor(r() * 255)}.${Math.floor(r() * 255)} - - [05/Nov/2026:09:50:27 +0000] "GET /api/v1/items/${Math.floor(r() * 1e6)} HTTP/1.1" ${r() < 0.05 ? 500 : 200} ${Math.floor(r() * 5000)} "-" "Go-http-client/1.1"`,
  dmesg: (t, r) => `[${((t - START) / 1000).toFixed(6).padStart(12, ' ')}] IPVS: rr: TCP 10.96.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}:443 - no destination available`,
  messages: (t, r) =>
    `${syslogTime(t)} bench-node dockerd[1751]: time="${new Date(t).toISOString()}" level=${r() < 0.05 ? 'error' : 'info'} msg="Container ${crypto.randomBytes(6).toString('hex')} failed to exit within 10 seconds of signal 15 - using the force"`,
};

const FILES = [
  ['logs/journal/kubelet.service', 'journal', 'kubelet'],
  ['logs/journal/containerd.service', 'journal', 'containerd'],
  ['logs/pods/default_web-0_uid/web', 'cri-log', 'pod'],
  ['logs/dmesg', 'dmesg', 'dmesg'],
  ['logs/messages', 'syslog', 'messages'],
];

function makeFile(gen, seed, fileBytes = FILE_BYTES) {
  const r = rng(seed);
  const parts = [];
  let size = 0;
  let t = START + seed * 1000;
  while (size < fileBytes) {
    t += Math.floor(r() * 20);
    const line = `${GENERATORS[gen](t, r)}\n`;
    parts.push(line);
    size += Buffer.byteLength(line);
  }
  return Buffer.from(parts.join(''));
}

/**
 * A bundle of about totalBytes of logs, cached in dir. Options (for the fleet benchmark: many small
 * bundles of many nodes): fileBytes per log file (default 64 MiB), hostname (default bench-node), seed
 * (another seed, other lines), extra entries [{ path, kind, body }] (a planted fault).
 */
export async function generateBundle(dir, totalBytes, options = {}) {
  const fileBytes = options.fileBytes ?? FILE_BYTES;
  const hostname = options.hostname ?? 'bench-node';
  const seed = options.seed ?? 0;
  const extra = options.extra ?? [];
  const named = hostname === 'bench-node' ? '' : `${hostname}-`;
  const file = path.join(dir, `bench-${named}${Math.round(totalBytes / 2 ** 20)}MiB.tar.gz`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const top = `nodescope-${hostname}-20261105T100000Z`;
  const count = Math.ceil(totalBytes / fileBytes);
  const items = [];
  const names = [];
  for (let i = 0; i < count; i++) {
    const [base, kind, gen] = FILES[i % FILES.length];
    const name = kind === 'cri-log' ? `${base}/${i}.log` : `${base}.${i}.log`;
    names.push([name, gen, i]);
    items.push({ path: name, kind, exitCode: 0, timedOut: false, truncated: false });
  }
  for (const e of extra) items.push({ path: e.path, kind: e.kind, exitCode: 0, timedOut: false, truncated: false });
  const manifest = {
    format: 'nodescope-bundle',
    formatVersion: 1,
    collector: { name: 'bench-generator', version: '0', scriptSha256: '0'.repeat(64) },
    node: { hostname, kernel: '5.10.0', timezone: 'UTC', cgroupVersion: 2 },
    collection: { startedAt: '2026-11-05T10:00:00Z', endedAt: '2026-11-05T10:01:00Z', options: {} },
    items,
  };
  const pack = tar.pack();
  const out = fs.createWriteStream(`${file}.part`);
  const done = new Promise((resolve, reject) => out.on('finish', resolve).on('error', reject));
  pack.pipe(zlib.createGzip({ level: 6 })).pipe(out);
  const add = (name, body) => new Promise((res, rej) => pack.entry({ name: `${top}/${name}`, size: body.length }, body, (e) => (e ? rej(e) : res())));
  await add('manifest.json', Buffer.from(JSON.stringify(manifest)));
  for (const [name, gen, i] of names) {
    await add(name, makeFile(gen, i + 1 + seed, fileBytes));
    process.stderr.write(`\rgenerating ${name} (${i + 1}/${count})   `);
  }
  for (const e of extra) await add(e.path, Buffer.from(e.body));
  pack.finalize();
  await done;
  fs.renameSync(`${file}.part`, file);
  process.stderr.write('\n');
  return file;
}
