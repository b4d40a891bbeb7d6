import fs from 'node:fs';
import path from 'node:path';
import { cpuProfile } from '../cases/cpu-profile';
import type { ManifestItem } from '../../shared/bundle-format';
import { manifestFor } from '../support/manifest';
import { writeTar, type TarEntry } from '../support/tarball';

/**
 * The node of the report tests: a kernel log (hung dockerd in copy_net_ns, an OOM kill, a netdevice
 * leak) and a kubelet journal (a crash-looping gateway), the made-here twins of test/fixtures/logs
 * (make-twins.mjs), kube-proxy's CPU profile of field case 6
 * (realIPGetter.NodeIPs dominating, stacks as in test/cases/field-cases.test.ts), a Chinese node name,
 * and two kubelet lines a hostile workload made the kubelet log: its container and pod names carry a
 * script tag, an image with onerror, a Markdown javascript: link, an HTML comment and Chinese text.
 * The reference node has the same real logs without those lines and a quiet kube-proxy.
 */

const DEMO = path.resolve(__dirname, '..', 'demo', 'nodescope-demo-worker-1');
const demo = (rel: string): Buffer => fs.readFileSync(path.join(DEMO, rel));
const LOGS = path.resolve(__dirname, '..', 'fixtures', 'logs');
const log = (name: string): string => fs.readFileSync(path.join(LOGS, name), 'utf8');

/** The node's kern.log: a hung task (19 lines), an OOM kill (lines 20-21) and a netdevice leak (line 22). */
export const KERN_LOG: Buffer = Buffer.from(
  ['kernel-hung-task-netns.txt', 'kernel-oom-kill-cgroup.txt', 'kernel-unregister-netdevice.txt'].map((f) => log(f).trimEnd()).join('\n') + '\n',
);
/** The node's kubelet journal (journalctl -o short-precise) before the hostile lines. */
export const KUBELET_JOURNAL: Buffer = Buffer.from(log('kubelet-journal-short-precise.log'));

export const NODE = '北京-worker-03';
export const REFERENCE_NODE = 'beijing-worker-02';

export const HOSTILE = {
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(2)>',
  link: '[点击这里](javascript:alert(3))',
  comment: '<!-- 隐藏 -->',
};
/** Chinese text the PDF must show as glyphs, not boxes. */
export const CJK = '数据同步服务启动失败';

const CONTAINER = `sync${HOSTILE.script}`;
const POD = `数据同步-${HOSTILE.img}-7d9f`;

function hostileLine(time: string, detail: string): string {
  return (
    `Nov 10 ${time}.100000 ${NODE} kubenswrapper[2296]: E1110 ${time}.100000    2296 pod_workers.go:1300] "Error syncing pod, skipping" ` +
    `err="failed to \\"StartContainer\\" for \\"${CONTAINER}\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=${CONTAINER} pod=${POD}_default(9b1e)\\"" ${detail}`
  );
}

export const HOSTILE_LINES = [
  hostileLine('14:19:30', `reason="${CJK} ${HOSTILE.link}"`),
  hostileLine('14:20:31', `message="${HOSTILE.comment} ${CJK}"`),
];

const P = 'k8s.io/kubernetes/pkg/proxy/ipvs';
export const HOT_FUNCTION = `${P}.(*realIPGetter).NodeIPs`;
const PROXY_ROOT = ['runtime.goexit', 'k8s.io/kubernetes/vendor/k8s.io/apimachinery/pkg/util/wait.JitterUntil.func1', 'k8s.io/kubernetes/pkg/util/async.(*BoundedFrequencyRunner).tryRun', `${P}.(*Proxier).syncProxyRules`];

function kubeProxyProfile(hot: boolean): Buffer {
  const k = hot ? 1 : 0.02;
  return cpuProfile([
    { frames: [...PROXY_ROOT, HOT_FUNCTION, 'net.interfaceAddrTable', 'syscall.NetlinkRIB', 'syscall.Syscall6'], ms: 21000 * k },
    { frames: [...PROXY_ROOT, HOT_FUNCTION, 'net.interfaceAddrTable', 'syscall.ParseNetlinkMessage'], ms: 18000 * k },
    { frames: [...PROXY_ROOT, HOT_FUNCTION, 'runtime.mallocgc'], ms: 9000 * k },
    { frames: [...PROXY_ROOT, `${P}.(*Proxier).syncService`], ms: 8000 },
    { frames: ['runtime.goexit', 'runtime.gcBgMarkWorker', 'runtime.gcDrain'], ms: 6000 },
  ]);
}

function files(incident: boolean): Map<string, Buffer> {
  const journal = KUBELET_JOURNAL.toString('utf8');
  return new Map([
    ['logs/kern.log', KERN_LOG],
    ['logs/journal/kubelet.service.log', Buffer.from(incident ? `${journal}${HOSTILE_LINES.join('\n')}\n` : journal)],
    ['pprof/kube-proxy/cpu.pb.gz', kubeProxyProfile(incident)],
    ['proc/loadavg', demo('proc/loadavg')],
    ['proc/meminfo', demo('proc/meminfo')],
  ]);
}

const KINDS: Record<string, string> = {
  'logs/kern.log': 'syslog',
  'logs/journal/kubelet.service.log': 'journal',
  'pprof/kube-proxy/cpu.pb.gz': 'pprof',
  'proc/loadavg': 'proc-loadavg',
  'proc/meminfo': 'proc-meminfo',
};

async function write(dir: string, hostname: string, incident: boolean): Promise<string> {
  const top = `nodescope-${hostname}-20261110T141800Z`;
  const content = files(incident);
  const items: Partial<ManifestItem>[] = [...content].map(([p, data]) => ({ path: p, kind: KINDS[p], bytes: data.length, originalBytes: data.length }));
  items.push({ path: 'network/ipvsadm.txt', kind: 'ipvsadm', skipped: 'ipvsadm not found on PATH' });
  items.push({ path: 'pprof/kubelet/cpu.pb.gz', kind: 'pprof', command: 'curl -sk https://127.0.0.1:10250/debug/pprof/profile?seconds=30', timedOut: true, durationMs: 45_000, exitCode: 28 });
  const manifest = manifestFor(hostname, items, {
    collection: { startedAt: '2026-11-10T14:18:00Z', endedAt: '2026-11-10T14:21:30Z', options: { profiles: true } },
  });
  manifest.node = { ...manifest.node, kubeletVersion: 'v1.28.4', containerRuntime: 'containerd://1.7.13', timezone: 'UTC' };
  const entries: TarEntry[] = [
    { name: `${top}/manifest.json`, content: JSON.stringify(manifest, null, 2) },
    ...[...content].map(([p, data]) => ({ name: `${top}/${p}`, content: data })),
  ];
  return writeTar(path.join(dir, `${top}.tar.gz`), entries);
}

export function writeIncidentBundle(dir: string): Promise<string> {
  return write(dir, NODE, true);
}

export function writeReferenceBundle(dir: string): Promise<string> {
  return write(dir, REFERENCE_NODE, false);
}
