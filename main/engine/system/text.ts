/** Small helpers for the line-and-column text of /proc and node commands. */

/** Non-empty lines, with a trailing \r removed. */
/** A non-blank line and its number in the text (1-based, blank lines counted: as a view's lines(a) numbers them). */
export interface NumberedLine {
  text: string;
  line: number;
}

/**
 * The non-blank lines of a text, each with its line number, without line ends: one at a time. All of
 * them at once (an array of the split text) outlived the parse and made its garbage collection grow
 * faster than the text: /proc/cgroups of 320,000 lines parsed in 290-300 ms, 5.5x the time of 80,000
 * lines (the scaling bench's exponent 1.21-1.27); one at a time in 175-190 ms.
 */
export function* numberedLines(text: string): Generator<NumberedLine> {
  let line = 0;
  for (let at = 0; at < text.length; ) {
    const nl = text.indexOf('\n', at);
    const next = nl < 0 ? text.length : nl;
    line++;
    const end = next > at && text.charCodeAt(next - 1) === 13 ? next - 1 : next;
    const l = text.slice(at, end);
    if (l.trim() !== '') yield { text: l, line };
    at = next + 1;
  }
}

export function lines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (l.trim() !== '') out.push(l);
  }
  return out;
}

/**
 * The same lines as `lines`, one at a time: a parser that keeps one object per line (sysctl -a of a
 * node with thousands of veths) then never holds an array of every line beside its own output.
 */
export function* eachLine(text: string): Generator<string> {
  for (const l of numberedLines(text)) yield l.text;
}

/** Whitespace-separated fields of a line. */
export function fields(line: string): string[] {
  return line.trim().split(/\s+/);
}

/** A finite number, or null for anything else ("-", "", "abc"). */
export function num(s: string | undefined): number | null {
  if (s === undefined || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** The first line's first number: /proc/sys files holding one value. */
export function singleNumber(text: string): number | null {
  const first = lines(text)[0];
  return first === undefined ? null : num(fields(first)[0]);
}
