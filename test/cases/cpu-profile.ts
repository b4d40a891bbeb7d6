/**
 * Profiles in pprof's protobuf format (profile.proto, as Go's runtime/pprof writes it: sample
 * types samples/count and cpu/nanoseconds, 10 ms period), from stacks given root first.
 */
import zlib from 'node:zlib';
import { Function as PFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';

export function cpuProfile(stacks: { frames: string[]; ms: number }[]): Buffer {
  return goProfile([['samples', 'count'], ['cpu', 'nanoseconds']], ['cpu', 'nanoseconds'], 10_000_000, stacks.map((s) => ({ frames: s.frames, values: [s.ms / 10, s.ms * 1e6] })));
}

/** A heap profile as runtime/pprof writes it (alloc_objects, alloc_space, inuse_objects, inuse_space). */
export function heapProfile(stacks: { frames: string[]; inuseBytes: number }[]): Buffer {
  return goProfile([['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']], ['space', 'bytes'], 524288,
    stacks.map((s) => ({ frames: s.frames, values: [s.inuseBytes / 512, s.inuseBytes * 2, s.inuseBytes / 1024, s.inuseBytes] })));
}

function goProfile(types: [string, string][], periodType: [string, string], period: number, stacks: { frames: string[]; values: number[] }[]): Buffer {
  const strings = new StringTable();
  const functions = new Map<string, PFunction>();
  const locations = new Map<string, Location>();
  const locationOf = (name: string): Location => {
    let loc = locations.get(name);
    if (!loc) {
      let fn = functions.get(name);
      if (!fn) {
        fn = new PFunction({ id: functions.size + 1, name: strings.dedup(name), systemName: strings.dedup(name), filename: strings.dedup('') });
        functions.set(name, fn);
      }
      loc = new Location({ id: locations.size + 1, line: [new Line({ functionId: fn.id, line: 1 })] });
      locations.set(name, loc);
    }
    return loc;
  };
  const samples = stacks.map((s) => new Sample({
    locationId: [...s.frames].reverse().map((f) => locationOf(f).id),
    value: s.values.map((v) => Math.round(v)),
  }));
  const profile = new Profile({
    sampleType: types.map(([type, unit]) => new ValueType({ type: strings.dedup(type), unit: strings.dedup(unit) })),
    sample: samples,
    location: [...locations.values()],
    function: [...functions.values()],
    periodType: new ValueType({ type: strings.dedup(periodType[0]), unit: strings.dedup(periodType[1]) }),
    period,
    durationNanos: 30e9,
    stringTable: strings,
  });
  return zlib.gzipSync(Buffer.from(profile.encode()));
}
