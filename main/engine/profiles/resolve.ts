import { ProfileError, type FunctionInfo, type MappingInfo, type Profile, type SampleLabel } from './model';
import type { RawProfile } from './proto';

/** Turns proto IDs into indices and builds the frame table pprof's `-functions` granularity works on. */
export function resolveProfile(raw: RawProfile): Profile {
  const str = (i: number): string => raw.strings[i] ?? '';
  if (raw.strings.length > 0 && raw.strings[0] !== '') throw new ProfileError('string table does not start with ""');
  const mappings: MappingInfo[] = raw.mappings.map((m) => ({ ...m, file: str(m.file), buildId: str(m.buildId) }));
  const functions: FunctionInfo[] = raw.functions.map((f) => ({
    id: f.id,
    name: str(f.name),
    systemName: str(f.systemName),
    file: str(f.file),
    startLine: f.startLine,
  }));
  const mappingIndex = indexById(raw.mappings.map((m) => m.id));
  const functionIndex = indexById(raw.functions.map((f) => f.id));
  const locs = buildLocations(raw, mappings, functions, mappingIndex, functionIndex);
  const sampleTypes = raw.sampleTypes.map(([t, u]) => ({ type: str(t), unit: str(u) }));
  const samples = buildSamples(raw, sampleTypes.length, indexById(raw.locations.map((l) => l.id)));
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
    functions,
    ...locs,
    ...samples,
    labels: resolveLabels(raw, str, samples.sampleCount),
  };
}

/** ID → index lookup: a dense array when IDs are small (Go numbers them 1..n), a Map otherwise. */
function indexById(ids: number[]): (id: number) => number {
  let max = 0;
  for (const id of ids) if (id > max) max = id;
  if (max <= ids.length * 4 + 1024) {
    const dense = new Int32Array(max + 1).fill(-1);
    ids.forEach((id, i) => (dense[id] = i));
    return (id) => (id <= max ? dense[id] : -1);
  }
  const map = new Map<number, number>();
  ids.forEach((id, i) => map.set(id, i));
  return (id) => map.get(id) ?? -1;
}

function buildLocations(
  raw: RawProfile,
  mappings: MappingInfo[],
  functions: FunctionInfo[],
  mappingIndex: (id: number) => number,
  functionIndex: (id: number) => number,
) {
  const n = raw.locations.length;
  let frames = 0;
  for (const l of raw.locations) frames += Math.max(1, l.lines.length / 2);
  const locationId = new Float64Array(n);
  const locationMapping = new Int32Array(n);
  const locationAddress = new Float64Array(n);
  const frameStart = new Int32Array(n + 1);
  const frameFunction = new Int32Array(frames);
  const frameLine = new Int32Array(frames);
  const frameNameId = new Int32Array(frames);
  const names = new NameTable();
  let f = 0;
  raw.locations.forEach((l, i) => {
    locationId[i] = l.id;
    const m = l.mappingId === 0 ? -1 : mappingIndex(l.mappingId);
    locationMapping[i] = m;
    locationAddress[i] = l.address;
    frameStart[i] = f;
    const noFunctionName = unsymbolizedName(m >= 0 ? mappings[m].file : '');
    if (l.lines.length === 0) {
      frameFunction[f] = -1;
      frameNameId[f++] = names.id(noFunctionName);
      return;
    }
    for (let k = 0; k < l.lines.length; k += 2) {
      const fi = l.lines[k] === 0 ? -1 : functionIndex(l.lines[k]);
      frameFunction[f] = fi;
      frameLine[f] = l.lines[k + 1];
      const name = fi >= 0 ? functions[fi].name : '';
      frameNameId[f++] = names.id(name !== '' ? name : noFunctionName);
    }
  });
  frameStart[n] = f;
  return {
    locationCount: n,
    locationId,
    locationMapping,
    locationAddress,
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
  const sampleCount = raw.sampleLocStart.length;
  const sampleStart = new Int32Array(sampleCount + 1);
  sampleStart.set(raw.sampleLocStart.data.subarray(0, sampleCount));
  sampleStart[sampleCount] = raw.sampleLocIds.length;
  const ids = raw.sampleLocIds.data;
  const sampleLocations = new Int32Array(raw.sampleLocIds.length);
  for (let i = 0; i < sampleLocations.length; i++) {
    const li = locationIndex(ids[i]);
    if (li < 0) throw new ProfileError(`sample refers to location ${ids[i]}, which the profile does not define`);
    sampleLocations[i] = li;
  }
  const valueStart = raw.sampleValueStart.data;
  for (let s = 0; s < sampleCount; s++) {
    const end = s + 1 < sampleCount ? valueStart[s + 1] : raw.sampleValues.length;
    if (end - valueStart[s] !== typeCount) {
      throw new ProfileError(`sample ${s} has ${end - valueStart[s]} values but the profile has ${typeCount} sample types`);
    }
  }
  return { sampleCount, sampleStart, sampleLocations, values: raw.sampleValues.toArray() };
}

function resolveLabels(raw: RawProfile, str: (i: number) => string, sampleCount: number): (SampleLabel[] | undefined)[] | null {
  if (raw.sampleLabels.size === 0) return null;
  const labels: (SampleLabel[] | undefined)[] = new Array(sampleCount);
  for (const [s, list] of raw.sampleLabels) {
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
