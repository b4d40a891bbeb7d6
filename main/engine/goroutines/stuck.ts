import type { GoroutineBucket } from '../../../shared/api/profiles';

/** Waits this long on a lock or a nil channel are not contention any more. */
export const LONG_WAIT_MINUTES = 10;
/** A pile-up: this many goroutines in one blocked stack, and at least this share of all. */
export const PILE_COUNT = 100;
export const PILE_SHARE = 0.1;

const LOCK_STATES = /^(semacquire|sync\.|chan send|chan receive \(nil chan\)|select \(no cases\))/;
/**
 * Waiting for work, not for a lock: a condition variable is how idle queues sleep (client-go's
 * DeltaFIFO.Pop and workqueue Get wait in sync.Cond.Wait for hours on every idle informer/controller).
 */
const IDLE_WAIT = /^sync\.Cond\.Wait/;
const IDLE_QUEUE = /\.\(\*DeltaFIFO\)\.Pop$|\/workqueue\.\(\*Typed?\)\.Get$|\/workqueue\.\(\*Type\)\.Get$|\/workqueue\.\(\*Typed\[[^\]]{0,200}\]\)\.Get$|\.\(\*Cond\)\.Wait$/;

/**
 * Why a bucket looks stuck, or null. A channel send that has waited a minute or more is the PLEG
 * deadlock's signature (kubernetes#72482: relist blocked sending to a full event channel).
 */
export function stuckReason(b: GoroutineBucket, total: number): string | null {
  const who = b.count === 1 ? '1 goroutine' : `${b.count} goroutines`;
  if (isIdleWait(b)) return null;
  if (b.state.startsWith('chan send') && b.waitMinutes >= 1) {
    return `${who} blocked in a channel send for ${b.waitMinutes} minutes at ${where(b)}`;
  }
  if (b.state.startsWith('chan send') && b.stateInferred) {
    return `${who} parked in a channel send at ${where(b)} (the protobuf dump has no wait time)`;
  }
  if (LOCK_STATES.test(b.state) && b.waitMinutes >= LONG_WAIT_MINUTES) {
    return `${who} waiting in ${b.state} for ${b.waitMinutes} minutes at ${where(b)}`;
  }
  if (LOCK_STATES.test(b.state) && b.count >= PILE_COUNT && b.count >= PILE_SHARE * total) {
    return `${who} (${Math.round((100 * b.count) / total)}% of all) piled up in ${b.state} at ${where(b)}`;
  }
  return null;
}

/** The first frame outside the runtime and sync packages: where the code is waiting. */
function where(b: GoroutineBucket): string {
  const f = b.frames.find((x) => !/^(runtime\.|runtime\/internal\/|sync\.|internal\/poll\.)/.test(x.func)) ?? b.frames[0];
  if (!f) return 'an unknown place';
  return f.file ? `${f.func} (${f.file.split('/').pop()}:${f.line})` : f.func;
}

/** A goroutine parked waiting for work (an idle informer queue or workqueue), however long. */
export function isIdleWait(b: GoroutineBucket): boolean {
  return IDLE_WAIT.test(b.state) || (/^semacquire|^sync\./.test(b.state) && b.frames.some((f) => IDLE_QUEUE.test(f.func) && !/\.\(\*Cond\)\.Wait$/.test(f.func)));
}
