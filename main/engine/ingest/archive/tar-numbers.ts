/**
 * The field b[start, end) (the whole buffer by default): octal (NUL/space padded), or GNU base-256 when
 * its first byte has the high bit set. As GNU tar reads it: the digits end at a NUL or a space, and what
 * follows that is not looked at (a header a damaged stream garbled keeps its checksum that way, and tar
 * lists the entry). Read in place: a view of each field cost as much as the checksum.
 */
export function numeric(b: Buffer, start = 0, end = b.length): number | null {
  const first = b[start];
  if (first & 0x80) {
    let v = first & 0x3f;
    if (first & 0x40) return null; // negative
    for (let i = start + 1; i < end; i++) {
      v = v * 256 + b[i];
      if (v > Number.MAX_SAFE_INTEGER) return null;
    }
    return v;
  }
  let i = start;
  while (i < end && (b[i] === 0x20 || b[i] === 0)) i++;
  let v = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = b[i];
    if (c < 0x30 || c > 0x37) break;
    v = v * 8 + (c - 0x30);
    digits++;
  }
  if (i < end && b[i] !== 0x20 && b[i] !== 0) return null;
  return digits ? v : 0;
}
