/**
 * Go tracebacks as runtime.Stack(all) prints them: /debug/pprof/goroutine?debug=2, panics and SIGQUIT
 * dumps (runtime/traceback.go: goroutineheader, traceback1, printcreatedby).
 */
import type { GoroutineFrame } from '../../../shared/api/profiles';
import { execCapped, someLine } from '../text/bounded';
import type { GoroutineRecord } from './model';

const HEADER = /^goroutine (\d+)(?: gp=0x[0-9a-f]+ m=\S+(?: mp=0x[0-9a-f]+)?)? \[(.*)\]:\s*$/;
const FILE_LINE = /^\t(.*):(\d+)(?: \+0x[0-9a-f]+)?(?: fp=0x[0-9a-f]+ sp=0x[0-9a-f]+ pc=0x[0-9a-f]+| pc=0x[0-9a-f]+)?\s*$/;
const CREATED_BY = /^created by (\S+)(?: in goroutine (\d+))?\s*$/;

export interface Debug2Result {
  records: GoroutineRecord[];
  truncated: boolean;
}

const TRACEBACK_HEADER = /^goroutine \d{1,20} (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[[^\]\n]*\]:[ \t\r]*$/;

/** True when some line is a goroutine header; line by line, so that a hostile file costs linear time. */
export function looksLikeTraceback(text: string): boolean {
  return someLine(text, (line) => line.startsWith('goroutine ') && execCapped(TRACEBACK_HEADER, line, 4096) !== null);
}

/** Header status "chan send, 1140 minutes, locked to thread" → its parts. */
export function parseStatus(status: string): { state: string; minutes: number; locked: boolean } {
  const parts = status.split(', ');
  let minutes = 0;
  let locked = false;
  const rest: string[] = [];
  for (const p of parts) {
    const m = /^(\d+) minutes$/.exec(p);
    if (m) minutes = Number(m[1]);
    else if (p === 'locked to thread') locked = true;
    else rest.push(p);
  }
  return { state: rest.join(', ').replace(/ \(scan\)$/, ''), minutes, locked };
}

/** Function name of a frame line `pkg.(*T).M(0x1, {0x2, 0x3})`: everything before the argument list. */
function frameFunc(line: string): string | null {
  const t = line.trimEnd();
  if (!t.endsWith(')')) return null;
  const open = t.lastIndexOf('(');
  if (open <= 0) return null;
  return t.slice(0, open);
}

export function parseDebug2(text: string): Debug2Result {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const records: GoroutineRecord[] = [];
  let current: GoroutineRecord | null = null;
  let pendingFunc: string | null = null;
  let inAncestor = false;
  let createdPending = false;
  let unavailable = false;
  for (const line of lines) {
    const h = execCapped(HEADER, line);
    if (h) {
      const s = parseStatus(h[2]);
      current = { count: 1, id: Number(h[1]), state: s.state, stateInferred: false, minutes: s.minutes, locked: s.locked, frames: [], createdBy: null };
      records.push(current);
      pendingFunc = null;
      inAncestor = false;
      createdPending = false;
      unavailable = false;
      continue;
    }
    if (!current) continue;
    if (line.includes('stack unavailable')) {
      unavailable = true;
      continue;
    }
    if (line.trim() === '') {
      current = null;
      continue;
    }
    if (line.startsWith('[originating from goroutine')) {
      inAncestor = true;
      continue;
    }
    const fl = execCapped(FILE_LINE, line);
    if (fl) {
      if (createdPending) createdPending = false;
      else if (pendingFunc !== null && !inAncestor) current.frames.push(frame(pendingFunc, fl[1], Number(fl[2])));
      pendingFunc = null;
      continue;
    }
    const c = execCapped(CREATED_BY, line);
    if (c) {
      if (!inAncestor) current.createdBy = c[1];
      createdPending = true;
      continue;
    }
    pendingFunc = frameFunc(line);
  }
  // A dump cut mid-goroutine (debug=2 stops at 64 MiB) ends on a frame without its file line.
  const truncated = current !== null && (pendingFunc !== null || createdPending || (current.frames.length === 0 && !unavailable));
  return { records, truncated };
}

function frame(func: string, file: string, line: number): GoroutineFrame {
  return { func, file, line };
}
