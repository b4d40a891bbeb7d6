/**
 * proc/pid-cpu.txt (docs/bundle-format.md, kind proc-pid-cpu): every process's user + system CPU
 * ticks at both ends of the collector's sample window, turned into CPU over the window (what top
 * shows) per process. Lines are length-capped and split, never matched by a regex; malformed lines
 * are counted, never thrown on.
 */

const MAX_LINE = 256;

export interface PidCpuSample {
  /** Milliseconds since boot when the sample started. */
  atMs: number;
  /** PID → utime + stime, in ticks. */
  ticks: Map<number, number>;
}

export interface ParsedPidCpu {
  clkTck: number;
  samples: PidCpuSample[];
  malformed: number;
}

const isCount = (s: string | undefined): s is string => s !== undefined && s !== '' && s.length <= 20 && /^\d+$/.test(s);

export function parsePidCpu(text: string): ParsedPidCpu {
  let clkTck = 100;
  const samples: PidCpuSample[] = [];
  let malformed = 0;
  for (const raw of text.split('\n')) {
    const line = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw.trimEnd();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const f = line.split(' ');
      if (f[1] === 'clk-tck' && isCount(f[2]) && Number(f[2]) > 0) clkTck = Number(f[2]);
      continue;
    }
    const f = line.split(' ');
    if (f[0] === 'T' && f.length === 2 && isCount(f[1])) {
      samples.push({ atMs: Number(f[1]), ticks: new Map() });
      continue;
    }
    const current = samples[samples.length - 1];
    if (!current || f.length !== 3 || !isCount(f[0]) || !isCount(f[1]) || !isCount(f[2])) {
      malformed++;
      continue;
    }
    current.ticks.set(Number(f[0]), Number(f[1]) + Number(f[2]));
  }
  return { clkTck, samples, malformed };
}

export interface CpuOverWindow {
  /** Seconds between the first and the last sample. */
  seconds: number;
  /** PID → percent of one CPU over the window (200 is two CPUs busy), for processes in both samples. */
  percent: Map<number, number>;
  /** Processes in only one sample (started or ended in the window), or whose ticks went down (a reused PID). */
  unmatched: number;
}

/** CPU over the window, from the first and the last sample; null without two samples a moment apart. */
export function cpuOverWindow(parsed: ParsedPidCpu): CpuOverWindow | null {
  const first = parsed.samples[0];
  const last = parsed.samples[parsed.samples.length - 1];
  if (!first || !last || first === last || last.atMs <= first.atMs) return null;
  const seconds = (last.atMs - first.atMs) / 1000;
  const percent = new Map<number, number>();
  let unmatched = 0;
  for (const [pid, end] of last.ticks) {
    const start = first.ticks.get(pid);
    if (start === undefined || end < start) {
      unmatched++;
      continue;
    }
    percent.set(pid, ((end - start) / parsed.clkTck / seconds) * 100);
  }
  for (const pid of first.ticks.keys()) if (!last.ticks.has(pid)) unmatched++;
  return { seconds, percent, unmatched };
}
