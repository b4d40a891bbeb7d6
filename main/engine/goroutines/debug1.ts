/**
 * `/debug/pprof/goroutine?debug=1` (runtime/pprof printCountProfile): records of identical stacks with a
 * count, symbolised as `#\t0xPC\tfunc+0xOFF\tfile:line` lines. No ids, no state, no wait time, and
 * leading runtime frames are not printed.
 */
import type { GoroutineRecord } from './model';

const HEADER = /^goroutine profile: total (\d+)\s*$/;
const RECORD = /^(\d+) @(?: 0x[0-9a-f]+)*\s*$/;
const SYMBOL = /^#\t+0x[0-9a-f]+\t+(\S.*?)\+0x[0-9a-f]+\t+(.*):(\d+)\s*$/;

export function looksLikeDebug1(text: string): boolean {
  return HEADER.test(text.slice(0, text.indexOf('\n') + 1 || text.length));
}

export interface Debug1Result {
  headerTotal: number;
  records: GoroutineRecord[];
}

export function parseDebug1(text: string): Debug1Result {
  const lines = text.split('\n');
  const h = HEADER.exec(lines[0] ?? '');
  const headerTotal = h ? Number(h[1]) : 0;
  const records: GoroutineRecord[] = [];
  let current: GoroutineRecord | null = null;
  for (const line of lines.slice(1)) {
    const r = RECORD.exec(line);
    if (r) {
      current = { count: Number(r[1]), id: null, state: 'unknown', stateInferred: false, minutes: 0, locked: false, frames: [], createdBy: null };
      records.push(current);
      continue;
    }
    if (!current) continue;
    const m = SYMBOL.exec(line);
    if (m) current.frames.push({ func: m[1], file: m[2], line: Number(m[3]) });
    else if (line.trim() === '') current = null;
  }
  return { headerTotal, records };
}
