/**
 * A chunk of a few bytes as a raw deflate stream of one stored block (RFC 1951 3.2.4): BFINAL=1,
 * BTYPE=00 with its padding bits zero, LEN, NLEN, then the bytes as they are. inflateRaw reads it like
 * any other chunk; storedBlockContent() reads it in place.
 */
const STORED_FINAL_BLOCK = 0x01;
const HEADER_BYTES = 5;

/** `piece` as one stored block (the ingest keeps pieces of a few bytes so: zlib would not shrink them). */
export function storedBlock(piece: Uint8Array): Buffer {
  if (piece.length > 0xffff) throw new Error(`a stored block holds at most 65535 bytes, not ${piece.length}`);
  const out = Buffer.allocUnsafe(piece.length + HEADER_BYTES);
  out[0] = STORED_FINAL_BLOCK;
  out.writeUInt16LE(piece.length, 1);
  out.writeUInt16LE(~piece.length & 0xffff, 3);
  out.set(piece, HEADER_BYTES);
  return out;
}

/** The bytes of `data` when it is exactly one final stored block (its length and complement check out), else null. */
export function storedBlockContent(data: Buffer): Buffer | null {
  if (data.length < HEADER_BYTES || data[0] !== STORED_FINAL_BLOCK) return null;
  const length = data.readUInt16LE(1);
  if (data.length !== HEADER_BYTES + length || data.readUInt16LE(3) !== (~length & 0xffff)) return null;
  return data.subarray(HEADER_BYTES);
}
