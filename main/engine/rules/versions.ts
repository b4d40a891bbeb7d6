/** Versions are short: a longer text (a hostile manifest) is looked at only this far. */
const MAX_VERSION_TEXT = 256;

/** "v1.12.10", "Kubernetes v1.12.10", "1.29.3+k3s1" → [1, 12, 10]; null when there is no version. */
export function parseVersion(text: string | null | undefined): number[] | null {
  // Bounded digit runs: an unbounded \d+ retried at every digit of a long number is quadratic.
  const m = /v?(\d{1,9})\.(\d{1,9})(?:\.(\d{1,9}))?/.exec((text ?? '').slice(0, MAX_VERSION_TEXT));
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

/** True when `version` is older than `than` ([major, minor, patch]). */
export function olderThan(version: number[], than: number[]): boolean {
  for (let i = 0; i < than.length; i++) {
    const a = version[i] ?? 0;
    const b = than[i] ?? 0;
    if (a !== b) return a < b;
  }
  return false;
}

/** Go's time.Duration text ("58h29m3.043779855s", "3m0s", "150ms", "1.2µs") in ms; null if unreadable. */
export function goDurationMs(text: string): number | null {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 1e-3, 'µs': 1e-3, ns: 1e-6 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return null;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] as string] as number), 0);
}

export function humanDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.round(m / 60);
  return h < 72 ? `${h} h` : `${Math.round(h / 24)} days`;
}
