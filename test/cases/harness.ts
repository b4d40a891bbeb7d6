import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../shared/api/findings';
import { diagnoseBundle } from '../../main/engine/rules';
import { openWorkspace, type Db } from '../../main/engine/store/workspace';
import { storeBundle, type StoredBundle, type StoredFile } from './store-bundle';
import { hasSharedFixtures, readSharedText } from '../support/shared-fixtures';

export function fixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'rules', name), 'utf8');
}

/** A made-here file of test/fixtures (the path below it), e.g. made('network/kube-proxy-demo.iptables-save-nft.txt'). */
export function made(rel: string): string {
  return fs.readFileSync(path.join(__dirname, '..', 'fixtures', rel), 'utf8');
}

/** A file of the committed demo bundle (test/demo/nodescope-demo-worker-1, made by make-demo.sh). */
export function demoFile(rel: string): string {
  return fs.readFileSync(path.join(__dirname, '..', 'demo', 'nodescope-demo-worker-1', rel), 'utf8');
}

/** A made-here twin of a third-party log sample (test/fixtures/logs, written by make-twins.mjs). */
export function twin(name: string): string {
  return fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'logs', name), 'utf8');
}

/** Kernel samples: ours (make-twins.mjs) and the node-problem-detector's of ../shared (skipped without it). */
export const KERNEL_SAMPLES: { from: string; skip: boolean; text: (n: 'hung' | 'aufs' | 'oom' | 'netdev') => string; oomVictim: [string, number] }[] = [
  {
    from: 'made here',
    skip: false,
    text: (n) => twin({ hung: 'kernel-hung-task-netns.txt', aufs: 'kernel-hung-task-aufs.txt', oom: 'kernel-oom-kill-cgroup.txt', netdev: 'kernel-unregister-netdevice.txt' }[n]),
    oomVictim: ['fluentd', 2231],
  },
  {
    from: 'node-problem-detector, ../shared',
    skip: !hasSharedFixtures,
    text: (n) => readSharedText(`kernel/npd-${{ hung: 'docker_hung', aufs: 'aufs_umount_hung', oom: 'oom_kill', netdev: 'unregister_netdevice' }[n]}.txt`),
    oomVictim: ['heapster', 1012],
  },
];

/** A fresh in-memory workspace holding one bundle made of these files. */
export function workspaceWith(bundle: StoredBundle): { db: Db; bundleId: number } {
  const db = openWorkspace(':memory:');
  return { db, bundleId: storeBundle(db, bundle) };
}

export function diagnose(files: StoredFile[], facts?: Record<string, string>, manifest?: object): Finding[] {
  const { db, bundleId } = workspaceWith({ files, facts, manifest });
  try {
    return diagnoseBundle(db, bundleId);
  } finally {
    db.close();
  }
}

/** The findings of one rule on a bundle of these files. */
export function findingsOf(rule: string, files: StoredFile[], facts?: Record<string, string>): Finding[] {
  return diagnose(files, facts).filter((f) => f.rule === rule);
}

/** Lines as `dmesg` prints them (raw form, seconds since boot). */
export function dmesg(...lines: string[]): string {
  return lines.map((l, i) => `[${(1000 + i).toFixed(6).padStart(12)}] ${l}`).join('\n') + '\n';
}

export function log(path: string, kind: string, text: string): StoredFile {
  return { path, kind, data: text.endsWith('\n') ? text : text + '\n' };
}

/** Lines as `journalctl -o short-iso-precise -u <unit>` prints them. */
export function journal(unit: string, ...messages: string[]): StoredFile {
  const text = messages
    .map((m, i) => `2026-11-22T04:${String(10 + i).padStart(2, '0')}:00.000000+00:00 node-1 ${unit}[1234]: ${m}`)
    .join('\n');
  return log(`logs/journal/${unit}.log`, 'journal', text);
}

/** A container log file as the CRI writes it (one `<time> stdout F <line>` per line). */
export function podLog(ns: string, pod: string, container: string, ...lines: string[]): StoredFile {
  const text = lines.map((l, i) => `2026-11-22T04:${String(10 + i).padStart(2, '0')}:00.000000000Z stdout F ${l}`).join('\n');
  return log(`logs/pods/${ns}_${pod}_0c3a9b1e-1111-2222-3333-444455556666/${container}/0.log`, 'cri-log', text);
}
