/**
 * `/debug/pprof/goroutine?debug=1` (runtime/pprof printCountProfile): records of identical stacks with a
 * count, symbolised as `#\t0xPC\tfunc+0xOFF\tfile:line` lines. No ids, no state, no wait time, and
 * leading runtime frames are not printed.
 */
import { execCapped } from '../text/bounded';
import type { GoroutineRecord } from './model';

const HEADER = /^goroutine profile: total (\d{1,20})[ \t\r]*$/;
const RECORD = /^(\d{1,20}) @(?: 0x[0-9a-f]{1,16})*[ \t\r]*$/;
const PC = /^0x[0-9a-f]{1,16}$/;
const OFFSET = /^\+0x[0-9a-f]{1,16}$/;

/**
 * A symbol line `#\t0xPC\tfunc+0xOFF\tfile:line`, split on its tabs (no backtracking pattern: a
 * hostile line costs time linear in its length).
 */
export function parseSymbolLine(line: string): { func: string; file: string; line: number } | null {
  if (!line.startsWith('#\t')) return null;
  const fields = line.slice(1).trimEnd().split('\t').filter((f) => f !== '');
  if (fields.length < 3 || !PC.test(fields[0])) return null;
  const plus = fields[1].lastIndexOf('+0x');
  if (plus <= 0 || !OFFSET.test(fields[1].slice(plus))) return null;
  const where = fields.slice(2).join('\t');
  const colon = where.lastIndexOf(':');
  const num = where.slice(colon + 1);
  if (colon <= 0 || !/^\d{1,9}$/.test(num)) return null;
  return { func: fields[1].slice(0, plus), file: where.slice(0, colon), line: Number(num) };
}

export function looksLikeDebug1(text: string): boolean {
  const end = text.indexOf('\n');
  return execCapped(HEADER, end < 0 ? text : text.slice(0, end)) !== null;
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
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const r = execCapped(RECORD, line);
    if (r) {
      current = { count: Number(r[1]), id: null, state: 'unknown', stateInferred: false, minutes: 0, locked: false, frames: [], createdBy: null };
      records.push(current);
      continue;
    }
    if (!current) continue;
    const m = parseSymbolLine(line);
    if (m) current.frames.push(m);
    else if (line.trim() === '') current = null;
  }
  return { headerTotal, records };
}
