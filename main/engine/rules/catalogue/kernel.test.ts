import { describe, expect, it } from 'vitest';
import { dmesg, findingsOf, KERNEL_SAMPLES, log } from '../../../../test/cases/harness';

const kern = (text: string) => log('logs/dmesg.log', 'dmesg', text);

for (const k of KERNEL_SAMPLES) describe.skipIf(k.skip)(`oom-kill (${k.from})`, () => {
  it('fires on a memory-cgroup OOM kill (the shape of node-problem-detector kernel_log_generator/problems/oom_kill)', () => {
    const [name, pid] = k.oomVictim;
    const [f, ...rest] = findingsOf('oom-kill', [kern(k.text('oom'))]);
    expect(rest).toEqual([]);
    expect(f?.summary).toContain(`${name} (pid ${pid})`);
    expect(f?.summary).toContain('memory cgroup');
    expect(f?.evidence.map((e) => e.line)).toEqual([1, 2]);
    expect(f?.evidence[1]?.text.startsWith(`Killed process ${pid} (${name})`)).toBe(true);
  });
});

describe('oom-kill', () => {
  it('fires on the one-line oom-kill summary of newer kernels (format of mm/oom_kill.c dump_oom_summary)', () => {
    const text = dmesg('oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/kubepods/burstable/pod1,task=java,pid=4242,uid=1000');
    expect(findingsOf('oom-kill', [kern(text)])[0]?.summary).toContain('java (pid 4242)');
  });
  it('does not fire on a process killed by a supervisor', () => {
    expect(findingsOf('oom-kill', [kern(dmesg('supervisord: Killed process 4242 with signal 9', 'oom_score_adj set to -999 for pid 1'))])).toEqual([]);
  });
});

for (const k of KERNEL_SAMPLES) describe.skipIf(k.skip)(`hung-task (${k.from})`, () => {
  it('quotes the report with its call trace and names the netns lock (the shape of npd problems/docker_hung)', () => {
    const [f] = findingsOf('hung-task', [kern(k.text('hung'))]);
    expect(f?.evidence[0]).toMatchObject({ artifact: 'logs/dmesg.log', line: 1, lineEnd: 19 });
    expect(f?.evidence[0]?.text.split('\n').at(-1)).toContain('system_call_fast_compare_end');
    expect(f?.summary).toContain('network-namespace lock (net_mutex/rtnl) (copy_net_ns)');
  });
  it('names an aufs lock for the aufs umount hang (the shape of npd problems/aufs_umount_hung)', () => {
    const [f] = findingsOf('hung-task', [kern(k.text('aufs'))]);
    expect(f?.summary).toContain('umount.aufs waits on an overlay/aufs filesystem lock (si_write_lock)');
  });
  it('unregister-netdevice-leak fires on the kernel\'s message (repeated as the kernel does every 10 s)', () => {
    const hit = k.text('netdev').trim();
    const [f] = findingsOf('unregister-netdevice-leak', [kern(dmesg('Linux version 6.1.0 (gcc 12)', hit, hit, hit))]);
    expect(f?.evidence[0]).toMatchObject({ artifact: 'logs/dmesg.log', line: 2 });
    expect(f?.evidence[0]?.text.endsWith(hit)).toBe(true);
  });
});

describe('hung-task', () => {
  it('does not fire on the hung-task timeout setting message alone', () => {
    expect(findingsOf('hung-task', [kern(dmesg('"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.'))])).toEqual([]);
  });
});

describe('other kernel signatures (lines built from the kernel format strings named)', () => {
  const cases: { rule: string; source: string; hit: string; miss: string }[] = [
    { rule: 'soft-lockup', source: 'kernel/watchdog.c', hit: 'watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:123]', miss: 'watchdog: soft lockup threshold set to 20s' },
    { rule: 'rcu-stall', source: 'kernel/rcu/tree_stall.h', hit: 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', miss: 'rcu: RCU calculated value of scheduler-enlistment delay is 25 jiffies.' },
    { rule: 'nfs-server-not-responding', source: 'fs/nfs (nfs_timer / rpc)', hit: 'nfs: server 10.0.0.9 not responding, still trying', miss: 'nfs: server 10.0.0.9 OK' },
    { rule: 'slub-allocation-failure', source: 'mm/slub.c slab_out_of_memory', hit: 'SLUB: Unable to allocate memory on node -1, gfp=0x8020(GFP_ATOMIC)', miss: 'SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=8, Nodes=1' },
    { rule: 'disk-io-errors', source: 'block/blk-core.c print_req_error', hit: 'blk_update_request: I/O error, dev sdb, sector 2048 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 0', miss: 'sd 2:0:0:0: [sdb] 209715200 512-byte logical blocks: (107 GB/100 GiB)' },
    { rule: 'filesystem-errors', source: 'fs/ext4/super.c', hit: 'EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm kubelet: reading directory lblock 0', miss: 'EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null)' },
    { rule: 'kernel-oops', source: 'arch/x86/mm/fault.c', hit: 'BUG: kernel NULL pointer dereference, address: 0000000000000008', miss: 'BUG: Bad rss-counter state mm:000000001 type:MM_ANONPAGES val:1' },
    { rule: 'ceph-client-session-lost', source: 'net/ceph/mon_client.c', hit: 'libceph: mon1 10.0.0.12:6789 session lost, hunting for new mon', miss: 'libceph: mon0 10.0.0.11:6789 session established' },
    { rule: 'unregister-netdevice-leak', source: 'net/core/dev.c netdev_wait_allrefs (repeated as the kernel does every 10 s)', hit: 'unregister_netdevice: waiting for veth3f2a1b to become free. Usage count = 2', miss: 'IPv6: ADDRCONF(NETDEV_CHANGE): veth1a2b3c: link becomes ready' },
  ];
  for (const c of cases) {
    it(`${c.rule} fires on its message (${c.source})`, () => {
      const [f] = findingsOf(c.rule, [kern(dmesg('Linux version 6.1.0 (gcc 12)', c.hit, c.hit, c.hit))]);
      expect(f?.evidence[0]).toMatchObject({ artifact: 'logs/dmesg.log', line: 2 });
      expect(f?.evidence[0]?.text.endsWith(c.hit)).toBe(true);
    });
    it(`${c.rule} does not fire on a near miss`, () => {
      expect(findingsOf(c.rule, [kern(dmesg('Linux version 6.1.0 (gcc 12)', c.miss))])).toEqual([]);
    });
  }
  it('an NFS server that answered again is only info', () => {
    const [f] = findingsOf('nfs-server-not-responding', [kern(dmesg('nfs: server nas1 not responding, still trying', 'nfs: server nas1 OK'))]);
    expect(f?.severity).toBe('info');
  });
});
