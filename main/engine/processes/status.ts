/** /proc/<pid>/status: `Key:\tvalue` lines (older kernels pad with spaces). */
export function parseStatus(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s*(.*)$/.exec(line);
    if (m) out.set(m[1] as string, (m[2] as string).trim());
  }
  return out;
}

export interface StatusFacts {
  name: string | null;
  /** "D" of "D (disk sleep)". */
  state: string | null;
  stateName: string | null;
  ppid: number | null;
  threads: number | null;
  rssKB: number | null;
  nsPids: number[];
}

function int(s: string | undefined): number | null {
  const m = s === undefined ? null : /^-?\d+/.exec(s);
  return m ? Number(m[0]) : null;
}

export function statusFacts(status: Map<string, string>): StatusFacts {
  const state = /^(\S)\s*(?:\(([^)]*)\))?/.exec(status.get('State') ?? '');
  return {
    name: status.get('Name') ?? null,
    state: state ? (state[1] as string) : null,
    stateName: state?.[2] ?? null,
    ppid: int(status.get('PPid')),
    threads: int(status.get('Threads')),
    rssKB: int(status.get('VmRSS')),
    nsPids: (status.get('NSpid') ?? '').split(/\s+/).filter((s) => /^\d+$/.test(s)).map(Number),
  };
}
