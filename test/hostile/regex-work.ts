/**
 * Counts the work regular expressions do, to pin a complexity fix without timing anything: every
 * RegExp exec (which test, match, matchAll, replace and split go through once the prototype is
 * patched) is recorded with the length of the text it may scan.
 */
export interface RegexWork {
  calls: number;
  /** Sum of the characters each call could scan (from lastIndex to the end). */
  scanned: number;
  /** The most one call could scan: with linear patterns, bounded means each call is cheap. */
  longest: number;
}

export function countRegexWork<T>(fn: () => T): { result: T; work: RegexWork } {
  const original = RegExp.prototype.exec;
  const work: RegexWork = { calls: 0, scanned: 0, longest: 0 };
  RegExp.prototype.exec = function exec(this: RegExp, s: string) {
    const from = this.global || this.sticky ? this.lastIndex : 0;
    // A sticky pattern (as split uses) tries one position: count what it consumes, not the rest.
    const n = this.sticky ? 1 : String(s).length - from;
    work.calls++;
    work.scanned += n;
    if (n > work.longest) work.longest = n;
    return original.call(this, s);
  };
  try {
    return { result: fn(), work };
  } finally {
    RegExp.prototype.exec = original;
  }
}
