// The peak resident memory of this process, in KB. Not process.resourceUsage().maxRSS: on Linux a child
// started by fork and exec inherits its parent's peak there, so a bench child spawned by a runner that
// had grown to 435 MB reported 435 MB whatever it used itself. /proc/self/status's VmHWM belongs to
// this process's own memory; elsewhere maxRSS is all there is.
const fs = require('node:fs');

function peakRssKb() {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

module.exports = { peakRssKb };
