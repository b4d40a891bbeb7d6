/**
 * Names what a blocked kernel stack waits on, from its frame names (innermost first). Shared by the
 * hung-task, D-state and stuck-exit rules so they describe the same stack the same way.
 */

/** Frames every sleeping task has: they say it sleeps, not on what. */
const SCHEDULER_FRAME =
  /^(?:__?schedule\w*|schedule\w*|io_schedule\w*|preempt_schedule\w*|__mutex_lock\w*|mutex_lock\w*|rwsem_down_\w+|call_rwsem_down_\w+|down_read\w*|down_write\w*|__down\w*|wait_for_completion\w*|wait_on_page_bit\w*|bit_wait\w*|out_of_line_wait_on_bit\w*|__wait_on_bit\w*|finish_wait|prepare_to_wait\w*|do_wait|entry_SYSCALL\w*|do_syscall_64|system_call\w*|ret_from_fork|kthread|\w*sys_\w+|x64_sys_call|futex_wait\w*|do_futex)$/;

export interface BlockingCause {
  /** What the task waits on, in words: "a CephFS request", "sync() of every filesystem". */
  cause: string;
  /** The frame that says so. */
  frame: string;
}

const CAUSES: { test: RegExp; cause: string }[] = [
  { test: /ceph/, cause: 'the kernel Ceph client (a CephFS/RBD request)' },
  { test: /^(?:nfs|rpc_|__rpc|nfs4)/, cause: 'an NFS server (RPC)' },
  { test: /^(?:sys_sync|ksys_sync|__x64_sys_sync|sync_inodes_one_sb|sync_filesystem|iterate_supers)$/, cause: 'sync() of every filesystem on the host' },
  { test: /^(?:copy_net_ns|cleanup_net|unregister_netdevice\w*|rtnl_lock|netdev_run_todo)$/, cause: 'the network-namespace lock (net_mutex/rtnl)' },
  { test: /^zap_pid_ns_processes$/, cause: 'the other tasks of its PID namespace to exit' },
  { test: /^(?:n_tty_read|tty_read|wait_woken)$/, cause: 'input on its terminal (stdin)' },
  { test: /^(?:pipe_read|pipe_wait\w*)$/, cause: 'data on a pipe (stdin)' },
  { test: /^(?:jbd2\w*|ext4_\w+|xfs_\w+|btrfs_\w+)/, cause: 'a local filesystem journal or log' },
  { test: /^(?:aufs|au_|si_write_lock|si_read_lock|ovl_\w+)/, cause: 'an overlay/aufs filesystem lock' },
  { test: /^(?:blk_\w+|submit_bio\w*|wait_on_page_writeback|__lock_page\w*|generic_perform_write)$/, cause: 'disk I/O' },
  { test: /^(?:fuse_\w+|request_wait_answer)$/, cause: 'a FUSE filesystem daemon' },
];

/** Function name of a stack line: "[<ffffffff8110>] do_wait+0x1f/0x2a0" → "do_wait". */
export function frameName(line: string): string | null {
  const m = /(?:\] |^\s*(?:\? )?|\? )([A-Za-z_][\w.]*)\+0x[0-9a-f]+\/0x[0-9a-f]+/.exec(line);
  return m ? (m[1] as string) : null;
}

/**
 * A frame the unwinder marked "?": an address it found on the stack but could not prove is a return
 * address (a stale value). It must not name what a task waits on.
 */
export function isUnreliableFrame(line: string): boolean {
  return /(?:^|\s|\])\? [A-Za-z_][\w.]*\+0x[0-9a-f]+\/0x[0-9a-f]+/.test(line);
}

/** The first frame (innermost first) that tells what the task waits on, or the first non-scheduler one. */
export function blockingCause(frames: string[]): BlockingCause | null {
  for (const frame of frames) {
    const known = CAUSES.find((c) => c.test.test(frame));
    if (known) return { cause: known.cause, frame };
  }
  const first = frames.find((f) => !SCHEDULER_FRAME.test(f));
  return first ? { cause: `the kernel function ${first}`, frame: first } : null;
}
