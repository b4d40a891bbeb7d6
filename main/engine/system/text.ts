/** Small helpers for the line-and-column text of /proc and node commands. */

/** Non-empty lines, with a trailing \r removed. */
/** A non-blank line and its number in the text (1-based, blank lines counted: as a view's lines(a) numbers them). */
export interface NumberedLine {
  text: string;
  line: number;
}

/** The non-blank lines of a text, each with its line number, without line ends. */
export function numberedLines(text: string): NumberedLine[] {
  const out: NumberedLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (l.trim() !== '') out.push({ text: l, line: i + 1 });
  });
  return out;
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
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const l = text.charCodeAt(end - 1) === 13 && end > start ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    if (l.trim() !== '') yield l;
  }
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
