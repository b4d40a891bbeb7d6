/**
 * Lines per second of each log parser on 1M generated lines shaped like the real fixtures
 * (a measurement, not a test). Run: npm run build:main && node dist/main/engine/logs/bench/parsers.js [lines]
 */
import { performance } from 'node:perf_hooks';
import type { LogContext, LogFormat } from '../format';
import { logFormatFor } from '../index';

const KUBELET = '"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"controller\\" with CrashLoopBackOff" pod="openshift-cloud-network-config-controller/cloud-network-config-controller-74ffd6bb6d-7979c"';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const START = Date.parse('2026-11-05T01:00:00Z');

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const isoZ = (t: number) => new Date(t).toISOString();
const classic = (d: Date) => `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
const klog = (d: Date, letter: string) =>
  `${letter}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}123    2296 pod_workers.go:1300]`;
const letter = (i: number) => (i % 7 === 0 ? 'E' : i % 11 === 0 ? 'W' : 'I');

/** One generator per format: line i of the input, 3 ms apart. */
const generators: Record<string, (i: number, t: number) => string> = {
  journal: (i, t) => `${isoZ(t).replace('Z', '123+0000')} worker-3 kubenswrapper[2296]: ${klog(new Date(t), letter(i))} ${KUBELET}`,
  'journal-json': (i, t) =>
    `{"__CURSOR":"s=cfb3c68a;i=${i.toString(16)}","__REALTIME_TIMESTAMP":"${t}123","PRIORITY":"6","_SYSTEMD_UNIT":"kubelet.service","SYSLOG_IDENTIFIER":"kubenswrapper","_PID":"2296","MESSAGE":"${klog(new Date(t), letter(i))} ${KUBELET.replace(/\\"/g, '\\\\\\"').replace(/"/g, '\\"')}","_HOSTNAME":"worker-3"}`,
  klog: (i, t) => `${klog(new Date(t), letter(i))} ${KUBELET}`,
  'cri-log': (i, t) => `${isoZ(t)} stdout F ${i % 5 === 0 ? '[WARNING] No files matching import glob pattern: /etc/coredns/custom/*.server' : '[INFO] 10.42.0.1:52133 - 48213 "A IN kubernetes.default.svc.cluster.local. udp 54 false 512" NOERROR qr,aa,rd 106 0.000131s'}`,
  'docker-json-log': (i, t) => `{"log":"[INFO] 10.42.0.1:52133 - ${i} \\"A IN kubernetes.default.svc.cluster.local. udp 54 false 512\\" NOERROR qr,aa,rd 106 0.000131s\\n","stream":"stdout","time":"${isoZ(t).replace('Z', '456789Z')}"}`,
  dmesg: (i, t) => `[${String(((t - START) / 1000).toFixed(6)).padStart(12)}] ${i % 9 === 0 ? 'Memory cgroup out of memory: Kill process 1012 (heapster) score 1035 or sacrifice child' : 'IPv6: ADDRCONF(NETDEV_CHANGE): cali5e9c1a2b3c4: link becomes ready'}`,
  syslog: (i, t) => `${classic(new Date(t))} worker-3 ${i % 3 === 0 ? 'dockerd[1751]: time="2026-11-05T09:50:28.101928312+08:00" level=info msg="Container 10f0451e1345 failed to exit within 10 seconds of kill - trying direct SIGKILL"' : `kubelet: ${klog(new Date(t), letter(i))} ${KUBELET}`}`,
  log: (i, t) => `${isoZ(t).replace('T', ' ').replace('Z', '')} ${i % 4 === 0 ? 'ERROR' : 'INFO '} [controller] reconcile of node worker-3 took ${i % 997}ms`,
};

/** Lines per second of wall time and of this process's CPU time (the latter holds on a busy machine). */
function measure(format: LogFormat, lines: string[], ctx: LogContext): [number, number] {
  let withTime = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const line of lines) if (format.parse(line, ctx).ts !== null) withTime++;
  const cpu = process.cpuUsage(cpu0);
  const seconds = (performance.now() - t0) / 1000;
  if (withTime !== lines.length) throw new Error(`${format.kind}: ${lines.length - withTime} lines without a time`);
  return [lines.length / seconds, lines.length / ((cpu.user + cpu.system) / 1e6)];
}

function main(): void {
  const n = Number(process.argv[2] ?? 1_000_000);
  const ctx: LogContext = {
    artifactPath: 'logs/pods/kube-system_coredns-b96499967-tncf4_8a1c6fd4/coredns/0.log',
    collectedAtMs: START + n * 3 + 60_000,
    timezone: 'Asia/Shanghai',
    bootTimeMs: START,
  };
  console.log(`format           lines/s wall  lines/s cpu   (${n} lines, ${process.version})`);
  for (const [kind, make] of Object.entries(generators)) {
    const format = logFormatFor(kind);
    if (!format) throw new Error(`no format ${kind}`);
    // as the ingest gets them: slices of one decoded chunk, not strings built piece by piece
    const lines = Array.from({ length: n }, (_, i) => make(i, START + i * 3)).join('\n').split('\n');
    measure(format, lines.slice(0, 50_000), ctx); // warm-up
    const [wall, cpu] = measure(format, lines, ctx);
    const fmt = (r: number) => Math.round(r).toLocaleString('en-US').padStart(12);
    console.log(`${kind.padEnd(16)} ${fmt(wall)} ${fmt(cpu)}`);
  }
}

main();
