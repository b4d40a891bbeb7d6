import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, readSharedText } from '../../../test/support/shared-fixtures';
import { capturedPids } from './fixture';
import { parseStack } from './stack';
import { parsePidStat } from './stat';
import { parseStatus, statusFacts } from './status';
import { parseCmdlineArgs, pidFileOf, processRow, processTable } from './table';

/**
 * Field case 3, reproduced on the build VM (test/fixtures/processes/SOURCES.md): the init of a PID
 * namespace (pid 11206, sh) was killed while its two children (sleep, pids 11207 and 11208) were frozen
 * in D state. Init waits in zap_pid_ns_processes and has already left its namespaces.
 */
const rows = processTable(capturedPids('zap-pid-ns'));
const byPid = new Map(rows.map((r) => [r.pid, r]));

describe('field case 3: a container init stuck in zap_pid_ns_processes', () => {
  it('reads init’s kernel stack, innermost first, with zap_pid_ns_processes under do_wait', () => {
    const init = byPid.get(11206)!;
    expect(init.stack!.map((f) => f.fn).slice(0, 4)).toEqual(['do_wait', 'kernel_wait4', 'zap_pid_ns_processes', 'do_exit']);
    expect(init.stack![2]).toEqual({ fn: 'zap_pid_ns_processes', offset: '+0x103/0x190', module: null });
    expect(init.wchan).toBe('do_wait');
  });

  it('sees that init’s net namespace is gone while its children still have theirs', () => {
    expect(byPid.get(11206)!.netNamespaceGone).toBe(true);
    expect(byPid.get(11206)!.namespaces).toEqual({ pid: '4026532248', user: '4026531837' });
    expect(byPid.get(11207)!.netNamespaceGone).toBe(false);
    expect(byPid.get(11207)!.namespaces.net).toBe(byPid.get(11208)!.namespaces.net);
    // The children live in the PID namespace init was the first process of.
    expect(byPid.get(11207)!.namespaces.pid).toBe('4026532248');
    expect(byPid.get(11207)!.nsPids).toEqual([11207, 2]);
  });

  it('shows the children in D state with the kernel’s name for it', () => {
    for (const pid of [11207, 11208]) {
      expect(byPid.get(pid)).toMatchObject({ state: 'D', stateName: 'disk sleep', ppid: 11206, command: 'sleep', args: ['sleep', '3000'] });
    }
  });

  it('maps each child’s cgroup to its pod and container, in cgroupfs and systemd forms', () => {
    expect(byPid.get(11207)!.cgroup).toMatchObject({
      podUid: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
      containerId: '4c0ffee5d1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c',
      qosClass: 'besteffort',
      driver: 'cgroupfs',
    });
    expect(byPid.get(11208)!.cgroup).toMatchObject({
      podUid: '8e7d6c5b-4a39-4281-9706-f5e4d3c2b1a0',
      containerId: '9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0',
      qosClass: 'burstable',
      driver: 'systemd',
    });
    expect(byPid.get(2)!.cgroup).toBeNull();
  });

  it('reads the other columns of the table from stat and status', () => {
    const bash = byPid.get(5830)!;
    expect(bash.command).toBe('bash');
    expect(bash.cpuSeconds).toBeCloseTo((bash.utimeTicks! + bash.stimeTicks!) / 100, 10);
    expect(bash.rssKB).toBeGreaterThan(0);
    expect(bash.fdCount).toBeGreaterThan(0);
    expect(byPid.get(37)).toMatchObject({ command: 'ksmd', nice: 5, args: [] });
    expect(byPid.get(11)!.state).toBe('I');
    expect(byPid.get(11)!.command).toBe('kworker/0:1-virtio_vsock');
    expect(byPid.get(11206)!.args).toEqual([]);
  });
});

describe('/proc/<pid>/status of real processes', () => {
  // The demo node's etcd, as the collector read it (test/demo/make-demo.sh).
  const etcd = fs.readFileSync(path.join(__dirname, '../../../test/demo/nodescope-demo-worker-1/proc/7/status'), 'utf8');
  it('reads the status of the demo node\'s etcd', () => {
    expect(statusFacts(parseStatus(etcd))).toMatchObject({ name: 'etcd', state: 'S', stateName: 'sleeping', ppid: 1 });
  });

  it('reads a status whose first line is blank (as some archive formats store it)', () => {
    const s = statusFacts(parseStatus(`\n${etcd}`));
    expect(s.name).toBe('etcd');
    expect(s.state).toBe('S');
  });

  it.skipIf(!hasSharedFixtures)('reads a kube-proxy status with space-aligned lines, and one whose first line is blank (prometheus/procfs, ../shared)', () => {
    expect(statusFacts(parseStatus(readSharedText('proc/procfs-26235-status.txt')))).toMatchObject({ name: 'kube-proxy', state: 'S', stateName: 'sleeping', ppid: 1234 });
    const s = statusFacts(parseStatus(readSharedText('proc/procfs-26231-status.txt')));
    expect(s.name).toBe('prometheus');
    expect(s.state).toBe('S');
  });
});

describe('kernel stacks in both formats', () => {
  it('the old format with addresses and the end marker (fs/proc/base.c before 4.x: "[<%pK>] %pS")', () => {
    const old =
      '[<ffffffff8108f6f2>] zap_pid_ns_processes+0x102/0x150\n' +
      '[<ffffffff81069d8e>] do_exit+0x9be/0xa80\n' +
      '[<ffffffffa04b1c3f>] ceph_mdsc_do_request+0x10f/0x240 [ceph]\n' +
      '[<ffffffffffffffff>] 0xffffffffffffffff\n';
    expect(parseStack(old)).toEqual([
      { fn: 'zap_pid_ns_processes', offset: '+0x102/0x150', module: null },
      { fn: 'do_exit', offset: '+0x9be/0xa80', module: null },
      { fn: 'ceph_mdsc_do_request', offset: '+0x10f/0x240', module: 'ceph' },
    ]);
  });

  it('nothing from text that is not a stack', () => {
    expect(parseStack('cat: /proc/1/stack: Permission denied\n')).toEqual([]);
  });
});

describe('/proc/<pid>/stat', () => {
  it('keeps a comm with spaces and parentheses whole', () => {
    const s = parsePidStat('42 (my (odd) cmd) D 1 42 42 0 -1 0 0 0 0 0 7 3 0 0 20 0 4 0 1000 0 250 0')!;
    expect(s).toMatchObject({ comm: 'my (odd) cmd', state: 'D', ppid: 1, utime: 7, stime: 3, threads: 4, startTime: 1000, rssPages: 250 });
  });

  it('rejects text that is not a stat line', () => {
    expect(parsePidStat('')).toBeNull();
    expect(parsePidStat('12 (x) ? y z')).toBeNull();
  });
});

describe('a process whose files are partly missing (the stack read timed out)', () => {
  it('fills what it can and lists what is missing', () => {
    const files = { ...capturedPids('zap-pid-ns').get(11207)! };
    delete files.stack;
    delete files.ns;
    const row = processRow(11207, files);
    expect(row.state).toBe('D');
    expect(row.stack).toBeNull();
    expect(row.netNamespaceGone).toBeNull();
    expect(row.missingFiles).toEqual(['stack', 'ns']);
  });

  it('a pid with only a status file still has a command, state and parent', () => {
    const row = processRow(7, { status: fs.readFileSync(path.join(__dirname, '../../../test/demo/nodescope-demo-worker-1/proc/7/status'), 'utf8') });
    expect(row).toMatchObject({ command: 'etcd', state: 'S', ppid: 1, stack: null });
  });
});

describe('paths and cmdline', () => {
  it('finds the pid and file of a per-process artifact', () => {
    expect(pidFileOf('proc/11206/stack')).toEqual([11206, 'stack']);
    expect(pidFileOf('nodescope-n1-20260101T000000Z/proc/7/fd-count')).toEqual([7, 'fd-count']);
    expect(pidFileOf('proc/stat.1')).toBeNull();
    expect(pidFileOf('proc/7/environ')).toBeNull();
  });

  it('splits argv on NUL and keeps empty arguments', () => {
    expect(parseCmdlineArgs('sh\0-c\0\0')).toEqual(['sh', '-c', '']);
    expect(parseCmdlineArgs('')).toEqual([]);
  });
});
