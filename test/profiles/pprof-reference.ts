/**
 * `go tool pprof` (Debian golang-go) as the reference for profile numbers: runs `-top -nodefraction=0`
 * with a unit setting that makes pprof print raw integers, and parses its text table.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export interface PprofRow {
  name: string;
  flat: number;
  cum: number;
}

export interface PprofTop {
  total: number;
  rows: PprofRow[];
}

export function havePprof(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/** pprof's -unit value that prints a sample type's values unscaled. */
export function rawUnit(unit: string): string {
  const time: Record<string, string> = { nanoseconds: 'ns', microseconds: 'us', milliseconds: 'ms', seconds: 's' };
  if (time[unit]) return time[unit];
  if (unit === 'bytes') return 'B';
  return 'count';
}

export function pprofTop(file: string, sampleIndex: string, unit: string, extra: string[] = []): PprofTop {
  const out = execFileSync(
    'go',
    ['tool', 'pprof', '-top', '-nodefraction=0', `-sample_index=${sampleIndex}`, `-unit=${rawUnit(unit)}`, ...extra, file],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return parsePprofTop(out);
}

const VALUE = /^(-?\d+)(?:[a-zA-Z]*)$/;

function value(text: string): number {
  const m = VALUE.exec(text);
  if (!m) throw new Error(`pprof printed a non-integer value: ${text}`);
  return Number(m[1]);
}

export function parsePprofTop(out: string): PprofTop {
  const lines = out.split('\n');
  const totalLine = lines.find((l) => l.startsWith('Showing nodes accounting for'));
  const total = totalLine ? value(/of (\S+) total/.exec(totalLine)![1]) : 0;
  const header = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%/.test(l));
  const rows: PprofRow[] = [];
  for (const line of header < 0 ? [] : lines.slice(header + 1)) {
    const m = /^\s*(\S+)\s+\S+%\s+\S+%\s+(\S+)\s+\S+%\s{2}(.*)$/.exec(line);
    if (!m) continue;
    const name = m[3].replace(/ \((partial-)?inline\)$/, '');
    rows.push({ name, flat: value(m[1]), cum: value(m[2]) });
  }
  return { total, rows };
}
