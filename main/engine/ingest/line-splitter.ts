/** Lines longer than this are kept whole in the raw artifact but cut in the log index. */
export const MAX_INDEXED_LINE = 64 * 1024;

/**
 * Splits a byte stream into lines (LF, with a CR before it removed) without ever holding more than
 * one line (capped) beyond the current chunk. Line numbers are 1-based and count every LF.
 */
export class LineSplitter {
  private rest: Buffer[] = [];
  private restBytes = 0;
  private lineNo = 0;

  constructor(private readonly onLines: (lines: string[], firstLineNo: number) => void) {}

  push(bytes: Buffer): void {
    const chunk = withoutNulBytes(bytes);
    const lastLf = chunk.lastIndexOf(10);
    if (lastLf < 0) {
      this.keep(chunk);
      return;
    }
    let head = chunk.subarray(0, lastLf);
    if (this.restBytes > 0) {
      head = Buffer.concat([...this.rest, head]);
      this.rest = [];
      this.restBytes = 0;
    }
    const lines = head.toString('utf8').split('\n');
    for (let i = 0; i < lines.length; i++) lines[i] = trimLine(lines[i]);
    const first = this.lineNo + 1;
    if (first === 1) lines[0] = withoutByteOrderMark(lines[0]);
    this.lineNo += lines.length;
    this.onLines(lines, first);
    this.keep(chunk.subarray(lastLf + 1));
  }

  /** Emits the last line when the data does not end with a newline. */
  end(): void {
    if (this.restBytes === 0) return;
    const whole = trimLine(Buffer.concat(this.rest).toString('utf8'));
    const line = this.lineNo === 0 ? withoutByteOrderMark(whole) : whole;
    this.rest = [];
    this.restBytes = 0;
    this.lineNo += 1;
    this.onLines([line], this.lineNo);
  }

  get lines(): number {
    return this.lineNo;
  }

  private keep(part: Buffer): void {
    if (part.length === 0) return;
    // A line with no end in sight: keep only what the index will store (plus room for a UTF-8 tail).
    const room = MAX_INDEXED_LINE + 4 - this.restBytes;
    if (room <= 0) return;
    const kept = part.length > room ? part.subarray(0, room) : part;
    this.rest.push(Buffer.from(kept));
    this.restBytes += kept.length;
  }
}

function trimLine(line: string): string {
  const l = line.endsWith('\r') ? line.slice(0, -1) : line;
  return l.length > MAX_INDEXED_LINE ? l.slice(0, MAX_INDEXED_LINE) : l;
}

/** A text's leading UTF-8 byte order mark (Windows editors and PowerShell write one) is not part of its first line. */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The bytes without their NULs: a log a crash cut holds runs of them where its blocks were never
 * written, and they are no part of any line (NUL is never inside a UTF-8 character).
 */
function withoutNulBytes(chunk: Buffer): Buffer {
  let at = chunk.indexOf(0);
  if (at < 0) return chunk;
  const parts: Buffer[] = [];
  let from = 0;
  for (; at >= 0; at = chunk.indexOf(0, from)) {
    if (at > from) parts.push(chunk.subarray(from, at));
    for (from = at + 1; from < chunk.length && chunk[from] === 0; ) from++;
  }
  parts.push(chunk.subarray(from));
  return Buffer.concat(parts);
}

/** A head's text as its lines are sniffed: without the byte order mark and NULs the lines are stored without. */
export function sniffedText(head: Buffer, end = head.length): string {
  return withoutByteOrderMark(withoutNulBytes(head.subarray(0, end)).toString('utf8'));
}
