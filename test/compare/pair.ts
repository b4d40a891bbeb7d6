import fs from 'node:fs';
import path from 'node:path';
import { guessKindFromPath } from '../../main/engine/kinds/guess';
import { manifestFor } from '../support/manifest';
import { writeTar, type TarEntry } from '../support/tarball';

/**
 * A good node and a bad node built from the real fixtures of the repository, differing in known ways:
 * a kernel upgrade, IP forwarding off (in a later real sysctl sample whose other changes are the kernel's
 * own counters), other /proc numbers, an iptables rule
 * added, a CoreDNS hosts entry added, two processes stuck in D state, a new error log template and a
 * CPU profile under another workload.
 */

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const read = (rel: string): Buffer => fs.readFileSync(path.join(FIXTURES, rel));
/** The demo bundle (test/demo, made by make-demo.sh), relative to FIXTURES. */
const DEMO = '../demo/nodescope-demo-worker-1';

export const KERNEL_A = '5.10.0-28-amd64';
export const KERNEL_B = '6.1.0-18-amd64';
/** The rule the bad node's iptables has in addition (kube-proxy's live ruleset otherwise). */
export const ADDED_RULE = '-A INPUT -s 10.9.9.9/32 -p tcp -m tcp --dport 53 -j DROP';
/** The hosts entry the bad node's CoreDNS has in addition. */
export const ADDED_HOST = '10.0.0.99 registry.internal';
/** Lines of the kubelet journal (make-twins.mjs) that only the bad node logged. */
export const NEW_ERROR = 'Error syncing pod, skipping';

/** The good node forwards packets, as Kubernetes needs; the bad node's sysctl (a real later sample) does not. */
export const FORWARDING = 'net.ipv4.ip_forward';

export type Files = Map<string, Buffer>;

/** Files of a folder of the repository's fixtures, by bundle path. */
function tree(rel: string, skip: (p: string) => boolean = () => false): Files {
  const root = path.join(FIXTURES, rel);
  const out: Files = new Map();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else {
        const p = path.relative(root, full).split(path.sep).join('/');
        if (!skip(p)) out.set(p, fs.readFileSync(full));
      }
    }
  };
  walk(root);
  return out;
}

/** The kernel release comes from the manifest: uname and proc/version of the build VM are left out. */
const kernelFiles = (p: string): boolean => p === 'node/uname.txt' || p === 'proc/version';

function corefileWithHost(corefile: string): string {
  return corefile.replace(/(\n {4}hosts[^\n{]*\{\n)/, `$1       ${ADDED_HOST}\n`);
}

function iptablesWithRule(save: string): string {
  return save.replace(/(\*filter\n(?::[^\n]*\n)+)/, `$1[0:0] ${ADDED_RULE}\n`);
}

/** The real zap-pid-ns capture has two sleeps in D state; on the good node they sleep normally (S). */
function processes(stuck: boolean): Files {
  const files = tree('processes/zap-pid-ns');
  if (stuck) return files;
  for (const [p, content] of files) {
    if (/^proc\/\d+\/stat$/.test(p)) files.set(p, Buffer.from(content.toString('utf8').replace(/^(\d+ \([^)]*\)) D /, '$1 S ')));
    if (/^proc\/\d+\/status$/.test(p)) files.set(p, Buffer.from(content.toString('utf8').replace(/^State:\tD \(disk sleep\)$/m, 'State:\tS (sleeping)')));
  }
  return files;
}

function journal(bad: boolean): Buffer {
  const text = read('logs/kubelet-journal-short-precise.log').toString('utf8');
  if (bad) return Buffer.from(text);
  return Buffer.from(text.split('\n').filter((l) => !l.includes(NEW_ERROR)).join('\n'));
}

export function goodNodeFiles(): Files {
  const files: Files = new Map([
    ...tree('system/this-vm', kernelFiles),
    ['node/sysctl.txt', Buffer.from(read('system/this-vm/node/sysctl.txt').toString('utf8').replace(`${FORWARDING} = 0`, `${FORWARDING} = 1`))],
    ...processes(false),
    ['network/iptables-save.txt', read('network/kube-proxy-live.iptables-nft-save-c.txt')],
    ['dns/Corefile', read(`${DEMO}/dns/Corefile`)],
    ['logs/journal/kubelet.service.log', journal(false)],
    ['pprof/etcd/cpu.pb.gz', read('pprof/etcd-3.4.23/cpu-put.pb.gz')],
  ]);
  return files;
}

export function badNodeFiles(): Files {
  const demoProc = tree(DEMO, (p) => !p.startsWith('proc/') || /^proc\/\d+\//.test(p) || p === 'proc/version');
  const files: Files = new Map([
    ...tree('system/this-vm', (p) => kernelFiles(p) || demoProc.has(p)),
    ...demoProc,
    ['node/sysctl.txt', read('system/sysctl-later.txt')],
    ...processes(true),
    ['network/iptables-save.txt', Buffer.from(iptablesWithRule(read('network/kube-proxy-live.iptables-nft-save-c.txt').toString('utf8')))],
    ['dns/Corefile', Buffer.from(corefileWithHost(read(`${DEMO}/dns/Corefile`).toString('utf8')))],
    ['logs/journal/kubelet.service.log', journal(true)],
    ['pprof/etcd/cpu.pb.gz', read('pprof/etcd-3.4.23/cpu-put-range.pb.gz')],
  ]);
  return files;
}

/** A collector-style tar.gz: top folder, manifest.json first, one manifest item per file. */
export async function writeBundle(dir: string, hostname: string, kernel: string, files: Files): Promise<string> {
  const top = `nodescope-${hostname}-20261105T100000Z`;
  const paths = [...files.keys()].sort();
  const items = paths.map((p) => ({ path: p, kind: guessKindFromPath(p) ?? 'text' }));
  const manifest = manifestFor(hostname, items, {});
  manifest.node = { ...manifest.node, kernel };
  const entries: TarEntry[] = [
    { name: `${top}/manifest.json`, content: JSON.stringify(manifest) },
    ...paths.map((p) => ({ name: `${top}/${p}`, content: files.get(p) as Buffer })),
  ];
  return writeTar(path.join(dir, `${top}.tar.gz`), entries);
}

export async function writePair(dir: string): Promise<{ good: string; bad: string }> {
  return {
    good: await writeBundle(dir, 'good-node', KERNEL_A, goodNodeFiles()),
    bad: await writeBundle(dir, 'bad-node', KERNEL_B, badNodeFiles()),
  };
}
