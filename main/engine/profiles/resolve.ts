import { Growable, GrowableFloat } from './growable';
import { ProfileError, type MappingInfo, type Profile, type SampleLabel } from './model';
import { decodeSample, type RawLabel, type RawProfile } from './proto';

/** Turns proto IDs into indices and builds the frame table pprof's `-functions` granularity works on. */
export function resolveProfile(raw: RawProfile): Profile {
  const str = (i: number): string => raw.strings[i] ?? '';
  if (raw.strings.length > 0 && raw.strings[0] !== '') throw new ProfileError('string table does not start with ""');
  const mappings: MappingInfo[] = raw.mappings.map((m) => ({ ...m, file: str(m.file), buildId: str(m.buildId) }));
  const fns = raw.functions;
  const functionCount = fns.id.length;
  const functionName = fns.name.toArray();
  const functionIndex = indexById(fns.id.data, functionCount);
  const locs = buildLocations(raw, mappings, functionName, functionIndex);
  const sampleTypes = raw.sampleTypes.map(([t, u]) => ({ type: str(t), unit: str(u) }));
  const samples = buildSamples(raw, sampleTypes.length, indexById(raw.locations.id.data, locs.locationCount));
  return {
    sampleTypes,
    defaultSampleType: str(raw.defaultSampleType),
    periodType: raw.periodType ? { type: str(raw.periodType[0]), unit: str(raw.periodType[1]) } : null,
    period: raw.period,
    timeNanos: raw.timeNanos,
    durationNanos: raw.durationNanos,
    comments: raw.comments.map(str),
    dropFrames: str(raw.dropFrames),
    keepFrames: str(raw.keepFrames),
    mappings,
    strings: raw.strings,
    functionCount,
    functionId: fns.id.toArray(),
    functionName,
    functionSystemName: fns.systemName.toArray(),
    functionFile: fns.file.toArray(),
    functionStartLine: fns.startLine.toArray(),
    ...locs,
    sampleCount: samples.sampleCount,
    sampleStart: samples.sampleStart,
    sampleLocations: samples.sampleLocations,
    values: samples.values,
    labels: samples.labels ? resolveLabels(samples.labels, str, samples.sampleCount) : null,
  };
}

/** ID → index lookup: a dense array when IDs are small (Go numbers them 1..n), a Map otherwise. */
function indexById(ids: Float64Array, count: number): (id: number) => number {
  let max = 0;
  for (let i = 0; i < count; i++) if (ids[i] > max) max = ids[i];
  if (max <= count * 4 + 1024) {
    const dense = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < count; i++) dense[ids[i]] = i;
    return (id) => (id <= max ? dense[id] : -1);
  }
  const map = new Map<number, number>();
  for (let i = 0; i < count; i++) map.set(ids[i], i);
  return (id) => map.get(id) ?? -1;
}

function buildLocations(raw: RawProfile, mappings: MappingInfo[], functionName: Int32Array, functionIndex: (id: number) => number) {
  const L = raw.locations;
  const n = L.id.length;
  const lineStart = L.lineStart.data;
  let frames = 0;
  for (let i = 0; i < n; i++) frames += Math.max(1, lineStart[i + 1] - lineStart[i]);
  const locationMapping = new Int32Array(n);
  const frameStart = new Int32Array(n + 1);
  const frameFunction = new Int32Array(frames);
  const frameLine = new Int32Array(frames);
  const frameNameId = new Int32Array(frames);
  const names = new NameTable();
  const mappingIndex = indexById(Float64Array.from(raw.mappings, (m) => m.id), raw.mappings.length);
  // Name ids per string index and per mapping, so each distinct name is hashed once.
  const nameOfString = new Int32Array(raw.strings.length).fill(-1);
  const unsymbolized = mappings.map((m) => names.id(unsymbolizedName(m.file)));
  const unknown = names.id('<unknown>');
  let f = 0;
  for (let i = 0; i < n; i++) {
    const mid = L.mappingId.data[i];
    const m = mid === 0 ? -1 : mappingIndex(mid);
    locationMapping[i] = m;
    frameStart[i] = f;
    const noName = m >= 0 ? unsymbolized[m] : unknown;
    if (lineStart[i + 1] === lineStart[i]) {
      frameFunction[f] = -1;
      frameNameId[f++] = noName;
      continue;
    }
    for (let k = lineStart[i]; k < lineStart[i + 1]; k++) {
      const fid = L.lineFunctionId.data[k];
      const fi = fid === 0 ? -1 : functionIndex(fid);
      frameFunction[f] = fi;
      frameLine[f] = L.lineNumber.data[k];
      const s = fi >= 0 ? functionName[fi] : 0;
      if (s === 0 || (raw.strings[s] ?? '') === '') frameNameId[f++] = noName;
      else {
        if (nameOfString[s] < 0) nameOfString[s] = names.id(raw.strings[s]);
        frameNameId[f++] = nameOfString[s];
      }
    }
  }
  frameStart[n] = f;
  return {
    locationCount: n,
    locationId: L.id.toArray(),
    locationMapping,
    locationAddress: L.address.toArray(),
    frameStart,
    frameFunction,
    frameLine,
    frameNameId,
    frameNames: names.names,
  };
}

/** What pprof prints for a frame without a function name: the binary's base name, else <unknown>. */
function unsymbolizedName(mappingFile: string): string {
  if (mappingFile === '') return '<unknown>';
  return `[${mappingFile.split('/').pop()}]`;
}

function buildSamples(raw: RawProfile, typeCount: number, locationIndex: (id: number) => number) {
  const sampleCount = raw.sampleRanges.length / 2;
  const ranges = raw.sampleRanges.data;
  const sampleStart = new Int32Array(sampleCount + 1);
  const locations = new Growable(Math.max(1024, sampleCount * 16));
  const values = new GrowableFloat(Math.max(16, sampleCount * typeCount));
  let labels: Map<number, RawLabel[]> | null = null;
  for (let s = 0; s < sampleCount; s++) {
    sampleStart[s] = locations.length;
    const before = values.length;
    const l = decodeSample(raw.buf, ranges[2 * s], ranges[2 * s + 1], locationIndex, locations, values);
    if (values.length - before !== typeCount) {
      throw new ProfileError(`sample ${s} has ${values.length - before} values but the profile has ${typeCount} sample types`);
    }
    if (l) (labels ??= new Map()).set(s, l);
  }
  sampleStart[sampleCount] = locations.length;
  return { sampleCount, sampleStart, sampleLocations: locations.toArray(), values: values.toArray(), labels };
}

function resolveLabels(raw: Map<number, RawLabel[]>, str: (i: number) => string, sampleCount: number): (SampleLabel[] | undefined)[] {
  const labels: (SampleLabel[] | undefined)[] = new Array(sampleCount);
  for (const [s, list] of raw) {
    labels[s] = list.map((l) => ({
      key: str(l.key),
      str: l.str !== 0 || l.num === 0 ? str(l.str) : null,
      num: l.num,
      numUnit: str(l.numUnit),
    }));
  }
  return labels;
}

export class NameTable {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }
}
