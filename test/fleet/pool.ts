/**
 * A pool of worker nodes as fake --root trees, collected by the real collector: alike nodes that differ
 * the way a real pool does (two kernel builds during a rolling upgrade, memory sizes, load, an extra
 * kernel module on some, a few probe failures each), and optionally one node with a planted fault.
 */
import fs from 'node:fs';
import path from 'node:path';
import { collect, makeNodeTree } from '../collector/fake-node';

export interface PoolNode {
  hostname: string;
  kernel: string;
  memTotalKB: number;
  memAvailableKB: number;
  load: string;
  modules: string[];
  /** Extra syslog lines (already formatted). */
  messages: string[];
}

const KERNELS = ['3.10.0-1160.118.1.el7.x86_64', '3.10.0-1127.19.1.el7.x86_64'];

function syslog(host: string, second: number, text: string): string {
  const s = String(second % 60).padStart(2, '0');
  const m = String(20 + Math.floor(second / 60) % 40).padStart(2, '0');
  return `Nov 10 14:${m}:${s}.${String(100000 + second * 37).slice(-6)} ${host} ${text}`;
}

/** The healthy variation of worker i (1-based) of a realistic pool. */
export function variedNode(i: number): PoolNode {
  const hostname = `worker-${i}`;
  const probes = Array.from({ length: 1 + (i % 3) }, (_, k) =>
    syslog(hostname, 100 + k, `kubenswrapper[2296]: I1110 14:21:0${k}.000000    2296 prober.go:107] "Probe failed" probeType="Readiness" pod="shop/cart-${i}" podUID=00000000-0000-0000-0000-00000000000${k} containerName="cart" probeResult="failure" output="HTTP probe failed with statuscode: 503"`),
  );
  return {
    hostname,
    kernel: KERNELS[i <= 5 ? 0 : 1] as string,
    memTotalKB: i % 2 ? 16303412 : 32781456,
    memAvailableKB: i % 2 ? 8845436 + i * 51234 : 17845436 + i * 81234,
    load: `${(0.4 + i * 0.11).toFixed(2)} 0.47 0.41 2/1024 31337`,
    modules: i % 2 ? ['ip_vs', 'ip_vs_rr'] : [],
    messages: probes,
  };
}

/** Identical healthy nodes: only the hostname differs (and, once collected, the times). */
export function identicalNode(i: number): PoolNode {
  return { ...variedNode(1), hostname: `worker-${i}`, messages: [] };
}

/**
 * The planted fault: the node's disk filled up and every sandbox and image pull fails with "no space
 * left on device" (field case: /var/lib/containerd on a full root filesystem).
 */
export function diskFullStorm(node: PoolNode, lines = 420): PoolNode {
  const storm: string[] = [];
  for (let k = 0; k < lines; k++) {
    const id = (0xa1b2c3d4e5f6 + k * 7919).toString(16).padStart(64, '0');
    storm.push(
      syslog(node.hostname, 200 + k, `kubenswrapper[2296]: E1110 14:22:00.000000    2296 kuberuntime_manager.go:1166] "CreatePodSandbox for pod failed" err="rpc error: code = Unknown desc = failed to create containerd task: failed to create shim task: write /var/lib/containerd/io.containerd.runtime.v2.task/k8s.io/${id}/config.json: no space left on device" pod="shop/cart-${k}"`),
    );
    if (k % 3 === 0) {
      storm.push(syslog(node.hostname, 200 + k, `containerd[812]: time="2026-11-10T14:22:00.000000000Z" level=error msg="(*service).Write failed" error="write /var/lib/containerd/io.containerd.content.v1.content/ingest/${id}/data: no space left on device" expected="sha256:${id}" ref="layer-sha256:${id}"`));
    }
  }
  return { ...node, messages: [...node.messages, ...storm] };
}

function procVersion(kernel: string): string {
  return `Linux version ${kernel} (mockbuild@x86-034.build.eng.bos.redhat.com) (gcc version 4.8.5) #1 SMP Wed Mar 21 18:14:51 EDT 2018\n`;
}

/** The node's --root tree: the fake node of the collector tests, changed as the pool node says. */
export function nodeTree(n: PoolNode): string {
  const root = makeNodeTree();
  const put = (rel: string, text: string): void => fs.writeFileSync(path.join(root, rel), text);
  put('etc/hostname', `${n.hostname}\n`);
  put('proc/version', procVersion(n.kernel));
  put('proc/cmdline', `BOOT_IMAGE=/vmlinuz-${n.kernel} root=/dev/sda1 ro\n`);
  put('proc/meminfo', `MemTotal:       ${n.memTotalKB} kB\nMemFree:          429608 kB\nMemAvailable:    ${n.memAvailableKB} kB\n`);
  put('proc/loadavg', `${n.load}\n`);
  const modules = n.modules.map((m, k) => `${m} ${40000 + k} 0 - Live 0xffffffffc07${k}0000\n`).join('');
  fs.appendFileSync(path.join(root, 'proc/modules'), modules);
  // The journal of the fake node was written on worker-7 (its host name, its static pods' names):
  // each node's names itself.
  const messages = path.join(root, 'var/log/messages');
  fs.writeFileSync(messages, fs.readFileSync(messages, 'utf8').replace(/\bworker-7\b/g, n.hostname));
  if (n.messages.length) fs.appendFileSync(messages, `${n.messages.join('\n')}\n`);
  return root;
}

/** Collects every node (a few at a time) and returns the tarballs, in node order. */
export async function collectPool(nodes: PoolNode[], out: string, cleanup: string[], parallel = 3): Promise<string[]> {
  const tarballs: string[] = new Array(nodes.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < nodes.length) {
      const i = next++;
      const root = nodeTree(nodes[i] as PoolNode);
      cleanup.push(root);
      const dir = path.join(out, String(i));
      fs.mkdirSync(dir, { recursive: true });
      const run = await collect(['--root', root, '--output', dir, '--no-profiles', '--deadline', '60', '--step-timeout', '10']);
      if (run.code !== 0 || !run.tarball) throw new Error(`collector failed on ${nodes[i]?.hostname}: ${run.stderr.slice(-500)}`);
      tarballs[i] = run.tarball;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return tarballs;
}
