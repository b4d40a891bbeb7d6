/**
 * Syscall numbers of /proc/<pid>/task/<tid>/syscall to names, for the calls a blocked or busy thread
 * is usually in. Numbers are per architecture (arch/x86/entry/syscalls/syscall_64.tbl,
 * include/uapi/asm-generic/unistd.h for arm64); an unknown one is shown as "#N".
 */
const X86_64: Record<number, string> = {
  0: 'read', 1: 'write', 2: 'open', 3: 'close', 4: 'stat', 5: 'fstat', 7: 'poll', 8: 'lseek', 9: 'mmap',
  16: 'ioctl', 17: 'pread64', 18: 'pwrite64', 19: 'readv', 20: 'writev', 23: 'select', 24: 'sched_yield',
  34: 'pause', 35: 'nanosleep', 40: 'sendfile', 42: 'connect', 43: 'accept', 44: 'sendto', 45: 'recvfrom',
  46: 'sendmsg', 47: 'recvmsg', 56: 'clone', 57: 'fork', 58: 'vfork', 59: 'execve', 61: 'wait4', 62: 'kill',
  72: 'fcntl', 73: 'flock', 74: 'fsync', 75: 'fdatasync', 82: 'rename', 83: 'mkdir', 84: 'rmdir', 87: 'unlink',
  130: 'rt_sigsuspend', 162: 'sync', 165: 'mount', 166: 'umount2', 202: 'futex', 208: 'io_getevents',
  213: 'epoll_create', 230: 'clock_nanosleep', 232: 'epoll_wait', 247: 'waitid', 257: 'openat',
  262: 'newfstatat', 270: 'pselect6', 271: 'ppoll', 281: 'epoll_pwait', 288: 'accept4', 299: 'recvmmsg',
  306: 'syncfs', 307: 'sendmmsg', 426: 'io_uring_enter', 441: 'epoll_pwait2',
};
const ARM64: Record<number, string> = {
  17: 'getcwd', 22: 'epoll_pwait', 23: 'dup', 25: 'fcntl', 29: 'ioctl', 32: 'flock', 40: 'mount', 39: 'umount2',
  56: 'openat', 57: 'close', 63: 'read', 64: 'write', 65: 'readv', 66: 'writev', 67: 'pread64', 68: 'pwrite64',
  72: 'pselect6', 73: 'ppoll', 81: 'sync', 82: 'fsync', 83: 'fdatasync', 98: 'futex', 101: 'nanosleep',
  115: 'clock_nanosleep', 124: 'sched_yield', 129: 'kill', 133: 'rt_sigsuspend', 202: 'accept', 203: 'connect',
  206: 'sendto', 207: 'recvfrom', 211: 'sendmsg', 212: 'recvmsg', 220: 'clone', 221: 'execve', 242: 'accept4',
  243: 'recvmmsg', 260: 'wait4', 267: 'syncfs', 269: 'sendmmsg', 426: 'io_uring_enter', 441: 'epoll_pwait2',
};

/** "0" on x86_64 → "read"; "running" and "-1" (in the kernel, not in a syscall) are kept as they are. */
export function syscallName(field: string, arch: string | null): string | null {
  if (field === '-' || field === '') return null;
  if (!/^\d+$/.test(field)) return field === '-1' ? 'none' : field;
  const n = Number(field);
  const table = arch === 'x86_64' ? X86_64 : arch === 'aarch64' || arch === 'arm64' ? ARM64 : null;
  return table?.[n] ?? `#${n}`;
}
