// Where the ingest's thread spent the time until a moment: on a core, runnable but waiting for one
// (the process's other threads and the neighbours had both), or waiting for other work (a worker's
// result, the disk). On two cores the first says how fast the thread's own work can be at best, the
// second what the other threads cost it. From /proc/thread-self/schedstat (Linux with scheduler
// statistics): nanoseconds on a core, nanoseconds waiting on a run queue, since the thread started.
const fs = require('node:fs');

/** This thread's split since the process started, in ms; null where the kernel does not say. */
function threadTimeSplit() {
  try {
    const [onCore, waitingForCore] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
    if (!Number.isFinite(onCore) || !Number.isFinite(waitingForCore)) return null;
    const wallMs = process.uptime() * 1000;
    const onCoreMs = onCore / 1e6;
    const waitingForCoreMs = waitingForCore / 1e6;
    return { wallMs, onCoreMs, waitingForCoreMs, waitingForWorkMs: Math.max(0, wallMs - onCoreMs - waitingForCoreMs) };
  } catch {
    return null;
  }
}

/** A split as the benches print it: "1.12 s / 0.31 s / 0.11 s" (on a core / waiting for one / waiting for other work). */
function describeSplit(t) {
  if (!t) return 'not told by this kernel';
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  return `${s(t.onCoreMs)} / ${s(t.waitingForCoreMs)} / ${s(t.waitingForWorkMs)}`;
}

module.exports = { threadTimeSplit, describeSplit };
