// `npm run bench scaling`: every parser and every rule on inputs of 1x, 4x and 16x size, with each one's
// growth exponent (log(t16/t1) / log 16): 1 is linear, 2 quadratic. A quadratic step shows up as a
// number here, not as a user's lost afternoon. Inputs are written by this script (shapes.mjs): many
// distinct ids, every signature present thousands of times, many small files, long lines.
// Times are CPU time of the bench process (libuv's deflate threads included for the whole ingest).
// Default sizes fit a minute or two on 2 shared cores; --full (or BENCH_FULL=1) uses 8x larger inputs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import vm from 'node:vm';
import { churnJournal, hex, iptablesPieces, manifest, podLog, rng, tarball, uuid } from './shapes.mjs';

// A full collection before each run: garbage left by the previous input must not be billed to the next.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..', '..');
const dist = (p) => require(path.join(root, 'dist', 'main', 'engine', p));
const full = process.argv.includes('--full') || process.env.BENCH_FULL === '1';
const SCALES = [1, 4, 16];
/** Units of input at 1x, per parser (a unit is a line, a block or an object). */
const BASE_UNITS = full ? 100_000 : 20_000;
/** Uncompressed bytes of the rules' bundle at 1x. */
const BASE_BUNDLE = (full ? 8 : 1) * 2 ** 20;
/** Exponents computed from runs shorter than this (ms at 16x) are noise (a GC pause, the timer). */
const NOISE_MS = 20;
/**
 * A warm rule is run again and again until this much CPU is spent, and its time is the mean of those
 * runs: a rule of a millisecond is then timed as precisely as a parser of a second, so a step of a
 * rule that takes 1 ms at 4x and 18 ms at 16x shows as the number it is (one did, hidden under
 * NOISE_MS as a single run). Below WARM_NOISE_MS a run at 16x is a few prepared statements.
 */
const REPEAT_MS = 50;
const WARM_NOISE_MS = 0.5;
/**
 * A step over the limit is measured again (up to this many times) and the lowest kept: a garbage
 * collection landing in one run lifts a linear step to 1.3-1.6 now and then, while a quadratic step
 * is about 2 in every run.
 */
const RECHECKS = 2;
const LIMIT = 1.15;

const ip = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const lines = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';

/** Each parser with the text of `n` units of its input. */
function parsers() {
  const ipt = dist('network/iptables-save.js');
  const list = dist('network/iptables-list.js');
  const ipvs = dist('network/ipvs.js');
  const listening = dist('network/listening.js');
  const conntrack = dist('network/conntrack.js');
  const iproute = dist('network/iproute.js');
  const nginx = dist('network/nginx.js');
  const corefile = dist('dns/corefile.js');
  const hosts = dist('dns/hosts.js');
  const resolv = dist('dns/resolv.js');
  const procfs = dist('system/procfs.js');
  const df = dist('system/df.js');
  const config = dist('system/config.js');
  const k8s = dist('k8s/objects.js');
  const listingApi = dist('k8s/api.js');
  const goroutines = dist('goroutines/index.js');
  const stack = dist('processes/stack.js');
  const ps = dist('processes/ps.js');
  const groups = dist('processes/groups.js');
  const logs = dist('logs/index.js');
  // kube-proxy's shape: a unit is one rule (a service is a chain and 5 rules).
  const iptablesText = (n) => `*nat\n:KUBE-SERVICES - [0:0]\n${lines(n, (i) => {
    const svc = `KUBE-SVC-${String(Math.floor(i / 5)).padStart(16, '0')}`;
    return i % 5 === 0
      ? `:${svc} - [0:0]\n-A KUBE-SERVICES -d ${ip(i)}/32 -p tcp -m comment --comment "ns/svc-${i}:http cluster IP" -m tcp --dport 80 -j ${svc}`
      : `-A ${svc} -m comment --comment "ns/svc-${i}:http -> ${ip(i + 1)}:8080" -m statistic --mode random --probability 0.5 -j KUBE-SEP-${String(i).padStart(16, '0')}`;
  })}COMMIT\n`;
  const ctx = { artifactPath: 'x.log', collectedAtMs: Date.parse('2026-11-05T10:00:00Z'), timezone: 'UTC', bootTimeMs: Date.parse('2026-11-05T00:00:00Z') };
  const logSample = {
    'journal-json': (i) => JSON.stringify({ __REALTIME_TIMESTAMP: String(1762300800000000 + i * 1000), _SYSTEMD_UNIT: 'kubelet.service', PRIORITY: '3', MESSAGE: `Error syncing pod web-${i}` }),
    'collector-log': (i) => `2026-11-05T10:00:00Z nodescope-collect: item ${i} collected in 0.1 s`,
    'docker-json-log': (i) => JSON.stringify({ log: `request ${i} failed\n`, stream: 'stderr', time: '2026-11-05T10:00:00.123456789Z' }),
    'cri-log': (i) => `2026-11-05T10:00:00.123456789Z stderr F request ${i} failed: connection refused`,
    dmesg: (i) => `[${(i / 10).toFixed(6).padStart(12)}] Memory cgroup out of memory: Killed process ${i} (worker-${i})`,
    journal: (i) => `2026-11-05T10:00:00.123456+0000 node kubelet[2101]: E1105 10:00:00.123456    2101 pod_workers.go:1298] "Error syncing pod" pod="default/web-${i}"`,
    syslog: (i) => `Nov  5 10:00:00 node kernel: [${i}.000000] IPVS: rr: TCP ${ip(i)}:443 - no destination available`,
    klog: (i) => `E1105 10:00:00.123456    2101 pod_workers.go:1298] "Error syncing pod" pod="default/web-${i}"`,
    log: (i) => `2026-11-05 10:00:00,123 ERROR worker-${i} request failed`,
  };
  return [
    ['iptables-save', (n) => iptablesText(n), (t) => ipt.parseIptablesSave(t, 'iptables-save.txt')],
    ['iptables -L', (n) => `Chain KUBE-SERVICES (2 references)\ntarget     prot opt source               destination\n${lines(n, (i) => `KUBE-SVC-${hex(rng(i), 16).toUpperCase()}  tcp  --  0.0.0.0/0            ${ip(i)}          /* ns/svc-${i}:http cluster IP */ tcp dpt:80`)}`, (t) => list.parseIptablesList(t, 'iptables-L.txt', 'nat')],
    ['ipvsadm', (n) => `IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n${lines(n, (i) => `TCP  ${ip(i)}:443 rr\n  -> ${ip(i + 7)}:8080            Masq    1      0          0`)}`, (t) => ipvs.parseIpvsadm(t, 'ipvsadm.txt')],
    ['ss listening', (n) => `State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n${lines(n, (i) => `LISTEN 0      4096   ${ip(i)}:${1024 + (i % 60000)}      0.0.0.0:*    users:(("app-${i}",pid=${1000 + i},fd=7))`)}`, (t) => listening.parseListening(t, 'ss.txt')],
    ['conntrack -S', (n) => lines(n, (i) => `cpu=${i} found=0 invalid=${i} insert=0 insert_failed=${i % 7} drop=${i % 3} early_drop=0 error=0 search_restart=0`), (t) => conntrack.parseConntrackStats(t)],
    ['ip route', (n) => lines(n, (i) => `10.${(i >> 8) & 255}.${i & 255}.0/24 via 10.0.0.1 dev eth0 proto bird`), (t) => iproute.parseIpRoute(t)],
    ['nginx.conf', (n) => `http {\n${lines(n, (i) => `  server { listen ${1024 + (i % 60000)}; server_name s${i}.example; location /p${i} { proxy_pass http://${ip(i)}:8080; } }`)}}\n`, (t) => nginx.parseNginxFile(t, 'nginx.conf')],
    ['Corefile', (n) => lines(n, (i) => `zone${i}.example:53 {\n    errors\n    cache 30\n    forward . ${ip(i)}\n}`), (t) => corefile.parseCorefile(t, { artifact: 'Corefile', origin: 'file', configMap: null, startLine: 1 })],
    ['/etc/hosts', (n) => lines(n, (i) => `${ip(i)} host-${i} host-${i}.cluster.local`), (t) => hosts.parseHosts(t)],
    ['resolv.conf', (n) => `search ${Array.from({ length: Math.min(n, 6) }, (_, i) => `d${i}.example`).join(' ')}\n${lines(n, (i) => `nameserver ${ip(i)}`)}`, (t) => resolv.parseResolvConf(t, 'resolv.conf')],
    ['/proc/mounts', (n) => lines(n, (i) => `overlay /run/containerd/io.containerd.runtime.v2.task/k8s.io/${hex(rng(i), 64)}/rootfs overlay rw,relatime,lowerdir=/var/lib/containerd/l/${i} 0 0`), (t) => config.parseMounts(t)],
    ['/proc/cgroups', (n) => `#subsys_name\thierarchy\tnum_cgroups\tenabled\n${lines(n, (i) => `ctl${i}\t${i % 12}\t${i * 3}\t1`)}`, (t) => procfs.parseCgroups(t)],
    ['df', (n) => `Filesystem     1K-blocks    Used Available Use% Mounted on\n${lines(n, (i) => `/dev/sd${i}     1000000  500000    500000  50% /var/lib/kubelet/pods/${uuid(rng(i))}/volumes`)}`, (t) => df.parseDf(t)],
    ['sysctl -a', (n) => lines(n, (i) => `net.ipv4.conf.veth${i}.rp_filter = ${i % 3}`), (t) => config.parseSysctl(t)],
    // References, not parsers: what V8 alone costs on the sysctl and JSON inputs above. A parser whose
    // step is no higher than its reference's grows as the runtime does (a hash table or an object tree
    // that outgrows the CPU's caches), not by an algorithm of its own.
    ['(reference) split + Map.set of the sysctl lines', (n) => lines(n, (i) => `net.ipv4.conf.veth${i}.rp_filter = ${i % 3}`), (t) => { const m = new Map(); for (const l of t.split('\n')) m.set(l.slice(0, l.indexOf(' = ')), l); return m; }],
    ['(reference) JSON.parse of the kubectl listing', (n) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array.from({ length: n }, (_, i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${i}`, namespace: 'default', uid: uuid(rng(i)) }, status: { phase: 'Running' } })) }), (t) => JSON.parse(t), listingApi.STREAMED_LISTING_BYTES],
    // Listings are read object by object up to STREAMED_LISTING_BYTES (past it, in part): their 16x input stays under it.
    ['kubectl get -o json', (n) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array.from({ length: n }, (_, i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${i}`, namespace: 'default', uid: uuid(rng(i)) }, status: { phase: 'Running' } })) }), (t) => k8s.parseObjectList(t), listingApi.STREAMED_LISTING_BYTES],
    // must-gather's namespaces/*/core/pods.yaml shape (kubectl -o yaml), under the same cap.
    ['kubectl get -o yaml', (n) => `apiVersion: v1\nitems:\n${lines(n, (i) => `- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: web-${i}\n    namespace: default\n    uid: ${uuid(rng(i))}\n  status:\n    phase: Running`)}kind: List\n`, (t) => k8s.parseObjectList(t), listingApi.STREAMED_LISTING_BYTES],
    ['goroutines debug=2', (n) => `${lines(n, (i) => `goroutine ${i + 1} [chan receive, ${i % 90} minutes]:\nmain.worker${i % 50}(0xc000${(i % 4096).toString(16)})\n\t/src/app/main.go:${i % 500} +0x1d\ncreated by main.start in goroutine 1\n\t/src/app/main.go:40 +0x55\n`)}`, (t) => goroutines.parseGoroutineDump(Buffer.from(t))],
    ['goroutines debug=1', (n) => `goroutine profile: total ${n}\n${lines(n, (i) => `1 @ 0x43${i.toString(16)} 0x44\n#\t0x43${i.toString(16)}\tmain.worker${i}+0x1\t/src/app/main.go:${i}\n`)}`, (t) => goroutines.parseGoroutineDump(Buffer.from(t))],
    // A zombie storm: every process a child of one parent (the shape that made the tree quadratic).
    ['ps -eo pid,ppid,stat,wchan,args', (n) => `  PID  PPID STAT WCHAN  COMMAND\n${lines(n, (i) => `${i + 2} 1 Z - [sh] <defunct>`)}`, (t) => ps.parsePs(t)],
    ['process tree, one parent of all', (n) => [{ pid: 1, ppid: 0, command: 'init', args: [], state: 'S' }, ...Array.from({ length: n }, (_, i) => ({ pid: i + 2, ppid: 1, command: 'sh', args: [], state: 'Z' }))], (rows) => groups.processTree(rows)],
    ['/proc/PID/stack', (n) => lines(n, (i) => `[<0>] fn_${i}+0x${(i % 255).toString(16)}/0x200`), (t) => stack.parseStack(t)],
    // Lines are split before the clock starts, as the ingest hands a format its lines (in batches).
    ...logs.LOG_FORMATS.map((f) => [`log line: ${f.kind}`, (n) => lines(n, logSample[f.kind] ?? logSample.log).split('\n'), (ls) => { for (const l of ls) f.parse(l, ctx); }]),
  ];
}

/** The reference row (V8 alone on the same input) of a parser, measured before it. */
const REFERENCE_OF = {
  'sysctl -a': '(reference) split + Map.set of the sysctl lines',
  'kubectl get -o json': '(reference) JSON.parse of the kubectl listing',
};

/**
 * Best of a few runs, in CPU ms of this process (the 2 cores are shared: wall time measures the
 * neighbours): at least 3, up to 5 while under a second was spent (best of 2 let one slow run of a
 * 250 ms parse move its step by 0.2).
 */
function measure(f, runs = 5) {
  let best = Infinity;
  let spent = 0;
  for (let i = 0; i < runs && (i < 3 || spent < 1000); i++) {
    gc();
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000;
    spent += ms;
    best = Math.min(best, ms);
  }
  return best;
}

/** CPU ms of one run of a warm `f` (run once first): the mean over REPEAT_MS of runs, the best of 3 such. */
function measureWarm(f) {
  f();
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    gc();
    let n = 0;
    let ms = 0;
    const c0 = process.cpuUsage();
    do {
      f();
      n++;
      const c = process.cpuUsage(c0);
      ms = (c.user + c.system) / 1000;
    } while (ms < REPEAT_MS);
    best = Math.min(best, ms / n);
  }
  return best;
}

/**
 * Growth exponents: the least-squares slope of log(time) over log(size) across the three sizes, and the
 * step from 4x to 16x alone. A quadratic step is 2 on both; a linear parser whose output outgrows V8's
 * young generation between 1x and 4x (its objects promoted, a one-time cost) shows a fit above 1 and a
 * 4x→16x step of 1. Flagged when the 4x→16x step is above 1.15.
 */
function exponent(times, noiseMs = NOISE_MS) {
  const t16 = times.at(-1);
  if (t16 < noiseMs) return { text: `~ (${t16.toFixed(1)} ms at 16x) | ~`, value: null };
  const xs = SCALES.map(Math.log);
  const ys = times.map((t) => Math.log(Math.max(t, 0.05)));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  const fit = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const step = Math.log(t16 / Math.max(times.at(-2), 0.05)) / Math.log(SCALES.at(-1) / SCALES.at(-2));
  return { text: `${fit.toFixed(2)} | ${step.toFixed(2)}${step > LIMIT ? ' **over 1.15**' : ''}`, value: step };
}

/** A churning node's bundle of `bytes`, with its non-log artifacts grown with it. */
async function scalingBundle(dir, k, manifestLast = false) {
  const bytes = BASE_BUNDLE * k;
  // v2: with the tables rules quote row by row (an older bundle of this name lacks them).
  const file = path.join(dir, `scaling-v2-${k}x-${BASE_BUNDLE}${manifestLast ? '-manifest-last' : ''}.tar.gz`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const top = 'nodescope-scale-node-20261105T100000Z';
  const r = rng(17 + k);
  const items = [
    ['logs/journal/kubelet.log', 'journal', churnJournal('kubelet', bytes * 0.4, 1)],
    ['logs/journal/docker.log', 'journal', churnJournal('containerd', bytes * 0.1, 2)],
    ['logs/dmesg.txt', 'dmesg', churnJournal('dmesg', bytes * 0.1, 3)],
    ['network/iptables-save.txt', 'iptables-save', iptablesOf(bytes * 0.2)],
    ['dns/Corefile', 'corefile', Buffer.from(lines(200 * k, (i) => `zone${i}.example:53 {\n    errors\n    forward . ${ip(i)}\n}`))],
    ['proc/mounts', 'mounts', Buffer.from(lines(500 * k, (i) => `overlay /run/containerd/k8s.io/${hex(r, 64)}/rootfs overlay rw,relatime 0 0`))],
    ['goroutines/kubelet.txt', 'goroutine-dump', Buffer.from(lines(1000 * k, (i) => `goroutine ${i + 1} [chan receive, ${i % 90} minutes]:\nk8s.io/kubernetes/pkg/kubelet/pleg.(*GenericPLEG).relist(0xc000)\n\t/src/pleg/generic.go:${i % 500} +0x1d\ncreated by main.start in goroutine 1\n\t/src/main.go:40 +0x55\n`))],
    // Tables a rule quotes row by row, every row full: a search per row was quadratic (df -Pi of 400k rows hung).
    ['node/df.txt', 'df', Buffer.from(`Filesystem 1024-blocks Used Available Capacity Mounted on\n${lines(300 * k, (i) => `/dev/vd${i} 1000000 950000 50000 95% /var/lib/kubelet/pods/${uuid(r)}/volumes/${i}`)}`)],
    ['node/df-inodes.txt', 'df-inodes', Buffer.from(`Filesystem Inodes IUsed IFree IUse% Mounted on\n${lines(300 * k, (i) => `/dev/vd${i} 1000 950 50 95% /var/lib/kubelet/pods/${uuid(r)}/volumes/${i}`)}`)],
    ['proc/cgroups', 'proc-cgroups', Buffer.from(`#subsys_name\thierarchy\tnum_cgroups\tenabled\n${lines(100 * k, (i) => `ctl${i}\t${i % 12}\t${i * 3}\t1`)}`)],
    ['etc/hosts', 'hosts', Buffer.from(lines(300 * k, (i) => `${ip(i)} host-${i} host-${i}.cluster.local`))],
    ['node/sysctl.txt', 'sysctl', Buffer.from(lines(300 * k, (i) => `net.ipv4.conf.veth${i}.rp_filter = ${i % 3}`))],
    ['network/ss.txt', 'ss', Buffer.from(`State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n${lines(300 * k, (i) => `LISTEN 0      4096   ${ip(i)}:${1024 + (i % 60000)}      0.0.0.0:*    users:(("app-${i}",pid=${1000 + i},fd=7))`)}`)],
  ];
  for (let size = 0, i = 0; size < bytes * 0.2; i++) {
    const body = podLog(r, 20, i % 20 === 0);
    items.push([`logs/pods/default_web-${i}_${uuid(r)}/app/0.log`, 'cri-log', body]);
    size += body.length;
  }
  const out = tarball(file);
  // A repacked bundle may carry its manifest last: every earlier entry is then guessed, then adopted.
  const manifestEntry = () => out.add(`${top}/manifest.json`, manifest('scale-node', items.map(([p, kind]) => [p, kind])));
  if (!manifestLast) await manifestEntry();
  for (const [p, , body] of items) await out.add(`${top}/${p}`, body);
  if (manifestLast) await manifestEntry();
  await out.finish();
  return file;
}

/** Times at each scale, measured again while the 4x→16x step is over the limit; the lowest step kept. */
function lowestStep(first, again = first, noiseMs = NOISE_MS) {
  let best = null;
  for (let runs = 1; runs <= 1 + RECHECKS; runs++) {
    const times = runs === 1 ? first() : again();
    const e = exponent(times, noiseMs);
    if (!best || (e.value ?? 0) < (best.e.value ?? 0)) best = { times, e, runs };
    if (e.value === null || e.value <= LIMIT) return { ...best, runs };
  }
  return { ...best, runs: 1 + RECHECKS };
}

/** BASE_UNITS, or fewer when the 16x input would pass `capBytes` (the most nodescope parses of it). */
function unitsUnderCap(make, capBytes) {
  const bytesPerUnit = make(BASE_UNITS).length / BASE_UNITS;
  return Math.min(BASE_UNITS, Math.floor(capBytes / (bytesPerUnit * SCALES.at(-1))));
}

/**
 * kube-proxy's iptables-save cut to `budget` bytes (whole lines): its rules grow with the bundle at
 * every scale (whole pieces of about a megabyte left it at its 418-byte header up to 4x).
 */
function iptablesOf(budget) {
  const pieces = [];
  let size = 0;
  for (const piece of iptablesPieces()) {
    pieces.push(piece);
    size += piece.length;
    if (size >= budget) break;
  }
  const all = Buffer.concat(pieces);
  return Buffer.concat([all.subarray(0, all.lastIndexOf(0x0a, budget) + 1), Buffer.from('COMMIT\n')]);
}

/** One parser at 1x, 4x and 16x: its times, exponent and the units it ran at. */
function scaleParser([, make, parse, capBytes]) {
  const units = capBytes ? unitsUnderCap(make, capBytes) : BASE_UNITS;
  const warm = make(units);
  parse(warm);
  const inputs = SCALES.map((s) => make(units * s));
  return { units, mib16: inputs.at(-1).length / 2 ** 20, ...lowestStep(() => inputs.map((input) => measure(() => parse(input)))) };
}

/**
 * A step over the limit measured again in a node whose young generation may grow to 32 MB semi-spaces
 * (V8's default stops at 16): what a parse keeps is then promoted once, not copied scavenge after
 * scavenge. A step that falls back under the limit there is the runtime's sizing, not the parser's work.
 */
const SEMI_SPACE_MB = 32;

function withLargerYoungGeneration(name) {
  const r = spawnSync(process.execPath, [`--max-semi-space-size=${SEMI_SPACE_MB}`, fileURLToPath(import.meta.url), '--parser', name, ...(full ? ['--full'] : [])], { encoding: 'utf8' });
  if (r.status !== 0) return `failed: ${r.stderr.trim().split('\n').at(-1)}`;
  const { times, e, runs } = JSON.parse(r.stdout);
  return `${times.map((t) => `${t.toFixed(1)} ms`).join(' | ')} | ${e.text}${runs > 1 ? ` (lowest of ${runs})` : ''}`;
}

export async function run(dir) {
  const rows = [];
  const over = [];
  /** Each row's 4x→16x step, to read a flagged parser against its reference. */
  const steps = new Map();
  const youngGeneration = [];
  console.log(`| parser | ${SCALES.map((s) => `${s}x (${s * BASE_UNITS} units)`).join(' | ')} | exponent 1x-16x fit | 4x→16x |`);
  console.log(`|---|${SCALES.map(() => '---').join('|')}|---|---|`);
  for (const parser of parsers()) {
    const [name, , , capBytes] = parser;
    const { units, mib16, times, e, runs } = scaleParser(parser);
    steps.set(name, e.value);
    if (e.value !== null && e.value > LIMIT && !name.startsWith('(reference)')) over.push(name);
    const sized = units === BASE_UNITS ? name : `${name} (${units} units at 1x: 16x is ${mib16.toFixed(1)} MiB, under its ${capBytes / 2 ** 20} MiB cap)`;
    console.log(`| ${sized} | ${times.map((t) => `${t.toFixed(1)} ms`).join(' | ')} | ${e.text}${runs > 1 ? ` (lowest of ${runs})` : ''} |`);
    if (e.value !== null && e.value > LIMIT) {
      const again = withLargerYoungGeneration(name);
      console.log(`| ${name}, young generation of ${SEMI_SPACE_MB} MB semi-spaces | ${again} |`);
      youngGeneration.push(`${name}: ${again.split(' | ').at(-1)}`);
    }
  }
  // Rules: one workspace per scale, each rule on a fresh view (nothing cached by another rule).
  const { ingestBundle } = dist('ingest/index.js');
  const { openWorkspace } = dist('store/workspace.js');
  const { RULES } = dist('rules/index.js');
  const { BundleView } = dist('rules/view.js');
  const perRule = new Map(RULES.map((r) => [r.id, []]));
  const workspaces = [];
  const ingestMs = [];
  const lateManifestMs = [];
  for (const k of SCALES) {
    const late = path.join(dir, `scaling-${k}x-late.db`);
    for (const f of [late, `${late}-wal`, `${late}-shm`]) fs.rmSync(f, { force: true });
    const lateDb = openWorkspace(late);
    const l0 = process.cpuUsage();
    await ingestBundle(lateDb, await scalingBundle(dir, k, true));
    const l = process.cpuUsage(l0);
    lateManifestMs.push((l.user + l.system) / 1000);
    lateDb.close();

    const bundle = await scalingBundle(dir, k);
    const dbFile = path.join(dir, `scaling-${k}x.db`);
    for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
    const db = openWorkspace(dbFile);
    const c0 = process.cpuUsage();
    const { id } = await ingestBundle(db, bundle);
    const c = process.cpuUsage(c0);
    ingestMs.push((c.user + c.system) / 1000);
    // One run each: the parsed artifacts a rule reads are cached (per content hash) after the first.
    for (const rule of RULES) perRule.get(rule.id).push(measure(() => rule.detect(new BundleView(db, id)), 1));
    workspaces.push({ db, id });
  }
  console.log(`\n| rule | ${SCALES.map((s) => `${s}x (${((BASE_BUNDLE * s) / 2 ** 20).toFixed(0)} MiB bundle)`).join(' | ')} | exponent 1x-16x fit | 4x→16x |`);
  console.log(`|---|${SCALES.map(() => '---').join('|')}|---|---|`);
  const e = exponent(ingestMs);
  console.log(`| (whole ingest) | ${ingestMs.map((t) => `${t.toFixed(0)} ms`).join(' | ')} | ${e.text} |`);
  if (e.value !== null && e.value > LIMIT) over.push('whole ingest');
  const el = exponent(lateManifestMs);
  console.log(`| (whole ingest, manifest last) | ${lateManifestMs.map((t) => `${t.toFixed(0)} ms`).join(' | ')} | ${el.text} |`);
  if (el.value !== null && el.value > LIMIT) over.push('whole ingest, manifest last');
  for (const rule of RULES) {
    // The first run at each scale pays the parse of what the rule is the first to read. A step over the
    // limit, or too short to tell, is measured again warm: each scale the mean over REPEAT_MS of runs.
    const first = perRule.get(rule.id);
    const cold = exponent(first);
    const warm = () => workspaces.map(({ db, id }) => measureWarm(() => rule.detect(new BundleView(db, id))));
    const { times, e, runs } = cold.value !== null && cold.value <= LIMIT ? { times: first, e: cold, runs: 0 } : lowestStep(warm, warm, WARM_NOISE_MS);
    if (e.value !== null && e.value > LIMIT) over.push(rule.id);
    const digits = runs ? 2 : 1;
    console.log(`| ${rule.id} | ${times.map((t) => `${t.toFixed(digits)} ms`).join(' | ')} | ${e.text}${runs ? ` (warm, mean of repeated runs${runs > 1 ? `, lowest of ${runs}` : ''})` : ''} |`);
  }
  // Reference, not a rule: reading one field of every parsed iptables rule, warm. The iptables rules'
  // own steps are read against it: a parsed dump that outgrows the CPU's caches costs more per rule.
  const { loadIptables } = dist('network/load.js');
  const walk = () => workspaces.map(({ db, id }) => measureWarm(() => {
    let n = 0;
    for (const rs of loadIptables(db, id)) for (const t of rs.tables) for (const c of t.chains) for (const r of c.rules) n += r.text.length;
    return n;
  }));
  const walked = lowestStep(walk, walk, WARM_NOISE_MS);
  console.log(`| (reference) one field of every parsed iptables rule | ${walked.times.map((t) => `${t.toFixed(2)} ms`).join(' | ')} | ${walked.e.text} (warm, mean of repeated runs) |`);
  for (const { db } of workspaces) db.close();
  rows.push(['sizes', full ? 'full (--full)' : 'small (default; --full for 8x)']);
  const againstReference = (name) => {
    const step = steps.get(REFERENCE_OF[name]);
    return step == null ? name : `${name} (its reference, V8 alone on the same input: ${step.toFixed(2)})`;
  };
  rows.push(['4x→16x steps over 1.15', over.length ? over.map(againstReference).join(', ') : 'none']);
  if (youngGeneration.length) rows.push([`over 1.15, again with ${SEMI_SPACE_MB} MB semi-spaces`, youngGeneration.join('; ')]);
  rows.push(['note', 'rules: one cold run at each scale (the first rule to read an artifact pays its parse, cached per content hash); a step over 1.15 or under 20 ms at 16x is timed again warm, as the mean of repeated runs']);
  return rows;
}

// `node --max-semi-space-size=N scaling.bench.mjs --parser NAME`: that one parser's scaling, as JSON (see withLargerYoungGeneration).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const name = process.argv[process.argv.indexOf('--parser') + 1];
  const parser = parsers().find(([n]) => n === name);
  if (!parser) throw new Error(`no parser named ${name}`);
  const { times, e, runs } = scaleParser(parser);
  process.stdout.write(JSON.stringify({ times, e, runs }));
}
