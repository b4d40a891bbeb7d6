/**
 * A decoded pprof profile (profile.proto), held in flat typed arrays so that a profile of hundreds of
 * megabytes stays cheap to walk. Indices, not proto IDs: proto IDs are arbitrary and resolved at decode.
 */

export interface ValueTypeInfo {
  type: string;
  unit: string;
}

export interface MappingInfo {
  id: number;
  memoryStart: number;
  memoryLimit: number;
  fileOffset: number;
  file: string;
  buildId: string;
  hasFunctions: boolean;
  hasFilenames: boolean;
  hasLineNumbers: boolean;
  hasInlineFrames: boolean;
}

export interface FunctionInfo {
  id: number;
  name: string;
  systemName: string;
  file: string;
  startLine: number;
}

export interface SampleLabel {
  key: string;
  /** String value, or null for a numeric label. */
  str: string | null;
  num: number;
  numUnit: string;
}

export interface Profile {
  sampleTypes: ValueTypeInfo[];
  /** Type name of the default sample type, '' when the profile names none (pprof then uses the last). */
  defaultSampleType: string;
  periodType: ValueTypeInfo | null;
  period: number;
  timeNanos: number;
  durationNanos: number;
  comments: string[];
  dropFrames: string;
  keepFrames: string;
  mappings: MappingInfo[];
  /** The string table (string fields of functions are indices into it). */
  strings: string[];
  functionCount: number;
  functionId: Float64Array;
  functionName: Int32Array;
  functionSystemName: Int32Array;
  functionFile: Int32Array;
  functionStartLine: Float64Array;

  locationCount: number;
  locationId: Float64Array;
  /** Mapping index of each location, -1 when none. */
  locationMapping: Int32Array;
  locationAddress: Float64Array;
  /**
   * Frames of location i are frameStart[i] .. frameStart[i+1]-1, innermost (inlined callee) first, as the
   * proto's Line list. A location without lines still has one frame (function -1).
   */
  frameStart: Int32Array;
  frameFunction: Int32Array;
  frameLine: Int32Array;
  /** Display name of each frame as `go tool pprof -functions` keys nodes; an index into frameNames. */
  frameNameId: Int32Array;
  frameNames: string[];

  sampleCount: number;
  /** Locations of sample s are sampleLocations[sampleStart[s] .. sampleStart[s+1]-1], leaf first. */
  sampleStart: Int32Array;
  sampleLocations: Int32Array;
  /** values[s * sampleTypes.length + i] is sample s's value of sample type i. */
  values: Float64Array;
  /** Labels per sample, only when the profile has any. */
  labels: (SampleLabel[] | undefined)[] | null;
}

export class ProfileError extends Error {}

/** Function i of a profile as an object (the profile keeps them as columns). */
export function functionInfo(p: Profile, i: number): FunctionInfo {
  return {
    id: p.functionId[i],
    name: p.strings[p.functionName[i]] ?? '',
    systemName: p.strings[p.functionSystemName[i]] ?? '',
    file: p.strings[p.functionFile[i]] ?? '',
    startLine: p.functionStartLine[i],
  };
}

/** File name of the function of frame f, '' when unknown. */
export function frameFile(p: Profile, f: number): string {
  const fi = p.frameFunction[f];
  return fi >= 0 ? (p.strings[p.functionFile[fi]] ?? '') : '';
}
