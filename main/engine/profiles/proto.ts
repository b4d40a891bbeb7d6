/**
 * A single-pass decoder of profile.proto into typed arrays. pprof-format builds one object per sample,
 * location and value (number|bigint mixed), which is about 4x slower than Go on large profiles; the
 * CLI must beat `go tool pprof`, so the hot path decodes here. pprof-format stays the encoder (export.ts)
 * and the independent cross-check in tests.
 */
import { Growable, GrowableFloat } from './growable';
import { ProfileError, type MappingInfo } from './model';

export class ProtoReader {
  pos: number;
  constructor(readonly buf: Uint8Array, start = 0, readonly end = buf.length) {
    this.pos = start;
  }

  /** An unsigned varint as a number (exact below 2^53). */
  varint(): number {
    const buf = this.buf;
    let b = buf[this.pos++];
    if (b < 0x80) return b;
    let r = b & 0x7f;
    b = buf[this.pos++];
    r |= (b & 0x7f) << 7;
    if (b < 0x80) return r;
    b = buf[this.pos++];
    r |= (b & 0x7f) << 14;
    if (b < 0x80) return r;
    b = buf[this.pos++];
    r |= (b & 0x7f) << 21;
    if (b < 0x80) return r;
    return this.varintTail(r);
  }

  private varintTail(low28: number): number {
    let hi = 0;
    let shift = 0;
    let b = 0;
    for (let i = 0; i < 6; i++) {
      if (this.pos >= this.end) throw new ProfileError('truncated varint');
      b = this.buf[this.pos++];
      hi += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return low28 + hi * 2 ** 28;
    }
    throw new ProfileError('malformed varint');
  }

  /** A signed int64 (plain varint, two's complement: negatives are 10 bytes). */
  int64(): number {
    const start = this.pos;
    const v = this.varint();
    if (this.pos - start < 10) return v;
    let big = 0n;
    for (let i = this.pos - 1; i >= start; i--) big = (big << 7n) | BigInt(this.buf[i] & 0x7f);
    return Number(BigInt.asIntN(64, big));
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        while (this.buf[this.pos++] >= 0x80 && this.pos < this.end);
        break;
      case 1:
        this.pos += 8;
        break;
      case 2: {
        const len = this.varint();
        this.pos += len;
        break;
      }
      case 5:
        this.pos += 4;
        break;
      default:
        throw new ProfileError(`unknown protobuf wire type ${wireType}`);
    }
    if (this.pos > this.end) throw new ProfileError('truncated protobuf field');
  }

  /** Calls `each` for a repeated scalar field, packed (wire type 2) or not. */
  repeated(wireType: number, each: (r: ProtoReader) => void): void {
    if (wireType === 0) {
      each(this);
      return;
    }
    if (wireType !== 2) throw new ProfileError('bad wire type for a repeated number');
    const len = this.varint();
    const stop = this.pos + len;
    if (stop > this.end) throw new ProfileError('truncated packed field');
    while (this.pos < stop) each(this);
  }
}

/** Raw, ID-based content of the proto, in columns: resolved into a Profile by resolve.ts. */
export interface RawProfile {
  buf: Uint8Array;
  strings: string[];
  sampleTypes: [number, number][];
  periodType: [number, number] | null;
  period: number;
  timeNanos: number;
  durationNanos: number;
  comments: number[];
  dropFrames: number;
  keepFrames: number;
  defaultSampleType: number;
  /** Byte range (start, stop) of each Sample message: decoded in a second pass, once locations are known. */
  sampleRanges: Growable;
  mappings: (Omit<MappingInfo, 'file' | 'buildId'> & { file: number; buildId: number })[];
  locations: RawLocations;
  functions: RawFunctions;
}

export interface RawLabel {
  key: number;
  str: number;
  num: number;
  numUnit: number;
}

export interface RawLocations {
  id: GrowableFloat;
  mappingId: GrowableFloat;
  address: GrowableFloat;
  /** Lines of location i: lineStart[i] .. lineStart[i+1]-1 (lineStart has one more entry at the end). */
  lineStart: Growable;
  lineFunctionId: GrowableFloat;
  lineNumber: GrowableFloat;
}

export interface RawFunctions {
  id: GrowableFloat;
  name: Growable;
  systemName: Growable;
  file: Growable;
  startLine: GrowableFloat;
}

export function decodeRaw(buf: Uint8Array): RawProfile {
  const raw: RawProfile = {
    buf,
    strings: [],
    sampleTypes: [],
    periodType: null,
    period: 0,
    timeNanos: 0,
    durationNanos: 0,
    comments: [],
    dropFrames: 0,
    keepFrames: 0,
    defaultSampleType: 0,
    sampleRanges: new Growable(2048),
    mappings: [],
    locations: {
      id: new GrowableFloat(1024),
      mappingId: new GrowableFloat(1024),
      address: new GrowableFloat(1024),
      lineStart: new Growable(1024),
      lineFunctionId: new GrowableFloat(1024),
      lineNumber: new GrowableFloat(1024),
    },
    functions: {
      id: new GrowableFloat(1024),
      name: new Growable(1024),
      systemName: new Growable(1024),
      file: new Growable(1024),
      startLine: new GrowableFloat(1024),
    },
  };
  const r = new ProtoReader(buf);
  const text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  while (r.pos < r.end) {
    const tag = r.varint();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (wire === 2 && field !== 13) {
      const len = r.varint();
      const start = r.pos;
      const stop = start + len;
      if (stop > r.end) throw new ProfileError(`truncated field ${field}`);
      switch (field) {
        case 1:
          raw.sampleTypes.push(valueType(buf, start, stop));
          break;
        case 2:
          raw.sampleRanges.push(start);
          raw.sampleRanges.push(stop);
          break;
        case 3:
          raw.mappings.push(mapping(buf, start, stop));
          break;
        case 4:
          location(raw.locations, buf, start, stop);
          break;
        case 5:
          fn(raw.functions, buf, start, stop);
          break;
        case 6:
          raw.strings.push(text.toString('utf8', start, stop));
          break;
        case 11:
          raw.periodType = valueType(buf, start, stop);
          break;
        default:
          break;
      }
      r.pos = stop;
      continue;
    }
    switch (field) {
      case 7:
        raw.dropFrames = r.varint();
        break;
      case 8:
        raw.keepFrames = r.varint();
        break;
      case 9:
        raw.timeNanos = r.int64();
        break;
      case 10:
        raw.durationNanos = r.int64();
        break;
      case 12:
        raw.period = r.int64();
        break;
      case 13:
        r.repeated(wire, (x) => raw.comments.push(x.varint()));
        break;
      case 14:
        raw.defaultSampleType = r.varint();
        break;
      default:
        r.skip(wire);
    }
  }
  if (r.pos !== r.end) throw new ProfileError('truncated protobuf');
  raw.locations.lineStart.push(raw.locations.lineFunctionId.length);
  return raw;
}

/**
 * Second pass over one Sample message: location ids (mapped to indices by `locationIndex`) appended to
 * `locations`, values appended to `values`, labels returned when there are any.
 */
export function decodeSample(
  buf: Uint8Array,
  start: number,
  stop: number,
  locationIndex: (id: number) => number,
  locations: Growable,
  values: GrowableFloat,
): RawLabel[] | null {
  const r = new ProtoReader(buf, start, stop);
  let labels: RawLabel[] | null = null;
  while (r.pos < stop) {
    const tag = r.varint();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) {
      if (wire === 2) {
        const len = r.varint();
        const end = r.pos + len;
        while (r.pos < end) locations.push(mapLocation(r.varint(), locationIndex));
      } else locations.push(mapLocation(r.varint(), locationIndex));
    } else if (field === 2) {
      if (wire === 2) {
        const len = r.varint();
        const end = r.pos + len;
        while (r.pos < end) values.push(r.int64());
      } else values.push(r.int64());
    } else if (field === 3 && wire === 2) {
      const len = r.varint();
      (labels ??= []).push(label(buf, r.pos, r.pos + len));
      r.pos += len;
    } else r.skip(wire);
  }
  if (r.pos !== stop) throw new ProfileError('malformed sample');
  return labels;
}

function mapLocation(id: number, locationIndex: (id: number) => number): number {
  const i = locationIndex(id);
  if (i < 0) throw new ProfileError(`sample refers to location ${id}, which the profile does not define`);
  return i;
}

function valueType(buf: Uint8Array, start: number, stop: number): [number, number] {
  const r = new ProtoReader(buf, start, stop);
  let type = 0;
  let unit = 0;
  while (r.pos < stop) {
    const tag = r.varint();
    if (tag === 8) type = r.varint();
    else if (tag === 16) unit = r.varint();
    else r.skip(tag & 7);
  }
  return [type, unit];
}

function label(buf: Uint8Array, start: number, stop: number): RawLabel {
  const r = new ProtoReader(buf, start, stop);
  const l: RawLabel = { key: 0, str: 0, num: 0, numUnit: 0 };
  while (r.pos < stop) {
    const tag = r.varint();
    if (tag === 8) l.key = r.varint();
    else if (tag === 16) l.str = r.varint();
    else if (tag === 24) l.num = r.int64();
    else if (tag === 32) l.numUnit = r.varint();
    else r.skip(tag & 7);
  }
  return l;
}

function mapping(buf: Uint8Array, start: number, stop: number): RawProfile['mappings'][number] {
  const r = new ProtoReader(buf, start, stop);
  const m = {
    id: 0,
    memoryStart: 0,
    memoryLimit: 0,
    fileOffset: 0,
    file: 0,
    buildId: 0,
    hasFunctions: false,
    hasFilenames: false,
    hasLineNumbers: false,
    hasInlineFrames: false,
  };
  while (r.pos < stop) {
    const tag = r.varint();
    const wire = tag & 7;
    if (wire !== 0) {
      r.skip(wire);
      continue;
    }
    const v = r.varint();
    switch (tag >>> 3) {
      case 1: m.id = v; break;
      case 2: m.memoryStart = v; break;
      case 3: m.memoryLimit = v; break;
      case 4: m.fileOffset = v; break;
      case 5: m.file = v; break;
      case 6: m.buildId = v; break;
      case 7: m.hasFunctions = v !== 0; break;
      case 8: m.hasFilenames = v !== 0; break;
      case 9: m.hasLineNumbers = v !== 0; break;
      case 10: m.hasInlineFrames = v !== 0; break;
    }
  }
  return m;
}

function location(locs: RawLocations, buf: Uint8Array, start: number, stop: number): void {
  const r = new ProtoReader(buf, start, stop);
  let id = 0;
  let mappingId = 0;
  let address = 0;
  locs.lineStart.push(locs.lineFunctionId.length);
  while (r.pos < stop) {
    const tag = r.varint();
    if (tag === 8) id = r.varint();
    else if (tag === 16) mappingId = r.varint();
    else if (tag === 24) address = r.varint();
    else if (tag === 34) {
      const len = r.varint();
      const end = r.pos + len;
      let functionId = 0;
      let line = 0;
      while (r.pos < end) {
        const t = r.varint();
        if (t === 8) functionId = r.varint();
        else if (t === 16) line = r.int64();
        else r.skip(t & 7);
      }
      locs.lineFunctionId.push(functionId);
      locs.lineNumber.push(line);
    } else r.skip(tag & 7);
  }
  locs.id.push(id);
  locs.mappingId.push(mappingId);
  locs.address.push(address);
}

function fn(fns: RawFunctions, buf: Uint8Array, start: number, stop: number): void {
  const r = new ProtoReader(buf, start, stop);
  let id = 0;
  let name = 0;
  let systemName = 0;
  let file = 0;
  let startLine = 0;
  while (r.pos < stop) {
    const tag = r.varint();
    const wire = tag & 7;
    if (wire !== 0) {
      r.skip(wire);
      continue;
    }
    const v = r.int64();
    switch (tag >>> 3) {
      case 1: id = v; break;
      case 2: name = v; break;
      case 3: systemName = v; break;
      case 4: file = v; break;
      case 5: startLine = v; break;
    }
  }
  fns.id.push(id);
  fns.name.push(name);
  fns.systemName.push(systemName);
  fns.file.push(file);
  fns.startLine.push(startLine);
}
