/** /proc/<pid>/stat (proc(5)): the comm is in parentheses and may itself hold spaces and parentheses. */
export interface PidStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  utime: number;
  stime: number;
  nice: number;
  threads: number;
  /** Clock ticks after boot. */
  startTime: number;
  /** Resident pages. */
  rssPages: number;
}

export function parsePidStat(text: string): PidStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  // Fields after the comm start with field 3 (state): field N is at index N - 3.
  const f = text.slice(close + 1).trim().split(/\s+/);
  const n = (field: number): number => Number(f[field - 3]);
  const stat = {
    pid,
    comm: text.slice(open + 1, close),
    state: f[0] ?? '',
    ppid: n(4),
    utime: n(14),
    stime: n(15),
    nice: n(19),
    threads: n(20),
    startTime: n(22),
    rssPages: n(24),
  };
  const numbers = [stat.pid, stat.ppid, stat.utime, stat.stime, stat.nice, stat.threads, stat.startTime];
  return /^[A-Za-z]$/.test(stat.state) && numbers.every(Number.isFinite) ? stat : null;
}

const STATE_NAMES: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk sleep',
  T: 'stopped',
  t: 'tracing stop',
  X: 'dead',
  x: 'dead',
  Z: 'zombie',
  P: 'parked',
  I: 'idle',
  K: 'wakekill',
  W: 'waking',
};

/** The name the kernel gives a state letter in /proc/<pid>/status ("D" → "disk sleep"). */
export function stateName(letter: string): string | null {
  return STATE_NAMES[letter] ?? null;
}
