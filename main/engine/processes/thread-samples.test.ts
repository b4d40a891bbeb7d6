import { describe, expect, it } from 'vitest';
import { blockedInIo, parseThreadSamples, threadStatesOf } from './thread-samples';
import { syscallName } from './syscalls';

/**
 * Lines in the collector's format (docs/bundle-format.md, thread-samples), shaped on a real run on
 * the build VM: a sleep frozen by the cgroup-v1 freezer (D, with its stack), a cat blocked reading a
 * pipe, a busy node thread, an idle kernel thread.
 */
const TEXT = [
  '# nodescope thread samples 1',
  '# arch x86_64',
  '# interval-ms 150',
  'T 1000',
  '21289 21289 D hrtimer_nanosleep 230 sleep',
  'K 21289 21289 hrtimer_nanosleep;common_nsleep;__x64_sys_clock_nanosleep;do_syscall_64',
  '21293 21293 S anon_pipe_read 0 cat',
  '20101 20101 R - running node',
  '15 15 I rcu_gp_kthread - rcu_preempt',
  'T 1200',
  '21289 21289 D hrtimer_nanosleep 230 sleep',
  'K 21289 21289 hrtimer_nanosleep;common_nsleep;__x64_sys_clock_nanosleep;do_syscall_64',
  '21293 21293 S anon_pipe_read 0 cat',
  '20101 20101 S futex_wait_queue 202 node',
  '15 15 I rcu_gp_kthread - rcu_preempt',
  'T 1400',
  '21289 21289 D hrtimer_nanosleep 230 sleep',
  '21293 21293 S anon_pipe_read 0 cat',
  '20101 20101 R - running node',
  '20101 20102 S ep_poll 232 node worker',
  'this line is not in the format',
  '# samples 3 cpu-ms 42 bytes 900',
].join('\n');

describe('thread samples', () => {
  const parsed = parseThreadSamples(TEXT);

  it('reads the header, the sample times and the sampler\'s own cost', () => {
    expect(parsed).toMatchObject({ samples: 3, intervalMs: 200, spanMs: 400, arch: 'x86_64', overhead: { cpuMs: 42, bytes: 900 }, malformed: 1 });
    expect(parsed.threads).toHaveLength(5);
  });

  it('counts per thread the samples in each state × wchan × syscall, with the stack of D where it was read', () => {
    const s = threadStatesOf(parsed);
    const sleep = s.threads.find((t) => t.pid === 21289)!;
    expect(sleep.states).toEqual({ D: 3 });
    expect(sleep.longestDMs).toBe(400);
    expect(sleep.buckets).toEqual([
      { state: 'D', wchan: 'hrtimer_nanosleep', syscall: 'clock_nanosleep', stack: ['hrtimer_nanosleep', 'common_nsleep', '__x64_sys_clock_nanosleep', 'do_syscall_64'], samples: 2, ms: 400 },
      { state: 'D', wchan: 'hrtimer_nanosleep', syscall: 'clock_nanosleep', stack: null, samples: 1, ms: 200 },
    ]);
    const node = s.threads.find((t) => t.tid === 20101)!;
    expect(node.states).toEqual({ R: 2, S: 1 });
    expect(node.buckets[0]).toMatchObject({ state: 'R', wchan: null, syscall: 'running', samples: 2 });
    expect(s.problems).toEqual(['proc/thread-samples.txt: 1 lines not in the sampler\'s format']);
  });

  it('lists D first, then threads blocked in one I/O call the whole window, then busy ones; not idle sleepers', () => {
    const s = threadStatesOf(parsed);
    expect(s.threads.map((t) => `${t.pid}/${t.tid}`)).toEqual(['21289/21289', '21293/21293', '20101/20101']);
    expect(s.threadCount).toBe(5);
    const cat = parsed.threads.find((t) => t.pid === 21293)!;
    expect(blockedInIo(cat)).toBe(true);
    expect(blockedInIo(parsed.threads.find((t) => t.tid === 20102)!)).toBe(false);
    // One process: every thread, idle ones too; comm with a space kept whole.
    expect(threadStatesOf(parsed, 20101).threads.map((t) => [t.tid, t.comm])).toEqual([[20101, 'node'], [20102, 'node worker']]);
  });

  it('never throws on garbage and caps line length before matching', () => {
    const junk = parseThreadSamples(`T 1\n${'9'.repeat(100_000)} 1 D x 0 y\nK 1 2 a;b\n\u0000\n`);
    expect(junk.samples).toBe(1);
    expect(junk.malformed).toBe(3);
    expect(parseThreadSamples('').samples).toBe(0);
  });

  it('names syscalls per architecture, keeps the kernel\'s words and unknown numbers', () => {
    expect(syscallName('0', 'x86_64')).toBe('read');
    expect(syscallName('63', 'aarch64')).toBe('read');
    expect(syscallName('9999', 'x86_64')).toBe('#9999');
    expect(syscallName('running', 'x86_64')).toBe('running');
    expect(syscallName('-1', 'x86_64')).toBe('none');
    expect(syscallName('-', 'x86_64')).toBeNull();
  });
});
