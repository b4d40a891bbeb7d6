import type { StackFrame } from '../../../shared/api/processes';

/**
 * /proc/<pid>/stack lines, innermost first. Since 4.x the address is hidden: `[<0>] do_wait+0x53/0x120`;
 * older kernels print it: `[<ffffffff8108f6f2>] zap_pid_ns_processes+0x102/0x150`, and end with a
 * `[<ffffffffffffffff>] 0xffffffffffffffff` marker, which is not a frame. A module is named after the
 * offset: `ceph_mdsc_do_request+0x10f/0x240 [ceph]`.
 */
export function parseStack(text: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*\[<[0-9a-fA-F]+>\]\s+([A-Za-z_.$][\w.$]*)(\+0x[0-9a-f]+\/0x[0-9a-f]+)?(?:\s+\[(\w+)\])?/.exec(line);
    if (m) frames.push({ fn: m[1] as string, offset: m[2] ?? '', module: m[3] ?? null });
  }
  return frames;
}
