/**
 * Helpers that keep regular expressions linear on bundle text: every pattern sees one line at a time,
 * and no line longer than a cap, so a hostile file (a megabyte without a newline, a million almost-
 * matching lines) costs time proportional to its size.
 */

/** Longest line a line-level pattern is run on; longer lines are not what any parser looks for. */
export const MAX_MATCH_LINE = 16 * 1024;

/** Calls `visit` for each line of `text` (without its "\n"), stopping early when it returns true. */
export function someLine(text: string, visit: (line: string) => boolean): boolean {
  let at = 0;
  while (at <= text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (visit(text.slice(at, end))) return true;
    at = end + 1;
  }
  return false;
}

/** Runs `re` on `line` only when the line is short enough to be what it looks for. */
export function execCapped(re: RegExp, line: string, max = MAX_MATCH_LINE): RegExpExecArray | null {
  return line.length > max ? null : re.exec(line);
}
