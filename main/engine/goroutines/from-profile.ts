/**
 * The goroutine protobuf profile (/debug/pprof/goroutine, debug=0): identical stacks with a count. It
 * has no state, but keeps the runtime frames debug=1 hides, so the state can be inferred from them.
 */
import type { GoroutineFrame } from '../../../shared/api/profiles';
import { frameFile, type Profile } from '../profiles/model';
import type { GoroutineRecord } from './model';

/** Runtime and library frames that say what a parked goroutine waits on (the outermost match wins). */
const WAIT_FRAMES: [RegExp, string][] = [
  [/^runtime\.chansend1?$/, 'chan send'],
  [/^runtime\.chanrecv[12]?$/, 'chan receive'],
  [/^runtime\.selectgo$/, 'select'],
  [/^runtime\.block$/, 'select (no cases)'],
  [/^(runtime\.netpollblock|internal\/poll\.runtime_pollWait)$/, 'IO wait'],
  [/^(sync\.runtime_Semacquire.*|runtime\.semacquire1?)$/, 'semacquire'],
  [/^sync\.\(\*Mutex\)\.(lockSlow|Lock)$/, 'sync.Mutex.Lock'],
  [/^sync\.\(\*RWMutex\)\.RLock$/, 'sync.RWMutex.RLock'],
  [/^sync\.\(\*RWMutex\)\.Lock$/, 'sync.RWMutex.Lock'],
  [/^sync\.\(\*WaitGroup\)\.Wait$/, 'sync.WaitGroup.Wait'],
  [/^(sync\.runtime_notifyListWait|sync\.\(\*Cond\)\.Wait)$/, 'sync.Cond.Wait'],
  [/^(time\.Sleep|runtime\.timeSleep)$/, 'sleep'],
  [/^runtime\.gcBgMarkWorker$/, 'GC worker (idle)'],
  [/^runtime\.bgsweep$/, 'GC sweep wait'],
  [/^runtime\.bgscavenge$/, 'GC scavenge wait'],
  [/^runtime\.forcegchelper$/, 'force gc (idle)'],
  [/^runtime\.runfinq$/, 'finalizer wait'],
  [/^(syscall\.R?a?w?Syscall6?|runtime\/internal\/syscall\.Syscall6|syscall\.Syscall)$/, 'syscall'],
];

const LIBRARY_PREFIX = /^(runtime\.|runtime\/internal\/|sync\.|internal\/poll\.|time\.Sleep$|syscall\.)/;

export function inferState(frames: GoroutineFrame[]): string {
  let state: string | null = null;
  for (const f of frames) {
    if (!LIBRARY_PREFIX.test(f.func)) break;
    for (const [re, s] of WAIT_FRAMES) if (re.test(f.func)) state = s;
  }
  if (state) return state;
  return frames[0]?.func === 'runtime.gopark' ? 'waiting' : 'running';
}

export function recordsFromProfile(p: Profile): GoroutineRecord[] {
  const index = Math.max(0, p.sampleTypes.findIndex((t) => t.type === 'goroutine'));
  const n = p.sampleTypes.length;
  const records: GoroutineRecord[] = [];
  for (let s = 0; s < p.sampleCount; s++) {
    const count = p.values[s * n + index];
    if (count === 0) continue;
    const frames: GoroutineFrame[] = [];
    for (let k = p.sampleStart[s]; k < p.sampleStart[s + 1]; k++) {
      const loc = p.sampleLocations[k];
      for (let f = p.frameStart[loc]; f < p.frameStart[loc + 1]; f++) {
        frames.push({ func: p.frameNames[p.frameNameId[f]], file: frameFile(p, f), line: p.frameLine[f] });
      }
    }
    records.push({ count, id: null, state: inferState(frames), stateInferred: true, minutes: 0, locked: false, frames, createdBy: null });
  }
  return records;
}
