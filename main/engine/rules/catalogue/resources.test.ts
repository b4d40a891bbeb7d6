import { describe, expect, it } from 'vitest';
import { diagnose, dmesg, findingsOf, fixture, journal, log } from '../../../../test/cases/harness';
import { machineFiles } from '../../../../test/cases/machine';

/** Two /proc/stat samples (proc_stat(5) column order), 2 CPUs, with the given deltas over the interval. */
function statSamples(delta: { user: number; system: number; idle: number; iowait: number; steal: number }): Record<string, string> {
  const line = (name: string, k: number) =>
    `${name} ${1000 + delta.user * (k - 1)} 0 ${500 + delta.system * (k - 1)} ${8000 + delta.idle * (k - 1)} ${100 + delta.iowait * (k - 1)} 0 10 ${delta.steal * (k - 1)} 0 0`;
  const sample = (k: number) => [line('cpu ', k), line('cpu0', k), line('cpu1', k), 'ctxt 100', 'btime 1763780000', 'procs_running 1', 'procs_blocked 0', ''].join('\n');
  return { 'proc/stat.1': sample(1), 'proc/stat.2': sample(2) };
}

describe('a healthy node (this machine\'s real /proc, df and uname)', () => {
  it('yields nothing above info', () => {
    const loud = diagnose(machineFiles()).filter((f) => f.severity !== 'info');
    expect(loud).toEqual([]);
  });
});

describe('cpu-steal-high', () => {
  it('fires on steal between the two samples, quoting both cpu lines', () => {
    const [f] = findingsOf('cpu-steal-high', machineFiles(statSamples({ user: 300, system: 150, idle: 300, iowait: 10, steal: 400 })));
    expect(f?.severity).toBe('critical');
    expect(f?.summary).toMatch(/^3\d\.\d% of CPU time was stolen/);
    expect(f?.evidence.map((e) => [e.artifact, e.line])).toEqual([['proc/stat.1', 1], ['proc/stat.2', 1]]);
  });
  it('does not fire on this machine (steal near 0)', () => {
    expect(findingsOf('cpu-steal-high', machineFiles())).toEqual([]);
  });
});

describe('cpu-iowait-high', () => {
  it('fires when most CPU time is iowait', () => {
    expect(findingsOf('cpu-iowait-high', machineFiles(statSamples({ user: 50, system: 50, idle: 100, iowait: 600, steal: 0 })))).toHaveLength(1);
  });
  it('does not fire on a busy but not waiting CPU', () => {
    expect(findingsOf('cpu-iowait-high', machineFiles(statSamples({ user: 700, system: 100, idle: 100, iowait: 20, steal: 0 })))).toEqual([]);
  });
});

const DF = (use: string, avail: string, pct: number) =>
  `Filesystem     1024-blocks     Used Available Capacity Mounted on\n/dev/vda1        103081248 ${use} ${avail}      ${pct}% /\ntmpfs              8192000        0   8192000       0% /dev/shm\n`;

describe('disk-pressure (df -P format)', () => {
  it('fires on a filesystem at 96%', () => {
    const [f] = findingsOf('disk-pressure', machineFiles({ 'node/df.txt': DF('98000000', '5081248', 96), 'proc/mounts': '/dev/vda1 / ext4 rw 0 0\n' }));
    expect(f?.summary).toContain('/ 96% disk usage (df) used');
    expect(f?.evidence[0]).toMatchObject({ artifact: 'node/df.txt', line: 2 });
  });
  it('fires on kubelet evictions for ephemeral storage (pkg/kubelet/eviction/eviction_manager.go)', () => {
    const [f] = findingsOf('disk-pressure', [...machineFiles(), journal('kubelet', 'I1122 04:10:00.000000 1234 eviction_manager.go:366] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"')]);
    expect(f?.severity).toBe('critical');
  });
  it('does not fire at 80%, nor for a full read-only squashfs snap', () => {
    const df = DF('80000000', '23081248', 78) + '/dev/loop3           56832    56832         0     100% /snap/core18/2128\n';
    expect(findingsOf('disk-pressure', machineFiles({ 'node/df.txt': df, 'proc/mounts': '/dev/vda1 / ext4 rw 0 0\n/dev/loop3 /snap/core18/2128 squashfs ro 0 0\n' }))).toEqual([]);
  });
  it('names df as unchecked when an eviction fires without it', () => {
    const [f] = findingsOf('disk-pressure', [journal('kubelet', 'I1122 04:10:00.000000 1234 eviction_manager.go:366] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"')]);
    expect(f?.unchecked).toEqual(['disk usage (df) not collected']);
  });
});

describe('inode-exhaustion (df -Pi format)', () => {
  const DFI = (pct: number) => `Filesystem       Inodes   IUsed   IFree IUse% Mounted on\n/dev/vda1       6553600 ${Math.round(65536 * pct)} ${6553600 - Math.round(65536 * pct)}   ${pct}% /\n`;
  it('fires on a filesystem out of inodes', () => {
    expect(findingsOf('inode-exhaustion', machineFiles({ 'node/df-inodes.txt': DFI(99), 'proc/mounts': '/dev/vda1 / ext4 rw 0 0\n' }))[0]?.severity).toBe('critical');
  });
  it('does not fire at 50%', () => {
    expect(findingsOf('inode-exhaustion', machineFiles({ 'node/df-inodes.txt': DFI(50), 'proc/mounts': '/dev/vda1 / ext4 rw 0 0\n' }))).toEqual([]);
  });
});

describe('pid-exhaustion (/proc/loadavg threads against kernel.pid_max)', () => {
  it('fires when threads near pid_max', () => {
    const [f] = findingsOf('pid-exhaustion', machineFiles({ 'proc/loadavg': '2.10 1.90 1.80 5/31500 98765\n', 'proc/sys/kernel/pid_max': '32768\n' }));
    expect(f?.summary).toContain('31500 threads for pid_max 32768');
    expect(f?.evidence.map((e) => e.artifact)).toEqual(['proc/loadavg', 'proc/sys/kernel/pid_max']);
  });
  it('fires on fork failures (Go os/exec "fork/exec %s: resource temporarily unavailable")', () => {
    expect(findingsOf('pid-exhaustion', [journal('kubelet', 'E1122 04:10:00.000000 1234 exec.go:40] fork/exec /usr/bin/nsenter: resource temporarily unavailable')])).toHaveLength(1);
  });
  it('does not fire on this machine', () => {
    expect(findingsOf('pid-exhaustion', machineFiles())).toEqual([]);
  });
});

describe('file-max-exhaustion (/proc/sys/fs/file-nr)', () => {
  it('fires near fs.file-max', () => {
    expect(findingsOf('file-max-exhaustion', machineFiles({ 'proc/sys/fs/file-nr': '2400000\t0\t2466170\n' }))).toHaveLength(1);
  });
  it('fires on the kernel message (fs/file_table.c "VFS: file-max limit %lu reached")', () => {
    expect(findingsOf('file-max-exhaustion', [log('logs/dmesg.log', 'dmesg', dmesg('VFS: file-max limit 2466170 reached'))])).toHaveLength(1);
  });
  it('does not fire on this machine', () => {
    expect(findingsOf('file-max-exhaustion', machineFiles())).toEqual([]);
  });
});

describe('conntrack-table-full', () => {
  it('fires on drops in the kernel log (net/netfilter/nf_conntrack_core.c) and a full table', () => {
    const files = [...machineFiles({ 'proc/sys/net/netfilter/nf_conntrack_count': '262100\n', 'proc/sys/net/netfilter/nf_conntrack_max': '262144\n' }),
      log('logs/dmesg.log', 'dmesg', dmesg('nf_conntrack: nf_conntrack: table full, dropping packet'))];
    const [f] = findingsOf('conntrack-table-full', files);
    expect(f?.severity).toBe('critical');
    expect(f?.evidence.map((e) => e.artifact)).toEqual(['proc/sys/net/netfilter/nf_conntrack_count', 'proc/sys/net/netfilter/nf_conntrack_max', 'logs/dmesg.log']);
  });
  it('does not fire on this machine', () => {
    expect(findingsOf('conntrack-table-full', machineFiles())).toEqual([]);
  });
});

describe('memory-pressure', () => {
  it('fires on memory evictions (pkg/kubelet/eviction/eviction_manager.go)', () => {
    expect(findingsOf('memory-pressure', [...machineFiles(), journal('kubelet', 'I1122 04:10:00.000000 1234 eviction_manager.go:366] "Eviction manager: attempting to reclaim" resourceName="memory"')])[0]?.severity).toBe('critical');
  });
  it('fires when MemAvailable is under 5%', () => {
    const meminfo = fixture('this-machine/meminfo').replace(/^MemAvailable:\s+\d+ kB$/m, 'MemAvailable:     100000 kB');
    expect(findingsOf('memory-pressure', machineFiles({ 'proc/meminfo': meminfo }))).toHaveLength(1);
  });
  it('does not fire on this machine', () => {
    expect(findingsOf('memory-pressure', machineFiles())).toEqual([]);
  });
});

describe('cgroup-kmem-leak (field case 7)', () => {
  const enospc = journal('kubelet', 'E1122 04:10:00.000000 1234 pod_workers.go:190] Error syncing pod: failed to "StartContainer" for "calico-node" with RunContainerError: "failed to start container: OCI runtime create failed: container_linux.go:345: starting container process caused \\"process_linux.go:297: applying cgroup configuration for process caused \\\\\\"mkdir /sys/fs/cgroup/memory/kubepods/burstable/pod3a1f/8c2e: no space left on device\\\\\\"\\""');
  const el7 = { 'node/uname.txt': 'Linux node2 3.10.0-862.el7.x86_64 #1 SMP Fri Apr 20 16:44:24 UTC 2018 x86_64 x86_64 x86_64 GNU/Linux\n' };
  it('is critical on a 3.10 kernel with disks fine', () => {
    const [f] = findingsOf('cgroup-kmem-leak', [...machineFiles(el7), enospc]);
    expect(f?.severity).toBe('critical');
    expect(f?.summary).toContain('kernel 3.10.0-862.el7.x86_64 (3.10, affected)');
    expect(f?.summary).toContain('disks and inodes have room');
    expect(f?.evidence.map((e) => e.artifact)).toEqual(['logs/journal/kubelet.log', 'node/uname.txt', 'proc/cgroups']);
  });
  it('does not fire when the disk really is full (that is disk-pressure)', () => {
    const full = { ...el7, 'node/df.txt': DF('103081248', '0', 100), 'proc/mounts': '/dev/vda1 / ext4 rw 0 0\n' };
    expect(findingsOf('cgroup-kmem-leak', [...machineFiles(full), enospc])).toEqual([]);
  });
  it('says what it could not check in a bundle with logs only', () => {
    const [f] = findingsOf('cgroup-kmem-leak', [enospc]);
    expect(f?.severity).toBe('warning');
    expect(f?.unchecked).toEqual(['disk usage (df) not collected', 'inode usage (df -i) not collected', 'kernel version unknown', 'cgroup counts (/proc/cgroups) not collected']);
  });
});

describe('swap-enabled', () => {
  it('is info when the node has swap (mm/swapfile.c SwapTotal)', () => {
    const meminfo = fixture('this-machine/meminfo').replace(/^SwapTotal:\s+\d+ kB$/m, 'SwapTotal:       2097148 kB');
    expect(findingsOf('swap-enabled', machineFiles({ 'proc/meminfo': meminfo }))[0]?.severity).toBe('info');
  });
  it('does not fire without swap', () => {
    expect(findingsOf('swap-enabled', machineFiles({ 'proc/meminfo': fixture('this-machine/meminfo').replace(/^SwapTotal:\s+\d+ kB$/m, 'SwapTotal:             0 kB') }))).toEqual([]);
  });
});

describe('cgroup-kmem-leak from the pod status (kubectl get pods -o json, containerStatuses[].state.waiting)', () => {
  const pods = (message: string) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'calico-node-x7k2p', namespace: 'kube-system' }, spec: { nodeName: 'node-1', containers: [{ name: 'calico-node' }] },
    status: { phase: 'Running', containerStatuses: [{ name: 'calico-node', ready: false, restartCount: 12, state: { waiting: { reason: 'RunContainerError', message } } }] } }] }, null, 4) + '\n';
  const enospc = 'failed to start container: OCI runtime create failed: container_linux.go:348: starting container process caused "process_linux.go:279: applying cgroup configuration for process caused \\"mkdir /sys/fs/cgroup/memory/kubepods/burstable/pod3a1f/8c2e: no space left on device\\"": unknown';
  it('quotes the container state line', () => {
    const [f] = findingsOf('cgroup-kmem-leak', [...machineFiles(), { path: 'k8s/pods.json', kind: 'k8s-pods', data: pods(enospc) }]);
    const line = pods(enospc).split('\n').findIndex((l) => l.includes('no space left on device')) + 1;
    expect(f?.evidence[0]).toMatchObject({ artifact: 'k8s/pods.json', line, note: 'container state' });
    expect(f?.summary).toContain('pods or events report it (1 object)');
  });
  it('does not fire on another RunContainerError', () => {
    expect(findingsOf('cgroup-kmem-leak', [...machineFiles(), { path: 'k8s/pods.json', kind: 'k8s-pods', data: pods('failed to start container: exec: "/start.sh": permission denied: unknown') }])).toEqual([]);
  });
});
