import type { Evidence } from '../../../../shared/api/findings';
import { blockingCause, frameName, isUnreliableFrame } from '../kernel-frames';
import { countPhrase, KERNEL_LOG_KINDS, logRule, quoteHits } from '../log-rule';
import type { Rule } from '../types';
import type { BundleView, LogHit } from '../view';

const K = KERNEL_LOG_KINDS;

function names(hits: LogHit[], group: number, max = 5): string {
  const all = [...new Set(hits.map((h) => h.match[group]).filter((v): v is string => Boolean(v)))];
  return all.length > max ? `${all.slice(0, max).join(', ')} and ${all.length - max} more` : all.join(', ');
}

export const oomKill = logRule({
  id: 'oom-kill',
  title: 'Processes killed by the kernel OOM killer',
  severity: 'warning',
  version: 3,
  sources: 'kernel log (dmesg, syslog, journal)',
  meaning:
    'The kernel ran out of memory, either on the whole node or inside a memory cgroup (a container at its limit), and killed a process to free memory. A container killed this way restarts with exit code 137 (OOMKilled).',
  remedy:
    'For a memory-cgroup OOM, raise the container memory limit or fix the leak; for a node-wide OOM, reserve memory for the system (kubelet --system-reserved/--kube-reserved, eviction thresholds) and lower the pods packed on the node.',
  links: [
    'https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/#exceed-a-container-s-memory-limit',
    'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/',
  ],
  signatures: [
    { phrase: 'out of memory', pattern: /(Out of memory|Memory cgroup out of memory): Kill(?:ed)? process (\d+) \(([^)]+)\)/, kinds: K },
    { phrase: 'Killed process', pattern: /()Killed process (\d+) \(([^)]+)\)/, kinds: K },
    { phrase: 'oom kill constraint', pattern: /()oom-kill:constraint=\w+,.*?task=([^,]+),pid=(\d+)/, kinds: K },
    // The memcg forms printed before (or without) the victim line: cgroup v1 "Task in … killed as a
    // result of limit of …", and the allocating task's "invoked oom-killer" header of every OOM report.
    { phrase: 'killed as a result of limit of', pattern: /()Task in (\S{1,300}) killed as a result of limit of (\S{1,300})/, kinds: K },
    { phrase: 'invoked oom killer', pattern: /()(\S{1,64}) invoked oom-killer: gfp_mask=(0x[0-9a-f]+)/, kinds: K },
  ],
  describe(hits) {
    const victims = new Set<string>();
    const cgroups = new Set<string>();
    const triggers = new Set<string>();
    for (const h of hits) {
      if (h.match[0].startsWith('oom-kill')) victims.add(`${h.match[2]} (pid ${h.match[3]})`);
      else if (h.match[0].startsWith('Task in')) cgroups.add(h.match[2] as string);
      else if (/invoked oom-killer/.test(h.match[0])) triggers.add(h.match[2] as string);
      else victims.add(`${h.match[3]} (pid ${h.match[2]})`);
    }
    const cgroup = cgroups.size > 0 || hits.some((h) => h.match[1] === 'Memory cgroup out of memory' || /CONSTRAINT_MEMCG/.test(h.text));
    const list = (set: Set<string>, n = 6) => `${[...set].slice(0, n).join(', ')}${set.size > n ? ` and ${set.size - n} more` : ''}`;
    const who = victims.size
      ? `The OOM killer killed ${list(victims)}`
      : cgroups.size
        ? `The OOM killer killed a task in ${list(cgroups, 3)} at its memory limit (the victim line is not in the log)`
        : `The OOM killer ran (invoked by ${list(triggers, 4)}; the victim line is not in the log)`;
    return {
      summary: `${who}${cgroup && victims.size ? ' (memory cgroup limit)' : ''}: ${countPhrase(hits)}.`,
      why: {
        firedBecause: [victims.size ? `the kernel logged ${victims.size} OOM kill${victims.size === 1 ? '' : 's'}` : `the kernel logged an OOM report (${cgroups.size ? '"Task in … killed as a result of limit of …"' : '"invoked oom-killer"'}) without its victim line`],
        ruledOut: ['a process that exited or was stopped on its own, or an application\'s own out-of-memory message: these lines are the kernel OOM killer\'s report'],
      },
    };
  },
});

/** The hung-task report's following lines: header, registers and call trace. */
function hungTaskBlock(view: BundleView, hit: LogHit): { lines: { line: number; text: string }[]; frames: string[]; skipped: string[] } {
  const next = view.logLines(hit.artifactId, hit.line + 1, hit.line + 60);
  const block = [{ line: hit.line, text: hit.text }];
  const frames: string[] = [];
  const skipped: string[] = [];
  const all: string[] = [];
  for (const l of next) {
    if (/INFO: task .* blocked for more than/.test(l.text)) break;
    const frame = frameName(l.text);
    const part =
      frame !== null ||
      /Tainted:|[Nn]ot tainted|^\s*task:\S+\s+state:D|hung_task_timeout_secs|Call Trace|<\/?TASK>|\s+D\s+(?:[0-9a-f]{16}\s+)?\d+\s+\d+\s+\d+|(?:^|\s)(?:[0-9a-f]{16} ?){2,}\s*$|\b(?:RIP|RSP|RAX|RDX|RBP|R1[0-5]|R[89]):/.test(l.text);
    if (!part) break;
    block.push(l);
    if (frame && !isUnreliableFrame(l.text)) frames.push(frame);
    else if (frame) skipped.push(frame);
    if (frame) all.push(frame);
  }
  // Kernels without a reliable unwinder mark every frame "?": then they are all there is.
  return frames.length ? { lines: block, frames, skipped } : { lines: block, frames: all, skipped: [] };
}

export const hungTask = logRule({
  id: 'hung-task',
  title: 'Tasks blocked in the kernel for minutes (hung_task)',
  severity: 'warning',
  version: 3,
  sources: 'kernel log (dmesg, syslog, journal)',
  meaning:
    'The kernel hung-task detector found a task in uninterruptible sleep (D state) for longer than hung_task_timeout_secs. The call trace shows what it waits on: a filesystem journal, NFS or Ceph, the network-namespace lock, disk I/O. Such tasks cannot be killed, and containers holding them cannot stop.',
  remedy:
    'Read the call trace: fix the storage or network dependency it waits on (dead NFS/Ceph server, failing disk, overloaded I/O); a task stuck on a lock held by another stuck task needs that one fixed first. If the wait cannot be satisfied, drain and reboot the node.',
  links: ['https://docs.kernel.org/admin-guide/sysctl/kernel.html#hung-task-timeout-secs', 'https://github.com/moby/moby/issues/9862'],
  signatures: [{ phrase: 'blocked for more than', pattern: /INFO: task (.+?):(\d+) blocked for more than (\d+) seconds/, kinds: K }],
  describe(hits, view) {
    const evidence: Evidence[] = [];
    const causes = new Set<string>();
    const unreliable = new Set<string>();
    for (const hit of hits.slice(0, 3)) {
      const block = hungTaskBlock(view, hit);
      block.skipped.forEach((f) => unreliable.add(f));
      const cause = blockingCause(block.frames);
      if (cause) causes.add(`${hit.match[1]} waits on ${cause.cause} (${cause.frame})`);
      const last = block.lines.at(-1) as { line: number };
      evidence.push({
        artifact: hit.path,
        line: hit.line,
        lineEnd: last.line,
        text: block.lines.map((l) => l.text).join('\n'),
        note: cause ? `blocked in ${cause.frame}` : 'report and call trace',
      });
    }
    return {
      summary: `${hits.length} hung-task report${hits.length === 1 ? '' : 's'} (${names(hits, 1)}).${causes.size ? ' ' + [...causes].join('; ') + '.' : ''}`,
      evidence,
      why: {
        firedBecause: [`the kernel's hung-task detector reported ${hits.length} task${hits.length === 1 ? '' : 's'} in D state past hung_task_timeout_secs`],
        ruledOut: [
          `a short I/O wait: the detector reports only tasks blocked past hung_task_timeout_secs (here ${Math.max(...hits.map((h) => Number(h.match[3])))} s)`,
          ...(unreliable.size ? [`the unwinder's "?" frames (${[...unreliable].slice(0, 4).join(', ')}) as the cause: they are stale addresses, not calls`] : []),
        ],
      },
    };
  },
});

export const softLockup = logRule({
  id: 'soft-lockup',
  title: 'CPU soft or hard lockup',
  severity: 'critical',
  version: 1,
  sources: 'kernel log',
  meaning:
    'A CPU ran kernel code without scheduling for longer than the watchdog threshold (soft lockup) or stopped answering interrupts (hard lockup). The node stalls: kubelet heartbeats and pod I/O stop while it lasts. Causes are kernel bugs, drivers, or a hypervisor that starved the vCPU.',
  remedy:
    'Note the task and function in the report; upgrade the kernel or the driver it names; on VMs check the host for CPU overcommit (see cpu-steal-high). Repeated lockups warrant draining the node.',
  links: ['https://docs.kernel.org/admin-guide/lockup-watchdogs.html'],
  signatures: [
    { phrase: 'soft lockup', pattern: /BUG: soft lockup - CPU#(\d+) stuck for (\d+)s! \[(.+?):(\d+)\]/, kinds: K },
    { phrase: 'hard LOCKUP', pattern: /Watchdog detected hard LOCKUP on cpu (\d+)/, kinds: K },
  ],
  describe: (hits) => ({ summary: `${countPhrase(hits)} report a CPU lockup${hits[0]?.match[3] ? ` (task ${names(hits, 3)})` : ''}.` }),
});

export const rcuStall = logRule({
  id: 'rcu-stall',
  title: 'RCU stall detected',
  severity: 'warning',
  version: 1,
  sources: 'kernel log',
  meaning:
    'A CPU did not pass through an RCU quiescent state for the stall timeout (21 s by default): it is stuck in a kernel loop, with interrupts off, or starved by the hypervisor. Memory reclamation and many kernel paths wait on RCU.',
  remedy:
    'Read the stack dumped after the report; upgrade the kernel if it points at a known bug; on VMs check steal time and vCPU overcommit.',
  links: ['https://docs.kernel.org/RCU/stallwarn.html'],
  signatures: [{ phrase: 'detected stalls on CPUs', pattern: /INFO: (rcu_\w+) (?:self-)?detected stalls? on CPU/, kinds: K }],
  describe: (hits) => ({ summary: `${countPhrase(hits)} report an RCU stall (${names(hits, 1)}).` }),
});

export const nfsNotResponding = logRule({
  id: 'nfs-server-not-responding',
  title: 'NFS server not responding',
  severity: 'warning',
  version: 1,
  sources: 'kernel log',
  meaning:
    'The kernel NFS client got no answer from an NFS server. Tasks reading or writing the mount wait in D state until it answers (hard mounts never give up), so pods using the volume hang and cannot be stopped.',
  remedy:
    'Check the NFS server and the network path to it from this node; once it answers, the kernel logs "server ... OK". Stuck pods on a dead server need a forced unmount (umount -f -l) or a reboot.',
  links: ['https://man7.org/linux/man-pages/man5/nfs.5.html', 'https://github.com/kubernetes/kubernetes/issues/72048'],
  signatures: [{ phrase: 'not responding', pattern: /nfs: server (\S+) not responding, (still trying|timed out)/, kinds: K }],
  groupBy: (h) => h.match[1] as string,
  describe(hits, view) {
    const server = hits[0]?.match[1] as string;
    const last = hits.at(-1) as LogHit;
    const ok = view
      .searchLogs({ phrase: `nfs server ${server} OK`, pattern: new RegExp(`nfs: server ${escapeRe(server)} OK`), kinds: K })
      .filter((h) => h.path === last.path && h.line > last.line);
    return ok.length
      ? { summary: `NFS server ${server} stopped answering (${countPhrase(hits)}) and came back later.`, severity: 'info', evidence: [...quoteHits(hits), ...ok.slice(0, 1).map((h) => ({ artifact: h.path, line: h.line, lineEnd: h.line, text: h.text, note: 'recovered' }))] }
      : { summary: `NFS server ${server} is not responding (${countPhrase(hits)}), with no recovery logged after.` };
  },
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const unregisterNetdevice = logRule({
  id: 'unregister-netdevice-leak',
  title: 'Network device waiting to be freed (unregister_netdevice)',
  severity: 'warning',
  version: 1,
  sources: 'kernel log',
  meaning:
    'A network device (often a pod veth or lo of a dead network namespace) still has references when it is removed, so the kernel waits and repeats this message. While it waits it holds the network-namespace lock: new pods on the node cannot get a network namespace and stay ContainerCreating.',
  remedy:
    'Upgrade the kernel (many refcount leaks were fixed, e.g. in the IPv6/conntrack paths); as mitigation, drain and reboot the node.',
  links: ['https://github.com/kubernetes/kubernetes/issues/64743', 'https://github.com/moby/moby/issues/5618'],
  signatures: [{ phrase: 'unregister netdevice waiting for', pattern: /unregister_netdevice: waiting for (\S+) to become free\. Usage count = (-?\d+)/, kinds: K }],
  describe: (hits) => ({ summary: `The kernel waits for device ${names(hits, 1)} to be freed: ${countPhrase(hits)}.`, severity: hits.length >= 3 ? 'warning' : 'info' }),
});

export const slubAllocationFailure = logRule({
  id: 'slub-allocation-failure',
  title: 'Kernel slab allocation failures (SLUB)',
  severity: 'warning',
  version: 1,
  sources: 'kernel log',
  meaning:
    'The kernel could not allocate slab memory. On RHEL/CentOS 7 (3.10) kernels with kernel-memory accounting turned on by runc, this is the memory-cgroup kmem leak: leaked cgroups exhaust kmem caches, and containers fail with "no space left on device".',
  remedy:
    'See cgroup-kmem-leak: reboot the node to free leaked cgroups, then upgrade the kernel or use a runc/kubelet that does not enable kmem accounting.',
  links: ['https://github.com/moby/moby/issues/29638', 'https://github.com/opencontainers/runc/issues/1725'],
  signatures: [{ phrase: 'SLUB Unable to allocate memory on node', pattern: /SLUB: Unable to allocate memory on node (-?\d+)/, kinds: K }],
  describe: (hits) => ({ summary: `${countPhrase(hits)} report failed slab allocations.` }),
});

export const diskIoErrors = logRule({
  id: 'disk-io-errors',
  title: 'Block device I/O errors',
  severity: 'critical',
  version: 2,
  sources: 'kernel log',
  meaning:
    'The block layer reported failed reads or writes on a device. Data may be lost; filesystems on it may turn read-only, and anything using them (container images, etcd, volumes) fails.',
  remedy:
    'Identify the device and what is mounted on it; check the disk (smartctl, cloud volume status, SAN paths); move workloads away and replace the disk.',
  links: ['https://docs.kernel.org/admin-guide/iostats.html'],
  signatures: [
    { phrase: 'error dev', pattern: /\b(I\/O|critical medium|critical target|critical nexus|timeout|recoverable transport|critical space allocation|critical protection) error, dev (\w+), sector (\d+)/, kinds: K },
    { phrase: 'Buffer I O error on dev', pattern: /Buffer (I\/O) error on dev (\w+), logical block (\d+)/, kinds: K },
  ],
  describe(hits) {
    // Loop devices (snaps, images) and optical drives report I/O errors when their backing file or
    // medium goes away: not a failing disk.
    const disks = hits.filter((h) => !VIRTUAL_BLOCK.test(h.match[2] as string));
    const virtual = hits.length - disks.length;
    if (disks.length === 0) {
      return { summary: `${countPhrase(hits)} report I/O errors on ${names(hits, 2)}, loop or optical devices only: their backing file or medium went away, no disk failed.`, severity: 'info', why: { firedBecause: [`${hits.length} I/O error lines`], ruledOut: [] } };
    }
    return {
      summary: `${countPhrase(disks)} report I/O errors on ${names(disks, 2)}.`,
      evidence: quoteHits(disks),
      why: { firedBecause: [`${disks.length} I/O error line${disks.length === 1 ? '' : 's'} on ${names(disks, 2)}`], ruledOut: virtual ? [`${virtual} line${virtual === 1 ? '' : 's'} about loop or optical devices (not disks)`] : [] },
    };
  },
});

const VIRTUAL_BLOCK = /^(?:loop\d+|sr\d+|fd\d+|ram\d+|zram\d+|nbd\d+)$/;

export const filesystemErrors = logRule({
  id: 'filesystem-errors',
  title: 'Filesystem errors or read-only remount',
  severity: 'critical',
  version: 1,
  sources: 'kernel log',
  meaning:
    'ext4 or XFS found corruption or an I/O error in its metadata, and may have remounted the filesystem read-only or shut it down. Pods writing to it fail; if it holds /var/lib/containerd, /var/lib/docker or /var/lib/kubelet, the whole node is affected.',
  remedy:
    'Find the device in the message and what is mounted there; drain the node, run fsck/xfs_repair on the unmounted filesystem, and check the underlying disk for I/O errors.',
  links: ['https://docs.kernel.org/admin-guide/ext4.html', 'https://docs.kernel.org/admin-guide/xfs.html'],
  signatures: [
    { phrase: 'EXT4 fs error device', pattern: /(EXT4-fs error) \(device ([^)]+)\)/, kinds: K },
    { phrase: 'Remounting filesystem read only', pattern: /(EXT[234]-fs) \(([^)]+)\): Remounting filesystem read-only/, kinds: K },
    { phrase: 'XFS', pattern: /(XFS) \(([^)]+)\): (?:Corruption (?:detected|of in-memory data)|metadata I\/O error|Filesystem has been shut down|Log I\/O Error)/, kinds: K },
  ],
  describe: (hits) => ({ summary: `${countPhrase(hits)} report filesystem errors on ${names(hits, 2)}.` }),
});

export const kernelOops = logRule({
  id: 'kernel-oops',
  title: 'Kernel oops or BUG',
  severity: 'critical',
  version: 1,
  sources: 'kernel log',
  meaning:
    'The kernel hit a bug (a bad pointer, a failed assertion, a general protection fault). The task that hit it is killed; locks it held may stay held, leaving other tasks hung, and the kernel is tainted.',
  remedy: 'Save the full report (it is in this bundle), check the kernel version against known fixes, upgrade the kernel or the module it names, and reboot the node.',
  links: ['https://docs.kernel.org/admin-guide/bug-hunting.html', 'https://docs.kernel.org/admin-guide/tainted-kernels.html'],
  signatures: [
    { phrase: 'BUG unable to handle', pattern: /BUG: unable to handle (?:kernel )?(\w[\w ]*)/, kinds: K },
    { phrase: 'BUG kernel NULL pointer dereference', pattern: /BUG: kernel (NULL pointer dereference)/, kinds: K },
    { phrase: 'kernel BUG at', pattern: /kernel BUG at (\S+)/, kinds: K },
    { phrase: 'general protection fault', pattern: /(general protection fault)(?:,|:)/, kinds: K },
  ],
  describe: (hits) => ({ summary: `${countPhrase(hits)} report a kernel bug (${names(hits, 1)}).` }),
});

export const cephClientSession = logRule({
  id: 'ceph-client-session-lost',
  title: 'Kernel Ceph client lost its MDS/MON/OSD session',
  severity: 'warning',
  version: 1,
  sources: 'kernel log',
  meaning:
    'The in-kernel Ceph client (CephFS or RBD) lost a session to the Ceph cluster or found an MDS hung. Tasks using the mount wait in D state until the session comes back; if the network namespace the mount was made in is gone, it never does.',
  remedy:
    'Check the Ceph cluster health (ceph -s, ceph health detail) and the network from this node; evict the stale client on the MDS and force-unmount; prefer ceph-csi mounts in the host network namespace.',
  links: ['https://docs.ceph.com/en/latest/cephfs/troubleshooting/', 'https://github.com/moby/moby/issues/41676'],
  signatures: [
    { phrase: 'session lost hunting for new mon', pattern: /libceph: (mon\d+) \S+ session lost, hunting for new mon/, kinds: K },
    { phrase: 'socket closed con state', pattern: /libceph: ((?:osd|mds|mon)\d+) \S+ socket closed \(con state \w+\)/, kinds: K },
    { phrase: 'ceph', pattern: /ceph: (mds\d+) (?:hung|caps stale)/, kinds: K },
  ],
  describe: (hits) => ({ summary: `${countPhrase(hits)} show the kernel Ceph client losing ${names(hits, 1)}.` }),
});


/** Uncorrected, fatal or unrecoverable: the hardware lost data or the kernel had to act on it. */
const UNCORRECTED = /\b(?:UE|uncorrected|Uncorrected|fatal|Fatal|FATAL|PCC|UC|unrecoverable|Unrecoverable|recoverable error)\b|event severity: (?:fatal|recoverable)/;
/** Corrected errors from this many lines on say a part is failing, not a stray bit flip. */
const CORRECTED_MANY = 10;

export const hardwareErrors = logRule({
  id: 'hardware-errors',
  title: 'Hardware errors reported by the machine (MCE, APEI, EDAC)',
  severity: 'warning',
  version: 2,
  sources: 'kernel log (dmesg, syslog, journal, text logs)',
  meaning:
    'The CPU\'s machine-check architecture, the firmware (APEI/GHES) or the memory controller (EDAC) reported hardware errors: memory ECC errors, cache or bus errors, PCIe errors. Corrected errors are fixed by the hardware but, repeated, announce a failing DIMM or CPU; uncorrected ones corrupt data or crash processes and the kernel. Software on the node (kubelet, runtime, pods) can fail in ways no log of theirs explains.',
  remedy:
    'Read which component the lines name (DIMM slot, CPU bank, PCIe device); run the vendor\'s diagnostics (ipmitool sel list, mcelog/rasdaemon: ras-mc-ctl --errors), drain the node and have the part replaced; on a cloud VM, stop and start it to move to another host.',
  links: ['https://docs.kernel.org/admin-guide/ras.html', 'https://docs.kernel.org/firmware-guide/acpi/apei/einj.html', 'https://man7.org/linux/man-pages/man8/mcelog.8.html'],
  signatures: [
    { phrase: 'Hardware Error', pattern: /\[Hardware Error\]:? ?(.{0,200})/, kinds: K },
    { phrase: 'Machine check events logged', pattern: /()Machine check events logged/, kinds: K },
    { phrase: 'EDAC', pattern: /EDAC (?:\w+ )?(MC\d+|PCI\d*|DEVICE\d*)?:? ?(\d+ (?:CE|UE) .{0,160}|HANDLING MCE MEMORY ERROR|.{0,40}(?:[Uu]ncorrected|[Cc]orrected) .{0,120})/, kinds: K },
  ],
  describe(hits) {
    const uncorrected = hits.filter((h) => UNCORRECTED.test(h.text) && !/event severity: corrected/.test(h.text));
    const corrected = hits.length - uncorrected.length;
    const parts = [...new Set(hits.map((h) => /EDAC (?:\w+ )?(MC\d+)/.exec(h.text)?.[1] ?? /\b(CPU \d+)\b/.exec(h.text)?.[1] ?? (/Hardware error from APEI/.test(h.text) ? 'APEI GHES' : null)).filter((v): v is string => v !== null))];
    const severity = uncorrected.length ? 'critical' : corrected >= CORRECTED_MANY ? 'warning' : 'info';
    return {
      summary: `${countPhrase(hits)} report hardware errors${parts.length ? ` (${parts.slice(0, 4).join(', ')})` : ''}: ${uncorrected.length ? `${uncorrected.length} uncorrected or fatal` : `corrected only`}.`,
      severity,
      evidence: quoteHits(uncorrected.length ? [...uncorrected, ...hits.filter((h) => !uncorrected.includes(h))].slice(0, 5) : hits),
      why: {
        firedBecause: [uncorrected.length ? `${uncorrected.length} line${uncorrected.length === 1 ? '' : 's'} report an uncorrected or fatal hardware error` : `${corrected} corrected hardware error line${corrected === 1 ? '' : 's'}`],
        ruledOut: severity === 'info' ? [] : uncorrected.length ? ['errors the hardware fixed (corrected): these say uncorrected, fatal or recoverable'] : [`a stray corrected error: ${corrected} lines (${CORRECTED_MANY} or more)`],
      },
    };
  },
});

export const KERNEL_RULES: Rule[] = [
  oomKill, hungTask, softLockup, rcuStall, nfsNotResponding, unregisterNetdevice, slubAllocationFailure,
  diskIoErrors, filesystemErrors, kernelOops, cephClientSession, hardwareErrors,
];
