/**
 * Fake node trees and a runner for collector/nodescope-collect.sh. A tree is what --root reads: the
 * files a dead node's disk (or a test) holds, with real fixture text where there is some.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseManifest } from '../../main/engine/manifest/validate';
import type { BundleManifest, ManifestItem } from '../../shared/bundle-format';

export const REPO = path.resolve(__dirname, '../..');
export const SCRIPT = path.join(REPO, 'collector/nodescope-collect.sh');
export const FIXTURES = path.join(REPO, 'test/fixtures/collector');
export const STUBS = path.join(__dirname, 'stubs');
/** Made-here log twins (test/fixtures/logs/make-twins.mjs) the fake node's /var/log holds. */
export const LOGS = path.join(REPO, 'test/fixtures/logs');
/** The Kubernetes objects of the demo node (written by test/demo/node-shapes.mjs), served by the kubectl stub. */
export const DEMO_K8S = path.join(REPO, 'test/demo/nodescope-demo-worker-1/k8s');

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `nodescope-${prefix}-`));
}

function put(root: string, rel: string, content: string | Buffer): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function logFixture(name: string): Buffer {
  return fs.readFileSync(path.join(LOGS, name));
}

export interface FakeProcess {
  pid: number;
  comm: string;
  state: string;
  cmdline: string[];
  wchan: string;
  stack: string;
  netns?: string;
  status?: Buffer;
}

/** A worker node with a kube-proxy and a containerd shim stuck in the kernel, as in field case 3. */
export const PROCESSES: FakeProcess[] = [
  { pid: 1, comm: 'systemd', state: 'S', cmdline: ['/sbin/init'], wchan: 'ep_poll', stack: '[<0>] ep_poll+0x2c3/0x3e0\n' },
  {
    pid: 26235,
    comm: 'kube-proxy',
    state: 'S',
    cmdline: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=worker-1'],
    wchan: 'futex_wait_queue',
    stack: '[<0>] futex_wait_queue+0x60/0x90\n[<0>] futex_wait+0x177/0x270\n',
    // The kernel's layout of /proc/<pid>/status (fs/proc/array.c): space-aligned header fields, tabbed rest.
    status: Buffer.from('Name:\tkube-proxy\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t26235\nNgid:\t0\nPid:\t26235\nPPid:\t26213\nTracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t64\nGroups:\t \nNStgid:\t26235\t1\nNSpid:\t26235\t1\nVmPeak:\t  761648 kB\nVmSize:\t  761648 kB\nVmRSS:\t   46232 kB\nThreads:\t14\nSigQ:\t0/63421\nCapEff:\t000001ffffffffff\nvoluntary_ctxt_switches:\t4742839\nnonvoluntary_ctxt_switches:\t1727500\n'),
  },
  {
    pid: 31337,
    comm: 's6-sync',
    state: 'D',
    cmdline: ['s6-sync'],
    wchan: 'call_rwsem_down_read_failed',
    stack:
      '[<0>] call_rwsem_down_read_failed+0x18/0x30\n[<0>] iterate_supers+0xb2/0x110\n[<0>] sys_sync+0x36/0xb0\n',
    netns: 'net:[4026532712]',
  },
];

function statLine(p: FakeProcess): string {
  return `${p.pid} (${p.comm}) ${p.state} 1 ${p.pid} ${p.pid} 0 -1 4194560 1200 0 0 0 15 7 0 0 20 0 1 0 1234 0 0\n`;
}

export function statusText(p: FakeProcess): Buffer {
  return p.status ?? Buffer.from(`Name:\t${p.comm}\nState:\t${p.state} (${p.state === 'D' ? 'disk sleep' : 'sleeping'})\nPid:\t${p.pid}\nPPid:\t1\n`);
}

export function addProcess(root: string, p: FakeProcess): void {
  const dir = `proc/${p.pid}`;
  put(root, `${dir}/stat`, statLine(p));
  put(root, `${dir}/status`, statusText(p));
  put(root, `${dir}/wchan`, p.wchan);
  put(root, `${dir}/stack`, p.stack);
  put(root, `${dir}/cmdline`, Buffer.from(p.cmdline.map((a) => `${a}\0`).join('')));
  put(root, `${dir}/cgroup`, `0::/kubepods.slice/kubepods-besteffort.slice/cri-containerd-${p.pid}.scope\n`);
  const ns = path.join(root, dir, 'ns');
  fs.mkdirSync(ns, { recursive: true });
  const links: Record<string, string> = {
    cgroup: 'cgroup:[4026531835]',
    ipc: 'ipc:[4026531839]',
    mnt: 'mnt:[4026531841]',
    net: p.netns ?? 'net:[4026531840]',
    pid: 'pid:[4026531836]',
    pid_for_children: 'pid:[4026531836]',
    uts: 'uts:[4026531838]',
  };
  for (const [name, target] of Object.entries(links)) fs.symlinkSync(target, path.join(ns, name));
  const fd = path.join(root, dir, 'fd');
  fs.mkdirSync(fd, { recursive: true });
  for (let i = 0; i < 3; i++) fs.symlinkSync('/dev/null', path.join(fd, String(i)));
}

/** A minimal, healthy node tree with real log text; tests add what their case needs. */
export function makeNodeTree(): string {
  const root = tmpDir('root');
  put(root, 'etc/hostname', 'worker-1\n');
  put(root, 'etc/os-release', 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\n');
  put(root, 'etc/hosts', '127.0.0.1 localhost\n10.0.0.5 harbor.example.cn\n');
  // resolv.conf is a link to systemd-resolved's file, absolute as on a real node: read inside the tree.
  put(root, 'run/systemd/resolve/stub-resolv.conf', 'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n');
  fs.symlinkSync('/run/systemd/resolve/stub-resolv.conf', path.join(root, 'etc/resolv.conf'));
  fs.mkdirSync(path.join(root, 'usr/share/zoneinfo/Asia'), { recursive: true });
  fs.symlinkSync('/usr/share/zoneinfo/Asia/Shanghai', path.join(root, 'etc/localtime'));
  put(root, 'proc/version', 'Linux version 3.10.0-862.el7.x86_64 (mockbuild@x86-034.build.eng.bos.redhat.com) (gcc version 4.8.5) #1 SMP Wed Mar 21 18:14:51 EDT 2018\n');
  put(root, 'proc/uptime', '350735.47 234388.90\n');
  put(root, 'proc/stat', 'cpu  10132153 290696 3084719 46828483 16683 0 25195 0 0 0\ncpu0 1393280 32966 572056 13343292 6130 0 17875 0 0 0\nctxt 1990473\nbtime 1062191376\nprocesses 2915\n');
  put(root, 'proc/diskstats', '   8       0 sda 2405 1031 158546 1472 4380 5765 94800 5912 0 3856 7384 0 0 0 0\n');
  put(root, 'proc/loadavg', '0.61 0.47 0.41 2/1024 31337\n');
  put(root, 'proc/meminfo', 'MemTotal:       16303412 kB\nMemFree:          429608 kB\nMemAvailable:    9845436 kB\n');
  put(root, 'proc/vmstat', 'nr_free_pages 107402\npgfault 123456789\n');
  put(root, 'proc/cgroups', '#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t5\t65531\t1\nmemory\t11\t65533\t1\n');
  put(root, 'proc/mounts', 'sysfs /sys sysfs rw,nosuid 0 0\ncgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0\n/dev/sda1 / xfs rw 0 0\n');
  put(root, 'proc/modules', 'br_netfilter 22256 0 - Live 0xffffffffc06c1000\noverlay 71964 7 - Live 0xffffffffc0624000\n');
  put(root, 'proc/cmdline', 'BOOT_IMAGE=/vmlinuz-3.10.0-862.el7.x86_64 root=/dev/sda1 ro\n');
  put(root, 'proc/sys/fs/file-nr', '3200\t0\t1610495\n');
  put(root, 'proc/sys/kernel/pid_max', '32768\n');
  put(root, 'proc/sys/net/netfilter/nf_conntrack_count', '1532\n');
  put(root, 'proc/sys/net/netfilter/nf_conntrack_max', '131072\n');
  for (const p of PROCESSES) addProcess(root, p);
  put(root, 'var/log/messages', logFixture('kubelet-journal-short-precise.log'));
  put(root, 'var/log/dmesg', logFixture('kernel-hung-task-netns.txt'));
  const pod = 'var/log/pods/kube-system_coredns-6d4b75cb6d-7xk2p_1f9a3c52-0b5e-4c4b-9a57-3f0c1e2d4b6a/coredns';
  put(root, `${pod}/0.log`, '2026-11-05T09:50:27.583544123Z stdout F [INFO] plugin/reload: Running configuration SHA512 = 591cf328\n');
  fs.mkdirSync(path.join(root, 'var/log/containers'), { recursive: true });
  fs.symlinkSync(`/${pod}/0.log`, path.join(root, 'var/log/containers/coredns-6d4b75cb6d-7xk2p_kube-system_coredns-0123abcd.log'));
  put(root, 'var/lib/kubelet/config.yaml', 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: 110\nresolvConf: /run/systemd/resolve/resolv.conf\n');
  put(root, 'run/systemd/resolve/resolv.conf', 'nameserver 10.0.0.2\nsearch ec2.internal\n');
  put(root, 'etc/containerd/config.toml', 'version = 2\n[plugins."io.containerd.grpc.v1.cri"]\n  sandbox_image = "registry.k8s.io/pause:3.9"\n');
  put(root, 'etc/nginx/nginx.conf', 'events {}\nhttp {\n  upstream rancher { server 10.0.0.10:443; }\n  server { listen 443; proxy_pass https://rancher; }\n}\n');
  return root;
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  tarball?: string;
}

export interface RunOptions {
  shell?: string[];
  env?: NodeJS.ProcessEnv;
  /** Called once the script has started, with its child process id. */
  onStart?: (pid: number) => void;
  timeoutMs?: number;
}

/** Runs the collector; resolves when it exits (its stdout and stderr are closed). */
export function collect(args: string[], opts: RunOptions = {}): Promise<Run> {
  const [cmd, ...pre] = opts.shell ?? ['sh'];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...pre, SCRIPT, ...args], { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 110_000);
    child.on('error', reject);
    if (child.pid !== undefined) opts.onStart?.(child.pid);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      const lines = stdout.trim().split('\n');
      const last = lines[lines.length - 1];
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, tarball: last?.endsWith('.tar.gz') ? last : undefined });
    });
  });
}

export interface Bundle {
  dir: string;
  top: string;
  entries: string[];
  manifest: BundleManifest;
  item(p: string): ManifestItem;
  text(p: string): string;
  bytes(p: string): Buffer;
  has(p: string): boolean;
}

/** Unpacks a tarball (with the system tar) and parses its manifest with the app's own validator. */
export function openBundle(tarball: string): Bundle {
  const list = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
  if (list.status !== 0) throw new Error(`tar -tzf ${tarball}: ${list.stderr}`);
  const entries = list.stdout.split('\n').filter(Boolean);
  const dir = tmpDir('bundle');
  const x = spawnSync('tar', ['-xzf', tarball, '-C', dir], { encoding: 'utf8' });
  if (x.status !== 0) throw new Error(`tar -xzf: ${x.stderr}`);
  const top = path.join(dir, entries[0].split('/')[0]);
  const manifest = parseManifest(fs.readFileSync(path.join(top, 'manifest.json'), 'utf8'));
  return {
    dir,
    top,
    entries,
    manifest,
    item(p) {
      const found = manifest.items.find((i) => i.path === p);
      if (!found) throw new Error(`no manifest item ${p}`);
      return found;
    },
    text: (p) => fs.readFileSync(path.join(top, p), 'utf8'),
    bytes: (p) => fs.readFileSync(path.join(top, p)),
    has: (p) => fs.existsSync(path.join(top, p)),
  };
}

export function sha256(b: Buffer): string {
  return crypto.createHash('sha256').update(b).digest('hex');
}

/** Every file of the bundle, and whether each is listed with its true size and sha256. */
export function unlistedOrWrong(b: Bundle): string[] {
  const problems: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(b.top, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (p !== 'manifest.json') {
        const it = b.manifest.items.find((i) => i.path === p && !i.skipped);
        const data = b.bytes(p);
        if (!it) problems.push(`${p}: not in the manifest`);
        else if (it.bytes !== data.length || it.sha256 !== sha256(data)) problems.push(`${p}: size or sha256 differs`);
      }
    }
  };
  walk('');
  return problems;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

export interface IngestResult {
  status: number | null;
  stderr: string;
  bundles: { status: string; incomplete: boolean; errors: unknown[]; node: string; guessedCount?: number }[];
}

/** `nodescope ingest TARBALL --json` into a fresh workspace, as an operator would run it. */
export function ingest(tarball: string, db: string): IngestResult {
  const r = spawnSync('node', [path.join(REPO, 'main/nodescope.cjs'), 'ingest', tarball, '--json', '--db', db], { encoding: 'utf8' });
  const parsed = r.status === 0 ? (JSON.parse(r.stdout) as { bundles: IngestResult['bundles'] }) : { bundles: [] };
  return { status: r.status, stderr: r.stderr, bundles: parsed.bundles };
}

/** A directory of busybox applets (all, or all but some): a PATH for a node with busybox only. */
export function busyboxBin(dir: string, without: string[] = []): string {
  const busybox = spawnSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).stdout.trim();
  for (const a of spawnSync(busybox, ['--list'], { encoding: 'utf8' }).stdout.split('\n')) {
    if (a && !without.includes(a)) fs.symlinkSync(busybox, path.join(dir, a));
  }
  return dir;
}
