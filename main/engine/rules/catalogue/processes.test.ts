import { describe, expect, it } from 'vitest';
import type { StoredFile } from '../../../../test/cases/store-bundle';
import { findingsOf, journal } from '../../../../test/cases/harness';
import { procTree } from '../../../../test/cases/machine';

/** The real capture: init (11206) in zap_pid_ns_processes, two frozen children in D state. */
const zap = () => procTree('zap-pid-ns');

function replaceFile(files: StoredFile[], path: string, data: string): StoredFile[] {
  return files.map((f) => (f.path === path ? { ...f, data } : f));
}

/** Stack of the s6-sync child in seed 002, lines verbatim (the write-up's line numbers removed). */
const S6_SYNC_STACK = [
  '[<ffffffffa0ae9918>] call_rwsem_down_read_failed+0x18/0x30',
  '[<ffffffffa0235da2>] iterate_supers+0xa2/0x110',
  '[<ffffffffa0269ba4>] sys_sync+0x44/0xb0',
  '[<ffffffffa0001c46>] do_syscall_64+0x66/0x120',
].join('\n') + '\n';

describe('stuck-container-exit', () => {
  it('fires on the real capture: init in zap_pid_ns_processes, children in D state', () => {
    const [f, ...rest] = findingsOf('stuck-container-exit', zap());
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('critical');
    expect(f?.summary).toContain('sh (pid 11206), init of a container, waits in zap_pid_ns_processes');
    expect(f?.summary).toContain('sleep (pid 11207) is in D state');
    expect(f?.evidence[0]).toMatchObject({ artifact: 'proc/11206/stack', line: 3, text: '[<0>] zap_pid_ns_processes+0x103/0x190' });
    expect(f?.evidence.map((e) => e.artifact)).toContain('proc/11207/stack');
  });
  it('says how long the samples saw the stuck child in D', () => {
    const text = ['# nodescope thread samples 1', '# arch x86_64', 'T 1000', '11207 11207 D __refrigerator 35 sleep', 'T 2000', '11207 11207 D __refrigerator 35 sleep', 'T 3000', '11207 11207 D __refrigerator 35 sleep', ''].join('\n');
    const [f] = findingsOf('stuck-container-exit', [...zap(), { path: 'proc/thread-samples.txt', kind: 'thread-samples', data: text }]);
    expect(f?.summary).toContain('sleep (pid 11207) is in D state waiting on the kernel function hrtimer_nanosleep (hrtimer_nanosleep); the thread samples saw it in D in 3/3 samples (at least 2.0 s in a row)');
  });
  it('names sync() when the child is the s6-sync of seed 002', () => {
    const files = replaceFile(zap(), 'proc/11207/stack', S6_SYNC_STACK);
    const [f] = findingsOf('stuck-container-exit', files);
    expect(f?.summary).toContain('waiting on sync() of every filesystem on the host (iterate_supers)');
  });
  it('does not fire when no task waits in zap_pid_ns_processes (init still running)', () => {
    const files = replaceFile(replaceFile(zap(), 'proc/11206/stack', '[<0>] do_wait+0x53/0x120\n[<0>] kernel_wait4+0x9c/0x140\n'), 'proc/11206/wchan', 'do_wait');
    expect(findingsOf('stuck-container-exit', files)).toEqual([]);
  });
});

describe('d-state-processes', () => {
  it('groups the two D-state sleeps of the capture by their identical stack', () => {
    const [f] = findingsOf('d-state-processes', zap());
    expect(f?.summary).toMatch(/^2 tasks in D state in 1 group: 2 × sleep waiting on the kernel function hrtimer_nanosleep/);
    expect(f?.severity).toBe('info');
    expect(f?.evidence[0]?.artifact).toMatch(/^proc\/1120[78]\/stack$/);
  });
  it('warns when the container runtime itself is in D state', () => {
    const files = replaceFile(zap(), 'proc/11208/status', String(zap().find((f) => f.path === 'proc/11208/status')?.data).replace(/^Name:\s+sleep$/m, 'Name:\tcontainerd'));
    const withStat = replaceFile(files, 'proc/11208/stat', String(zap().find((f) => f.path === 'proc/11208/stat')?.data).replace('(sleep)', '(containerd)'));
    expect(findingsOf('d-state-processes', withStat)[0]?.severity).toBe('warning');
  });
  it('does not fire when nothing is in D state', () => {
    const files = zap().filter((f) => !/^proc\/1120[78]\//.test(f.path));
    expect(findingsOf('d-state-processes', files)).toEqual([]);
  });

  /** Thread samples (the collector's format) over 0.6 s: 11207 in D in every sample, 11208 in one only. */
  function samples(lines: (i: number) => string[]): StoredFile {
    const text = ['# nodescope thread samples 1', '# arch x86_64', '# interval-ms 150'];
    for (let i = 0; i < 4; i++) text.push(`T ${1000 + 200 * i}`, ...lines(i));
    text.push('# samples 4 cpu-ms 20 bytes 600');
    return { path: 'proc/thread-samples.txt', kind: 'thread-samples', data: text.join('\n') + '\n' };
  }
  const sampled = samples((i) => ['11207 11207 D __refrigerator 35 sleep', i === 2 ? '11208 11208 D __refrigerator 35 sleep' : '11208 11208 S hrtimer_nanosleep 35 sleep']);

  it('tells the thread stuck in D the whole window from the one passing through, from the samples', () => {
    const [f] = findingsOf('d-state-processes', [...zap(), sampled]);
    expect(f?.summary).toContain('Sampled 4 times over 0.6 s: 1 thread(s) stuck in D the whole window: sleep (pid 11207) in D 4/4 samples, at least 0.6 s in a row, at the kernel function __refrigerator (__refrigerator), in nanosleep(); 1 more passed through D briefly (normal I/O).');
    expect(f?.evidence.find((e) => e.artifact === 'proc/thread-samples.txt')).toMatchObject({ line: 5, text: '11207 11207 D __refrigerator 35 sleep' });
    expect(f?.unchecked).not.toContain('no thread samples in this bundle: whether the D tasks stay stuck or pass is not known');
  });

  it('fires from the samples alone when /proc showed no task in D, and lowers a snapshot whose D tasks all pass', () => {
    const noneInSnapshot = zap().filter((f) => !/^proc\/1120[78]\//.test(f.path));
    const [f] = findingsOf('d-state-processes', [...noneInSnapshot, sampled]);
    expect(f?.summary).toMatch(/^No task was in D when \/proc was read, but the thread samples saw some stuck\. Sampled 4 times/);
    const passing = samples(() => ['11207 11207 S hrtimer_nanosleep 35 sleep']);
    expect(findingsOf('d-state-processes', [...zap(), passing])[0]?.severity).toBe('info');
  });
});

describe('cni-plugin-stdin-hang (field case 5)', () => {
  /** The stack of seed 002's hung IPAM plugin, verbatim (line numbers of the write-up removed). */
  const TTY_STACK = [
    '[<ffffffff930b743e>] wait_woken+0x6e/0x90',
    '[<ffffffff934bcdc4>] n_tty_read+0x3e4/0x920',
    '[<ffffffff934b8072>] tty_read+0x92/0xf0',
    '[<ffffffff932325e7>] __vfs_read+0x37/0x140',
    '[<ffffffff9323277c>] vfs_read+0x8c/0x130',
    '[<ffffffff93232d15>] SyS_read+0x55/0xc0',
    '[<ffffffff93001c46>] do_syscall_64+0x66/0x120',
    '[<ffffffff93c00081>] entry_SYSCALL_64_after_hwframe+0x3d/0xa2',
    '[<ffffffffffffffff>] 0xffffffffffffffff',
  ].join('\n') + '\n';
  /** The capture's unshare process (11204), turned into a CNI IPAM plugin reading its terminal. */
  const plugin = (cmdline: string) => {
    const files = zap().filter((f) => f.path.startsWith('proc/11204/'));
    return replaceFile(replaceFile(replaceFile(files, 'proc/11204/stack', TTY_STACK), 'proc/11204/cmdline', cmdline), 'proc/11204/wchan', 'wait_woken');
  };
  it('fires for /opt/cni/bin/<ipam> waiting in n_tty_read', () => {
    const [f] = findingsOf('cni-plugin-stdin-hang', plugin('/opt/cni/bin/host-local\0'));
    expect(f?.summary).toContain('/opt/cni/bin/host-local (pid 11204, in n_tty_read)');
    expect(f?.evidence.map((e) => e.artifact)).toEqual(['proc/11204/cmdline', 'proc/11204/stack']);
  });
  it('does not fire for a shell reading its terminal', () => {
    expect(findingsOf('cni-plugin-stdin-hang', plugin('/bin/bash\0'))).toEqual([]);
  });
});

describe('container-kill-failed lines are linked to the stuck container', () => {
  it('quotes dockerd "failed to exit" lines of the same container id', () => {
    const files = replaceFile(zap(), 'proc/11206/cgroup', '9:name=systemd:/kubepods/besteffort/pod0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/10f0451e1345f5028f636e2b09c9f8204e55a01f5f09f2e57de3c17d3f93f492\n');
    const docker = journal('docker', 'time="2021-06-10T16:09:15.458629778+08:00" level=info msg="Container 10f0451e1345 failed to exit within 10 seconds of kill - trying direct SIGKILL"',
      'time="2021-06-10T16:09:15.458629778+08:00" level=info msg="Container 99aa00bb11cc failed to exit within 10 seconds of kill - trying direct SIGKILL"');
    const [f] = findingsOf('stuck-container-exit', [...files, docker]);
    expect(f?.summary).toContain('container 10f0451e1345');
    expect(f?.summary).toContain('The runtime failed to stop container 10f0451e1345 1 time.');
    expect(f?.evidence.filter((e) => e.artifact === 'logs/journal/docker.log').map((e) => e.line)).toEqual([1]);
  });
});
