/**
 * Node trees with identifying values planted in every place a site's identity hides: host names and
 * their domain, addresses (dotted, dashed, reversed, IPv6, CIDR), a MAC, an e-mail, a home folder, a
 * namespace and pod, in plain logs, /proc, configs, a rotated .gz log, Kubernetes JSON and YAML, a pprof
 * string table, a goroutine dump and file names. The collector bundles the tree for real; the parts a
 * --root run cannot reach (profiles, kubectl output) are added to its tarball with manifest items.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Function as PFunction, Line, Location, Profile, Sample, StringTable, ValueType, Label } from 'pprof-format';
import { collect, tmpDir } from '../collector/fake-node';

export interface Planted {
  host: string;
  /** Values that must never leave the site. */
  secrets: string[];
}

function put(root: string, rel: string, content: string | Buffer): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

export function plantedValues(host: string): string[] {
  return [host, 'acme-corp', '10.20.30.40', '10.20.30.41', '10.20.31.5', '10-20-30-40', '40.30.20.10.in-addr.arpa',
    'fd12:3456:789a:1::42', '52:54:00:12:34:56', 'ops-lead@', 'jdoe', 'payments', 'billing-api'];
}

/** A worker whose every file says who and where it is. */
export function plantedTree(host: string): string {
  const root = tmpDir('share-root');
  const fqdn = `${host}.prod.acme-corp.com`;
  put(root, 'etc/hostname', `${host}\n`);
  put(root, 'etc/os-release', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n');
  put(root, 'etc/hosts', `127.0.0.1 localhost\n10.20.30.40 ${fqdn} ${host}\n10.20.31.5 registry.prod.acme-corp.com\n`);
  put(root, 'etc/resolv.conf', 'nameserver 10.20.30.1\nsearch prod.acme-corp.com svc.cluster.local\n');
  put(root, 'proc/version', 'Linux version 6.1.0-27-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1\n');
  put(root, 'proc/uptime', '3600.00 7000.00\n');
  put(root, 'proc/loadavg', '0.10 0.20 0.30 1/200 4242\n');
  put(root, 'proc/meminfo', 'MemTotal:       16303412 kB\nMemFree:         9429608 kB\nMemAvailable:    9845436 kB\n');
  put(root, 'proc/stat', 'cpu  10132 290 3084 468284 166 0 25 0 0 0\nbtime 1796000000\n');
  put(root, 'proc/4242/stat', '4242 (kubelet) S 1 4242 4242 0 -1 4194560 100 0 0 0 500 300 0 0 20 0 30 0 100 900000000 20000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n');
  put(root, 'proc/4242/status', 'Name:\tkubelet\nState:\tS (sleeping)\nPid:\t4242\nPPid:\t1\n');
  put(root, 'proc/4242/cmdline', ['/usr/bin/kubelet', `--hostname-override=${fqdn}`, '--node-ip=10.20.30.40', '--root-dir=/home/jdoe/kubelet', ''].join('\0'));
  put(root, 'proc/4242/wchan', 'ep_poll');
  const stamp = 'Nov 20 10:00:0';
  const journal = [
    `${stamp}1 ${host} kubelet[4242]: I1120 10:00:01.000000    4242 kubelet_node_status.go:72] "Attempting to register node" node="${fqdn}"`,
    `${stamp}2 ${host} kubelet[4242]: E1120 10:00:02.000000    4242 kubelet.go:2855] "Error getting node" err="node \\"ip-10-20-30-40.prod.acme-corp.com\\" not found"`,
    `${stamp}3 ${host} kernel: eth0: link up, MAC 52:54:00:12:34:56, addr fd12:3456:789a:1::42/64`,
    `${stamp}4 ${host} systemd[1]: Started session 7 of user jdoe (mail ops-lead@acme-corp.com), home /home/jdoe.`,
    `${stamp}5 ${host} kubelet[4242]: E1120 10:00:05.000000    4242 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"api\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=api pod=billing-api-7d9f_payments\\"" pod="payments/billing-api-7d9f"`,
    `${stamp}6 ${host} dnsmasq[99]: reply 40.30.20.10.in-addr.arpa is ${fqdn}, route 10.20.30.0/24 via 10.20.30.1`,
  ];
  put(root, 'var/log/messages', `${journal.join('\n')}\n`);
  put(root, 'var/log/dmesg', `[    1.000000] e1000: eth0 NIC Link is Up, 52:54:00:12:34:56, host ${host}\n`);
  const pod = 'var/log/pods/payments_billing-api-7d9f_1f9a3c52-0b5e-4c4b-9a57-3f0c1e2d4b6a/api';
  put(root, `${pod}/0.log`, `2026-11-20T10:00:00.000000000Z stderr F dial tcp 10.20.30.41:5432: connect: connection refused (db.prod.acme-corp.com)\n`);
  put(root, 'var/lib/kubelet/config.yaml', `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nclusterDNS:\n- 10.20.30.1\nstaticPodPath: /home/jdoe/manifests\n`);
  put(root, 'etc/containerd/config.toml', `version = 2\n[plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]\n  endpoint = ["https://registry.prod.acme-corp.com:5000", "http://10.20.31.5:5000"]\n`);
  return root;
}

/** A small CPU profile of ours whose strings name the host, a home folder and an address. */
export function plantedProfile(host: string): Buffer {
  const st = new StringTable();
  const fn = new PFunction({ id: 1, name: st.dedup('main.dial'), systemName: st.dedup('main.dial'), filename: st.dedup('/home/jdoe/src/agent/dial.go') });
  const fn2 = new PFunction({ id: 2, name: st.dedup('main.main'), systemName: st.dedup('main.main'), filename: st.dedup('/home/jdoe/src/agent/main.go') });
  const loc = new Location({ id: 1, line: [new Line({ functionId: 1, line: 12 })] });
  const loc2 = new Location({ id: 2, line: [new Line({ functionId: 2, line: 7 })] });
  const label = new Label({ key: st.dedup('peer'), str: st.dedup(`10.20.30.41 ${host}.prod.acme-corp.com`) });
  const profile = new Profile({
    sampleType: [new ValueType({ type: st.dedup('samples'), unit: st.dedup('count') }), new ValueType({ type: st.dedup('cpu'), unit: st.dedup('nanoseconds') })],
    sample: [new Sample({ locationId: [1, 2], value: [5, 50_000_000], label: [label] }), new Sample({ locationId: [2], value: [1, 10_000_000] })],
    location: [loc, loc2],
    function: [fn, fn2],
    stringTable: st,
    periodType: new ValueType({ type: st.dedup('cpu'), unit: st.dedup('nanoseconds') }),
    period: 10_000_000,
    durationNanos: 1_000_000_000,
  });
  return zlib.gzipSync(Buffer.from(profile.encode()));
}

/** A debug=2 goroutine dump in the Go runtime's format, naming the home folder and a peer. */
export function plantedGoroutines(host: string): string {
  return [
    'goroutine 1 [running]:',
    'main.main()',
    '\t/home/jdoe/src/agent/main.go:7 +0x1d',
    '',
    `goroutine 7 [IO wait, 3 minutes]:`,
    'internal/poll.runtime_pollWait(0x7f1c2c0f8e28, 0x72)',
    '\t/usr/lib/go-1.19/src/runtime/netpoll.go:305 +0x89',
    `main.dial({0xc000012345, 0x1c}) // ${host}.prod.acme-corp.com 10.20.30.41`,
    '\t/home/jdoe/src/agent/dial.go:12 +0x2a',
    'created by main.main',
    '\t/home/jdoe/src/agent/main.go:9 +0x45',
    '',
  ].join('\n');
}

function pods(host: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'billing-api-7d9f', namespace: 'payments', uid: '1f9a3c52-0b5e-4c4b-9a57-3f0c1e2d4b6a' },
        spec: { nodeName: host, containers: [{ name: 'api', image: 'registry.prod.acme-corp.com:5000/billing/api:1.2' }] },
        status: { phase: 'Running', hostIP: '10.20.30.40', podIP: '10.20.40.9', podIPs: [{ ip: '10.20.40.9' }] },
      },
    ],
  }, null, 2);
}

function nodesYaml(host: string): string {
  return `apiVersion: v1\nkind: Node\nmetadata:\n  name: ${host}\n  labels:\n    kubernetes.io/hostname: ${host}\nstatus:\n  addresses:\n  - type: InternalIP\n    address: 10.20.30.40\n  - type: Hostname\n    address: ${host}.prod.acme-corp.com\n`;
}

function sha256(b: Buffer): string {
  return crypto.createHash('sha256').update(b).digest('hex');
}

/** Adds files to a collector bundle (with their manifest items) and packs it again. */
function addToBundle(tarball: string, files: { path: string; kind: string; data: Buffer }[]): string {
  const dir = tmpDir('share-repack');
  spawnSync('tar', ['-xzf', tarball, '-C', dir]);
  const top = fs.readdirSync(dir)[0]!;
  const manifestFile = path.join(dir, top, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { items: Record<string, unknown>[] };
  for (const f of files) {
    put(path.join(dir, top), f.path, f.data);
    manifest.items.push({ path: f.path, kind: f.kind, bytes: f.data.length, sha256: sha256(f.data), truncated: false });
  }
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 1));
  const r = spawnSync('tar', ['-czf', tarball, '-C', dir, top]);
  if (r.status !== 0) throw new Error(`tar: ${r.stderr.toString()}`);
  return tarball;
}

/** The real collector's bundle of a planted tree, with profiles, a dump and kubectl output added. */
export async function plantedBundle(host: string): Promise<string> {
  const root = plantedTree(host);
  const out = tmpDir('share-out');
  const run = await collect(['--root', root, '--output', out, '--no-profiles', '--deadline', '60', '--step-timeout', '10']);
  if (!run.tarball) throw new Error(`the collector made no bundle: ${run.stderr}`);
  const rotated = zlib.gzipSync(Buffer.from(`Nov 19 23:59:59 ${host} sshd[7]: Accepted publickey for jdoe from 10.20.30.41 port 50122\n`));
  return addToBundle(run.tarball, [
    { path: `pprof/agent-${host}/cpu.pb.gz`, kind: 'pprof', data: plantedProfile(host) },
    { path: 'pprof/agent/goroutine-debug2.txt', kind: 'goroutine-dump', data: Buffer.from(plantedGoroutines(host)) },
    { path: 'k8s/pods.json', kind: 'k8s-pods', data: Buffer.from(pods(host)) },
    { path: 'k8s/node.yaml', kind: 'k8s-object', data: Buffer.from(nodesYaml(host)) },
    { path: 'logs/messages-20261119.gz', kind: 'syslog', data: rotated },
  ]);
}
