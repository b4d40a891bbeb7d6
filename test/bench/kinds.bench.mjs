// `npm run bench kinds`: one bundle per artifact kind holding one giant artifact of it, just under the
// 16 MiB nodescope parses whole and at 100 MiB: peak RSS and time of `nodescope ingest`. Memory must stay
// flat whatever one artifact's size (issue 14): a rule that searched per row (df -Pi) hung on such a file,
// and /proc/cgroups, pid_max or a Corefile of 15 MiB took an ingest to 600-700 MB before their caps.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(root, 'main', 'nodescope.cjs');
const MiB = 2 ** 20;
/** Sizes of the one artifact: under the default whole-read cap, and far past it. */
const SIZES = [15 * MiB, 100 * MiB];
const MAX_MB = 350;
/** An ingest still running after this is a finding of its own (the df -Pi case ran for 17 minutes). */
const TIMEOUT_MS = 120_000;

const kv = (i) => `key_${i} ${i * 7}\n`;
const table = (i) => `${i} 1 2 3 4 5 6 7 8 9 10 11\n`;
/** Each kind: where a bundle holds it, and its n-th line (made up, of the kind's own shape). */
const KINDS = {
  'proc-pid-stat': ['proc/1/stat', (i) => `1 (systemd) S 0 1 1 0 -1 4194560 ${i} 0 0 0 0 0 0 0 20 0 1 0 1 0 0\n`],
  'proc-pid-status': ['proc/1/status', (i) => (i === 0 ? 'Name:\tkubelet\nState:\tS (sleeping)\nPid:\t1\n' : `VmRSS:\t${i} kB\n`)],
  'goroutine-dump': ['pprof/kubelet/goroutine-debug2.txt', (i) => `goroutine ${i + 1} [chan receive, ${i % 90} minutes]:\nk8s.io/client-go/tools/cache.(*Reflector).watchHandler(0xc000)\n\t/src/reflector.go:${300 + (i % 7)} +0x1d\n\n`],
  'proc-pid-wchan': ['proc/1/wchan', (i) => `ep_poll${i}\n`],
  'proc-pid-stack': ['proc/1/stack', (i) => `[<0>] fn_${i}+0x1/0x200\n`],
  'proc-pid-cmdline': ['proc/1/cmdline', (i) => `arg${i}\0`],
  'proc-pid-cgroup': ['proc/1/cgroup', (i) => `${i}:cpu:/kubepods/pod${i}\n`],
  'proc-pid-ns': ['proc/1/ns', (i) => `net:[${4026531840 + i}]\n`],
  'proc-pid-fd-count': ['proc/1/fd-count', (i) => `${i}\n`],
  'proc-pid-environ': ['proc/1/environ', (i) => `VAR${i}=x\0`],
  'thread-samples': ['proc/thread-samples.txt', (i) => `${i % 10} ${1000 + (i % 500)} ${2000 + i} D io_schedule kworker\n`],
  'proc-pid-cpu': ['proc/pid-cpu.txt', (i) => `${1000 + i} ${i} ${i * 2}\n`],
  'proc-stat': ['proc/stat', (i) => `cpu${i} 1 2 3 4 5 6 7 8 9 10\n`],
  'proc-diskstats': ['proc/diskstats', (i) => `   8       ${i % 256} sda${i} 1 2 3 4 5 6 7 8 9 10 11\n`],
  'proc-loadavg': ['proc/loadavg', (i) => `0.${i % 100} 0.1 0.1 1/200 ${i}\n`],
  'proc-meminfo': ['proc/meminfo', (i) => `Mem${i}: ${i} kB\n`],
  'proc-vmstat': ['proc/vmstat', kv],
  'proc-cgroups': ['proc/cgroups', (i) => `ctl${i}\t${i % 12}\t${i * 3}\t1\n`],
  'proc-pressure': ['proc/pressure/cpu', (i) => `some avg10=0.${i % 100} avg60=0.00 avg300=0.00 total=${i}\n`],
  'proc-file-nr': ['proc/sys/fs/file-nr', (i) => `${i}\t0\t9223372036854775807\n`],
  'proc-pid-max': ['proc/sys/kernel/pid_max', (i) => `${i}\n`],
  'nf-conntrack': ['proc/sys/net/netfilter/nf_conntrack_count', (i) => `${i}\n`],
  'proc-version': ['proc/version', (i) => `Linux version 5.10.${i} (gcc) #1 SMP\n`],
  'kernel-modules': ['proc/modules', (i) => `mod${i} 16384 0 - Live 0x0000000000000000\n`],
  'kernel-symbols': ['proc/kallsyms', (i) => `ffffffff8100${i.toString(16)} T fn_${i}\n`],
  'kernel-cmdline': ['proc/cmdline', (i) => `opt${i}=1 `],
  mounts: ['proc/mounts', (i) => `overlay /var/lib/containerd/${i}/rootfs overlay rw,relatime 0 0\n`],
  'os-release': ['etc/os-release', (i) => `KEY${i}="value"\n`],
  hosts: ['etc/hosts', (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} host-${i}\n`],
  'resolv-conf': ['etc/resolv.conf', (i) => `nameserver 10.0.${(i >> 8) & 255}.${i & 255}\n`],
  corefile: ['dns/Corefile', (i) => `zone${i}.example:53 {\n    forward . 10.0.0.${i % 250}\n}\n`],
  uname: ['node/uname.txt', (i) => `Linux node${i} 5.10.0 #1 SMP x86_64 GNU/Linux\n`],
  uptime: ['node/uptime.txt', (i) => ` 10:00:00 up ${i} days,  1 user,  load average: 0.00, 0.01, 0.05\n`],
  date: ['node/date.txt', (i) => `2026-11-05T10:00:${String(i % 60).padStart(2, '0')}Z\n`],
  timezone: ['node/timezone.txt', (i) => `Etc/UTC${i}\n`],
  versions: ['node/versions.txt', (i) => `kubelet: v1.29.${i}\n`],
  sysctl: ['node/sysctl.txt', (i) => `net.ipv4.conf.veth${i}.rp_filter = ${i % 3}\n`],
  'df-inodes': ['node/df-inodes.txt', (i) => `/dev/sd${i} 1000 500 500 50% /mnt/${i}\n`],
  df: ['node/df.txt', (i) => `/dev/sd${i} 1000000 500000 500000 50% /mnt/${i}\n`],
  ss: ['network/ss.txt', (i) => `LISTEN 0 4096 10.0.${(i >> 8) & 255}.${i & 255}:${1024 + (i % 60000)} 0.0.0.0:* users:(("app",pid=${i},fd=7))\n`],
  'ip6tables-save': ['network/ip6tables-save.txt', (i) => (i === 0 ? '*filter\n' : `-A INPUT -s fd00::${i.toString(16)}/128 -j ACCEPT\n`)],
  ipvsadm: ['network/ipvsadm.txt', (i) => `TCP  10.96.${(i >> 8) & 255}.${i & 255}:80 rr\n  -> 10.244.0.${i % 250}:8080 Masq 1 0 0\n`],
  'conntrack-stats': ['network/conntrack-stats.txt', (i) => `cpu=${i} found=0 invalid=${i} insert=0 insert_failed=${i % 7} drop=${i % 3}\n`],
  'ip-addr': ['network/ip-addr.txt', (i) => `${i}: veth${i}@if3: <BROADCAST,MULTICAST,UP> mtu 1500\n    inet 10.0.${(i >> 8) & 255}.${i & 255}/24 scope global veth${i}\n`],
  'ip-route': ['network/ip-route.txt', (i) => `10.${(i >> 8) & 255}.${i & 255}.0/24 via 10.0.0.1 dev eth0\n`],
  'ip-rule': ['network/ip-rule.txt', (i) => `${i}: from all lookup ${i}\n`],
  firewalld: ['network/firewalld.txt', (i) => `public (active)\n  services: s${i}\n`],
  'nginx-config': ['etc/nginx/nginx.conf', (i) => `server { listen ${1024 + (i % 60000)}; location /p${i} { proxy_pass http://10.0.0.1:8080; } }\n`],
  'crictl-ps': ['runtime/crictl-ps.txt', (i) => `${i.toString(16).padStart(13, '0')} img 2 hours ago Running c${i} 0 pod${i}\n`],
  'crictl-pods': ['runtime/crictl-pods.txt', (i) => `${i.toString(16).padStart(13, '0')} 2 hours ago Ready pod${i} default 0 (default)\n`],
  'crictl-info': ['runtime/crictl-info.json', (i) => (i === 0 ? '{"status":{"conditions":[' : `{"type":"T${i}","status":true},`)],
  'docker-ps': ['runtime/docker-ps.txt', (i) => `${i.toString(16).padStart(12, '0')} img "cmd" 2 hours ago Up c${i}\n`],
  'docker-info': ['runtime/docker-info.txt', (i) => ` Key${i}: value\n`],
  'containerd-config': ['etc/containerd/config.toml', (i) => `[plugins."p${i}"]\n  key = ${i}\n`],
  'k8s-events': ['k8s/events.json', (i) => (i === 0 ? '{"kind":"List","items":[' : `{"kind":"Event","metadata":{"name":"e${i}","namespace":"default"},"reason":"BackOff","message":"Back-off ${i}","count":${i}},`)],
  'collector-log': ['collector.log', (i) => `2026-11-05T10:00:00Z step ${i} ok\n`],
  'kubectl-yaml': ['namespaces/default/core/pods.yaml', (i) => (i === 0 ? 'apiVersion: v1\nitems:\n' : `- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: web-${i}\n    namespace: default\n  status:\n    phase: Running\n`)],
};

/** Writes the kind's artifact of `bytes` under a fresh tree and packs it as a bundle. */
function bundleOf(dir, rel, line, bytes) {
  const tree = path.join(dir, 'tree');
  fs.rmSync(tree, { recursive: true, force: true });
  const file = path.join(tree, 'b', rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  let parts = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const l = line(i);
    parts.push(l);
    size += l.length;
    if (parts.length >= 20_000) {
      fs.writeSync(fd, parts.join(''));
      parts = [];
    }
  }
  fs.writeSync(fd, parts.join(''));
  fs.closeSync(fd);
  const tarball = path.join(dir, 'bundle.tar.gz');
  spawnSync('tar', ['czf', tarball, '-C', tree, 'b']);
  fs.rmSync(tree, { recursive: true, force: true });
  return tarball;
}

function ingest(dir, tarball) {
  const db = path.join(dir, 'ws.db');
  for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}-search`, `${db}-search-wal`, `${db}-search-shm`]) fs.rmSync(f, { force: true });
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, 'ingest', tarball, '--db', db, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: TIMEOUT_MS });
  if (r.error) return { text: `did not finish in ${TIMEOUT_MS / 1000} s`, over: true };
  const [wall, kb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  const mb = kb / 1024;
  return { text: `${mb.toFixed(0)} MB, ${wall.toFixed(2)} s, exit ${r.status}`, over: mb > MAX_MB || r.status !== 0, mb };
}

export async function run(benchDir) {
  const dir = path.join(benchDir, 'kinds');
  fs.mkdirSync(dir, { recursive: true });
  const rows = [];
  const over = [];
  let worst = { mb: 0, at: '' };
  console.log(`| kind | ${SIZES.map((s) => `${s / MiB} MiB`).join(' | ')} |\n|---|${SIZES.map(() => '---').join('|')}|`);
  for (const [kind, [rel, line]] of Object.entries(KINDS)) {
    const cells = SIZES.map((bytes) => {
      const m = ingest(dir, bundleOf(dir, rel, line, bytes));
      if (m.over) over.push(`${kind} at ${bytes / MiB} MiB (${m.text})`);
      if ((m.mb ?? 0) > worst.mb) worst = { mb: m.mb, at: `${kind} at ${bytes / MiB} MiB` };
      return m.text;
    });
    console.log(`| ${kind} (${rel}) | ${cells.join(' | ')} |`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  rows.push(['kinds', `${Object.keys(KINDS).length}, each alone in a bundle at ${SIZES.map((s) => `${s / MiB} MiB`).join(' and ')}`]);
  rows.push(['highest peak RSS', `${worst.mb.toFixed(0)} MB (${worst.at})`]);
  rows.push([`over ${MAX_MB} MB, failed or unfinished`, over.length ? over.join('; ') : 'none']);
  return rows;
}
