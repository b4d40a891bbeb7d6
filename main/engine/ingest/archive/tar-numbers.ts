/**
 * An octal field (NUL/space padded), or GNU base-256 when its first byte has the high bit set. As GNU
 * tar reads it: the digits end at a NUL or a space, and what follows that is not looked at (a header
 * a damaged stream garbled keeps its checksum that way, and tar lists the entry).
 */
export function numeric(f: Buffer): number | null {
  if (f[0] & 0x80) {
    let v = f[0] & 0x3f;
    if (f[0] & 0x40) return null; // negative
    for (let i = 1; i < f.length; i++) {
      v = v * 256 + f[i];
      if (v > Number.MAX_SAFE_INTEGER) return null;
    }
    return v;
  }
  let i = 0;
  while (i < f.length && (f[i] === 0x20 || f[i] === 0)) i++;
  let v = 0;
  let digits = 0;
  for (; i < f.length; i++) {
    const c = f[i];
    if (c < 0x30 || c > 0x37) break;
    v = v * 8 + (c - 0x30);
    digits++;
  }
  if (i < f.length && f[i] !== 0x20 && f[i] !== 0) return null;
  return digits ? v : 0;
}
