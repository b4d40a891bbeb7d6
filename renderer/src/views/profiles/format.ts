import { RE2JS } from 're2js';

/** Numbers of a profile in its own unit, as an operator reads them, and the literal search pprof lacks. */

/** "cpu/nanoseconds" → a formatter: seconds for time, KiB/MiB for bytes, plain counts otherwise. */
export function unitFormatter(sampleType: string): (v: number) => string {
  const unit = sampleType.split('/')[1] ?? '';
  if (unit === 'nanoseconds') return formatNanos;
  if (unit === 'bytes') return formatSignedBytes;
  return (v) => Math.round(v).toLocaleString('en');
}

function formatNanos(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0 s';
  if (a < 1e6) return `${(v / 1e3).toFixed(a < 1e4 ? 1 : 0)} µs`;
  if (a < 1e9) return `${(v / 1e6).toFixed(a < 1e7 ? 2 : 1)} ms`;
  return `${(v / 1e9).toFixed(2)} s`;
}

function formatSignedBytes(v: number): string {
  const sign = v < 0 ? '−' : '';
  let a = Math.abs(v);
  if (a < 1024) return `${sign}${Math.round(a)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let u = -1;
  while (a >= 1024 && u < units.length - 1) {
    a /= 1024;
    u++;
  }
  return `${sign}${a.toFixed(a < 10 ? 2 : 1)} ${units[u]}`;
}

/** Share of a total as "12.34%"; a zero total gives "0%" rather than NaN. */
export function percent(value: number, total: number): string {
  if (total === 0) return '0%';
  return `${((value / total) * 100).toFixed(2)}%`;
}

/** A signed value: "+1.20 s" / "−0.40 s" (diffs). */
export function signed(unit: (v: number) => string, v: number): string {
  if (v > 0) return `+${unit(v)}`;
  if (v < 0) return `−${unit(-v)}`;
  return unit(0);
}

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex (for the engine's focus/ignore) that matches exactly this function name. */
export function exactNameRegex(name: string): string {
  return `^${escapeRegExp(name)}$`;
}

/**
 * What the operator typed, matched literally and case-insensitively (d3-flame-graph would build a
 * RegExp from it: "(*Server)" would throw, "." would match everything).
 */
export function literalMatcher(term: string): ((name: string) => boolean) | null {
  const t = term.trim().toLowerCase();
  if (!t) return null;
  const re = /^\/(.+)\/(i?)$/.exec(term.trim());
  if (re) {
    // /regex/: RE2 (linear time), as the engine runs -focus; a bad one matches nothing.
    try {
      const compiled = RE2JS.compile(re[1], re[2] ? RE2JS.CASE_INSENSITIVE : 0);
      return (name) => compiled.test(name);
    } catch {
      return () => false;
    }
  }
  return (name) => name.toLowerCase().includes(t);
}

/**
 * A function name without its package path, as pprof's flame graph shortens it:
 * "k8s.io/kubernetes/pkg/kubelet/pleg.(*GenericPLEG).relist" → "pleg.(*GenericPLEG).relist".
 * Only slashes before the receiver or argument list count ("(*T[a/b]).M" keeps its brackets).
 */
export function shortName(name: string): string {
  const paren = name.indexOf('(');
  const head = paren < 0 ? name : name.slice(0, paren);
  const slash = head.lastIndexOf('/');
  return slash < 0 || slash === name.length - 1 ? name : name.slice(slash + 1);
}

/** A regex for the engine (no flags there) matching `term` literally, in any letter case. */
export function caselessLiteralRegex(term: string): string {
  return Array.from(term.trim(), (c) => {
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    return lower !== upper ? `[${lower}${upper}]` : escapeRegExp(c);
  }).join('');
}
