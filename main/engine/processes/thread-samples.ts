/**
 * proc/thread-samples.txt (docs/bundle-format.md, kind thread-samples): the collector's samples of
 * every thread's state, wchan and syscall through its sample window, aggregated per thread into time
 * spent in each state × wchan × syscall (× kernel stack for D). Lines are length-capped before any
 * matching; malformed lines are counted, never thrown on.
 */
import type { ThreadStateBucket, ThreadStateRow, ThreadStates } from '../../../shared/api/processes';
import { syscallName } from './syscalls';

const MAX_LINE = 4096;
const MAX_FRAMES = 64;

interface Acc {
  pid: number;
  tid: number;
  comm: string;
  samples: number;
  states: Record<string, number>;
  buckets: Map<string, ThreadStateBucket>;
  lastSample: number;
  /** Time of the first sample of the current run in D, or null when the last sample was not D. */
  dSince: number | null;
  longestDMs: number;
}

export interface ParsedThreadSamples {
  samples: number;
  intervalMs: number;
  spanMs: number;
  arch: string | null;
  overhead: { cpuMs: number; bytes: number } | null;
  threads: Acc[];
  malformed: number;
}

function headerValue(line: string, key: string): string | null {
  const prefix = `# ${key} `;
  return line.startsWith(prefix) ? line.slice(prefix.length).trim() : null;
}

/** Parses and aggregates a thread-samples artifact. */
export function parseThreadSamples(text: string): ParsedThreadSamples {
  let arch: string | null = null;
  let declared = 0;
  const times: number[] = [];
  const byThread = new Map<string, Acc>();
  let overhead: ParsedThreadSamples['overhead'] = null;
  let malformed = 0;
  let sample = -1;
  // The stack line follows its thread's line: remember that thread's bucket.
  let lastBucket: { acc: Acc; key: string; bucket: ThreadStateBucket } | null = null;

  for (const raw of text.split('\n')) {
    const line = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
    if (line === '') continue;
    if (line.startsWith('#')) {
      arch = headerValue(line, 'arch') ?? arch;
      const iv = headerValue(line, 'interval-ms');
      if (iv !== null && /^\d+$/.test(iv)) declared = Number(iv);
      const m = /^# samples (\d+) cpu-ms (\d+) bytes (\d+)/.exec(line);
      if (m) overhead = { cpuMs: Number(m[2]), bytes: Number(m[3]) };
      continue;
    }
    if (line.startsWith('T ')) {
      const t = Number(line.slice(2));
      if (!Number.isFinite(t)) { malformed++; continue; }
      times.push(t);
      sample++;
      lastBucket = null;
      continue;
    }
    if (sample < 0) { malformed++; continue; }
    if (line.startsWith('K ')) {
      const m = /^K (\d+) (\d+) (.*)$/.exec(line);
      if (!m || !lastBucket || lastBucket.acc.pid !== Number(m[1]) || lastBucket.acc.tid !== Number(m[2])) { malformed++; continue; }
      const stack = m[3].split(';').slice(0, MAX_FRAMES);
      const { acc, bucket } = lastBucket;
      // The same place with a stack is its own bucket: move this sample there.
      bucket.samples--;
      if (bucket.samples === 0) acc.buckets.delete(lastBucket.key);
      const key = `${bucket.state} ${bucket.wchan} ${bucket.syscall} ${stack.join(';')}`;
      const withStack = acc.buckets.get(key) ?? { ...bucket, stack, samples: 0 };
      withStack.samples++;
      acc.buckets.set(key, withStack);
      lastBucket = null;
      continue;
    }
    // PID TID STATE WCHAN SYSCALL COMM (comm last: it may hold spaces)
    const m = /^(\d+) (\d+) (\S) (\S+) (\S+) ?(.*)$/.exec(line);
    if (!m) { malformed++; continue; }
    const [, pidS, tidS, state, wchanS, sysS, comm] = m;
    const id = `${pidS} ${tidS}`;
    const acc: Acc = byThread.get(id) ?? {
      pid: Number(pidS), tid: Number(tidS), comm, samples: 0, states: {}, buckets: new Map(), lastSample: -2, dSince: null, longestDMs: 0,
    };
    byThread.set(id, acc);
    if (acc.lastSample === sample) continue; // the same thread twice in one sample
    acc.samples++;
    acc.states[state] = (acc.states[state] ?? 0) + 1;
    const now = times[times.length - 1] as number;
    if (state !== 'D') acc.dSince = null;
    else {
      if (acc.dSince === null || acc.lastSample !== sample - 1) acc.dSince = now;
      acc.longestDMs = Math.max(acc.longestDMs, now - acc.dSince);
    }
    acc.lastSample = sample;
    const wchan = wchanS === '-' ? null : wchanS;
    const syscall = syscallName(sysS, arch);
    const key = `${state} ${wchan} ${syscall} `;
    const bucket = acc.buckets.get(key) ?? { state, wchan, syscall, stack: null, samples: 0, ms: 0 };
    bucket.samples++;
    acc.buckets.set(key, bucket);
    lastBucket = { acc, key, bucket };
  }
  const spanMs = times.length > 1 ? times[times.length - 1] - times[0] : 0;
  const intervalMs = times.length > 1 ? Math.round(spanMs / (times.length - 1)) : declared;
  return { samples: times.length, intervalMs, spanMs, arch, overhead, threads: [...byThread.values()], malformed };
}

function toRow(a: Acc, intervalMs: number): ThreadStateRow {
  const buckets = [...a.buckets.values()]
    .map((b) => ({ ...b, ms: b.samples * intervalMs }))
    .sort((x, y) => y.samples - x.samples);
  return { pid: a.pid, tid: a.tid, comm: a.comm, samples: a.samples, states: a.states, buckets, longestDMs: a.longestDMs };
}

/** Calls a thread can be stuck in waiting for a file, pipe, socket or disk (not an idle loop). */
const IO_CALLS = new Set(['read', 'pread64', 'readv', 'write', 'pwrite64', 'writev', 'recvfrom', 'recvmsg', 'recvmmsg', 'sendto', 'sendmsg', 'open', 'openat', 'fsync', 'fdatasync', 'sync', 'syncfs', 'flock', 'mount', 'umount2', 'connect', 'accept', 'accept4', 'io_getevents']);

/** In S for the whole window, in one I/O call: a long blocking read (or write, open, sync). */
export function blockedInIo(a: { samples: number; states: Record<string, number>; buckets: Map<string, ThreadStateBucket> | ThreadStateBucket[] }): boolean {
  if (a.samples < 2 || (a.states.S ?? 0) !== a.samples) return false;
  const buckets = [...a.buckets.values()];
  return buckets.length === 1 && buckets[0].syscall !== null && IO_CALLS.has(buckets[0].syscall);
}

/**
 * Threads worth showing: any sample in D or R, or blocked in one I/O call for the whole window; most
 * D first, then the blocked ones, then most R. All threads of one process when `pid` is given.
 */
export function threadStatesOf(parsed: ParsedThreadSamples, pid?: number): Omit<ThreadStates, 'missing'> {
  const chosen = parsed.threads.filter((a) => (pid === undefined ? (a.states.D ?? 0) + (a.states.R ?? 0) > 0 || blockedInIo(a) : a.pid === pid));
  const blocked = new Set(chosen.filter(blockedInIo).map((a) => `${a.pid} ${a.tid}`));
  const isBlocked = (t: ThreadStateRow): number => (blocked.has(`${t.pid} ${t.tid}`) ? 1 : 0);
  const threads = chosen
    .map((a) => toRow(a, parsed.intervalMs))
    .sort((x, y) => (y.states.D ?? 0) - (x.states.D ?? 0) || isBlocked(y) - isBlocked(x) || (y.states.R ?? 0) - (x.states.R ?? 0) || x.pid - y.pid || x.tid - y.tid);
  const problems = parsed.malformed ? [`proc/thread-samples.txt: ${parsed.malformed} lines not in the sampler's format`] : [];
  return {
    samples: parsed.samples,
    intervalMs: parsed.intervalMs,
    spanMs: parsed.spanMs,
    arch: parsed.arch,
    threads,
    threadCount: parsed.threads.length,
    overhead: parsed.overhead,
    problems,
  };
}
