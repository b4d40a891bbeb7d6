import fs from 'node:fs';
import path from 'node:path';
import type { StoredFile } from './store-bundle';
import { fixture } from './harness';

/**
 * The /proc, df and uname output of the machine these fixtures were captured on (a healthy VM),
 * at the paths and kinds the collector gives them. `replace` swaps one file for a variant.
 */
const FILES: [string, string, string][] = [
  ['proc/stat.1', 'proc-stat', 'stat.1'],
  ['proc/stat.2', 'proc-stat', 'stat.2'],
  ['node/df.txt', 'df', 'df.txt'],
  ['node/df-inodes.txt', 'df-inodes', 'df-inodes.txt'],
  ['proc/mounts', 'mounts', 'mounts'],
  ['proc/loadavg', 'proc-loadavg', 'loadavg'],
  ['proc/meminfo', 'proc-meminfo', 'meminfo'],
  ['proc/cgroups', 'proc-cgroups', 'cgroups'],
  ['proc/sys/kernel/pid_max', 'proc-pid-max', 'pid_max'],
  ['proc/sys/fs/file-nr', 'proc-file-nr', 'file-nr'],
  ['proc/sys/net/netfilter/nf_conntrack_count', 'nf-conntrack', 'nf_conntrack_count'],
  ['proc/sys/net/netfilter/nf_conntrack_max', 'nf-conntrack', 'nf_conntrack_max'],
  ['node/uname.txt', 'uname', 'uname.txt'],
  ['proc/version', 'proc-version', 'version'],
];

export function machineFiles(replace: Record<string, string> = {}): StoredFile[] {
  return FILES.map(([path, kind, name]) => ({ path, kind, data: replace[path] ?? fixture(`this-machine/${name}`) }));
}

/** Per-process files of a captured /proc tree (test/fixtures/rules/<dir>/proc/<pid>/<file>) as bundle artifacts. */
export function procTree(dir: string): StoredFile[] {
  const root = path.join(__dirname, '..', 'fixtures', 'rules', dir, 'proc');
  return fs.readdirSync(root).flatMap((pid) =>
    fs.readdirSync(path.join(root, pid)).map((file) => ({
      path: `proc/${pid}/${file}`,
      kind: `proc-pid-${file}`,
      data: fs.readFileSync(path.join(root, pid, file)),
    })),
  );
}
