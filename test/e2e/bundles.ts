import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ManifestItem } from '../../shared/bundle-format';
import { kubeletJournal } from '../fixtures/logs/kubelet-journal';
import { manifestFor } from '../support/manifest';
import { writeTar, type TarEntry } from '../support/tarball';

/** Markup an attacker could plant in a node's logs, process names and Corefile. */
export const XSS = {
  img: '<img src=x onerror="window.__nodescopeXss=1">',
  script: '<script>window.__nodescopeXss=2</script>',
  href: 'javascript:window.__nodescopeXss=3',
};

const TOP = 'nodescope-evil-node-20261105T100000Z';

/**
 * A collector bundle from a node whose workloads wrote markup everywhere the UI shows text:
 * the kubelet journal, a process name and command line, and a CoreDNS hosts entry.
 */
export async function writeHostileBundle(dir: string): Promise<string> {
  const journal = [
    `2026-11-05T09:59:01.000001+0000 evil-node kubelet[812]: E1105 09:59:01.000001     812 pod_workers.go:1300] "Error syncing pod" pod="default/${XSS.img}"`,
    `2026-11-05T09:59:02.000002+0000 evil-node kubelet[812]: I1105 09:59:02.000002     812 kubelet.go:2400] annotation ${XSS.script}`,
    `2026-11-05T09:59:03.000003+0000 evil-node kubelet[812]: W1105 09:59:03.000003     812 prober.go:100] probe url ${XSS.href}`,
  ].join('\n');
  const corefile = [
    '.:53 {',
    '    errors',
    '    hosts {',
    `        10.0.0.9 evil.example ${XSS.img}`,
    '        fallthrough',
    '    }',
    `    # ${XSS.script}`,
    '    forward . /etc/resolv.conf',
    '    cache 30',
    '}',
  ].join('\n');
  const comm = '<script>x</script>';
  const files: Record<string, { kind: string; content: string; command?: string }> = {
    'logs/journal/kubelet.log': { kind: 'journal', content: `${journal}\n`, command: 'journalctl -o short-iso-precise -u kubelet' },
    'dns/Corefile': { kind: 'corefile', content: `${corefile}\n` },
    'proc/4242/stat': { kind: 'proc-pid-stat', content: `4242 (${comm}) D 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 500 10000000 300 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n` },
    'proc/4242/status': { kind: 'proc-pid-status', content: `Name:\t${comm}\nState:\tD (disk sleep)\nPid:\t4242\nPPid:\t1\n` },
    'proc/4242/cmdline': { kind: 'proc-pid-cmdline', content: `${XSS.img}\0--url=${XSS.href}\0` },
    'proc/4242/wchan': { kind: 'proc-pid-wchan', content: 'rwsem_down_read_slowpath' },
  };
  const items: Partial<ManifestItem>[] = Object.entries(files).map(([p, f]) => ({ path: p, kind: f.kind, command: f.command ?? null, bytes: Buffer.byteLength(f.content) }));
  const manifest = manifestFor('evil-node', items);
  const entries: TarEntry[] = [
    { name: `${TOP}/manifest.json`, content: JSON.stringify(manifest, null, 2) },
    ...Object.entries(files).map(([p, f]) => ({ name: `${TOP}/${p}`, content: f.content })),
  ];
  return writeTar(path.join(dir, `${TOP}.tar.gz`), entries);
}

const PROC_KINDS: Record<string, string> = {
  stat: 'proc-pid-stat',
  status: 'proc-pid-status',
  wchan: 'proc-pid-wchan',
  stack: 'proc-pid-stack',
  cmdline: 'proc-pid-cmdline',
  cgroup: 'proc-pid-cgroup',
  ns: 'proc-pid-ns',
  'fd-count': 'proc-pid-fd-count',
};

/**
 * Field case 3 on the demo node: the demo bundle (a folder) plus the real /proc capture of a pid
 * namespace whose init is stuck in zap_pid_ns_processes waiting for two children in D state
 * (test/fixtures/processes/zap-pid-ns, see its SOURCES.md), listed in the manifest as the collector would.
 */
export function writeStuckExitBundle(dir: string, demo: string): string {
  const top = path.join(dir, path.basename(demo));
  fs.cpSync(demo, top, { recursive: true });
  const capture = path.resolve(__dirname, '..', 'fixtures', 'processes', 'zap-pid-ns', 'proc');
  const manifestFile = path.join(top, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { items: Partial<ManifestItem>[] };
  for (const pid of fs.readdirSync(capture)) {
    for (const file of fs.readdirSync(path.join(capture, pid))) {
      const rel = `proc/${pid}/${file}`;
      fs.mkdirSync(path.join(top, 'proc', pid), { recursive: true });
      fs.copyFileSync(path.join(capture, pid, file), path.join(top, rel));
      if (!manifest.items.some((i) => i.path === rel)) {
        manifest.items.push({ path: rel, kind: PROC_KINDS[file] ?? 'text', exitCode: 0, timedOut: false, truncated: false, bytes: fs.statSync(path.join(top, rel)).size });
      }
    }
  }
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  return top;
}

/**
 * The stuck-exit bundle with the collector's thread samples added (proc/thread-samples.txt, written
 * here in the collector's format): the two frozen children in D in all 6 samples, one with its
 * kernel stack; init waiting in zap_pid_ns_processes; the capturing bash running.
 */
export function writeThreadSamplesBundle(dir: string, demo: string): string {
  const top = writeStuckExitBundle(fs.mkdtempSync(path.join(dir, 'samples-')), demo);
  const text = ['# nodescope thread samples 1', '# arch x86_64', '# interval-ms 150'];
  for (let i = 0; i < 6; i++) {
    text.push(
      `T ${350735000 + 160 * i}`,
      '11206 11206 D zap_pid_ns_processes -1 sh',
      '11207 11207 D __refrigerator 35 sleep',
      'K 11207 11207 __refrigerator;do_freezer_trap;get_signal;arch_do_signal_or_restart;exit_to_user_mode_prepare;do_syscall_64',
      '11208 11208 D __refrigerator 35 sleep',
      `5830 5830 ${i % 2 ? 'S' : 'R'} ${i % 2 ? 'do_wait' : '-'} ${i % 2 ? '61' : 'running'} bash`,
    );
  }
  text.push('# samples 6 cpu-ms 31 bytes 1520');
  const rel = 'proc/thread-samples.txt';
  fs.writeFileSync(path.join(top, rel), text.join('\n') + '\n');
  const manifestFile = path.join(top, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { items: Partial<ManifestItem>[] };
  manifest.items.push({ path: rel, kind: 'thread-samples', exitCode: 0, timedOut: false, truncated: false, bytes: fs.statSync(path.join(top, rel)).size });
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  return top;
}

/**
 * A folder bundle whose kubelet journal is `lines` lines written by test/fixtures/logs/kubelet-journal.ts
 * (kubenswrapper prefix, klog headers, CrashLoopBackOff, probes): enough lines to scroll and count.
 */
export function writeKubeletBundle(dir: string, lines: number, node = 'master-0'): { root: string; log: string } {
  const root = path.join(dir, `nodescope-${node}-20261110T150000Z`);
  const rel = 'logs/journal/kubelet.service.log';
  fs.mkdirSync(path.join(root, 'logs', 'journal'), { recursive: true });
  fs.writeFileSync(path.join(root, rel), kubeletJournal(lines));
  const manifest = manifestFor(node, [{ path: rel, kind: 'journal', command: 'journalctl -u kubelet.service -o short-precise' }], {
    collection: { startedAt: '2026-11-10T15:00:00Z', endedAt: '2026-11-10T15:01:00Z', options: {} },
  });
  fs.writeFileSync(path.join(root, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return { root, log: path.join(root, rel) };
}

/**
 * The stuck-exit bundle with CPU samples over a window, made now on this machine: the collector's
 * pid_cpu_* functions run by test/fixtures/processes/pid-cpu/make.sh around a 3 s window in which a
 * busy sh loop spins and a sleep sleeps, their per-pid files added as the collector lays them out
 * (and only their lines of the samples: the demo's own pids are other processes on this machine).
 * Returns the bundle folder and the two pids.
 */
export function writeCpuWindowBundle(dir: string, demo: string): { top: string; busy: number; idle: number } {
  const top = writeStuckExitBundle(fs.mkdtempSync(path.join(dir, 'cpu-')), demo);
  const made = fs.mkdtempSync(path.join(dir, 'pid-cpu-'));
  const script = path.resolve(__dirname, '..', 'fixtures', 'processes', 'pid-cpu', 'make.sh');
  const r = spawnSync('sh', [script, made], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`make.sh: ${r.stderr}`);
  const pids = Object.fromEntries(fs.readFileSync(path.join(made, 'pids.txt'), 'utf8').trim().split('\n').map((l) => l.split(' ')));
  const manifestFile = path.join(top, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { items: Partial<ManifestItem>[] };
  const add = (rel: string, from: string, kind: string): void => {
    fs.mkdirSync(path.dirname(path.join(top, rel)), { recursive: true });
    fs.copyFileSync(from, path.join(top, rel));
    manifest.items.push({ path: rel, kind: kind as ManifestItem['kind'], exitCode: 0, timedOut: false, truncated: false, bytes: fs.statSync(from).size });
  };
  // Only the lines of the two processes added: the demo's own pids (1, 7, 18...) are other processes here.
  const keep = new Set([pids.busy, pids.idle]);
  const samples = fs.readFileSync(path.join(made, 'pid-cpu.txt'), 'utf8').split('\n').filter((l) => !/^\d/.test(l) || keep.has(l.split(' ')[0]));
  fs.writeFileSync(path.join(made, 'pid-cpu.txt'), samples.join('\n'));
  add('proc/pid-cpu.txt', path.join(made, 'pid-cpu.txt'), 'proc-pid-cpu');
  for (const pid of fs.readdirSync(path.join(made, 'proc'))) {
    for (const file of fs.readdirSync(path.join(made, 'proc', pid))) add(`proc/${pid}/${file}`, path.join(made, 'proc', pid, file), PROC_KINDS[file] ?? 'text');
  }
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  return { top, busy: Number(pids.busy), idle: Number(pids.idle) };
}
