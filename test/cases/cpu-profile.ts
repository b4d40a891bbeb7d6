/**
 * A CPU profile in pprof's protobuf format (profile.proto, as Go's runtime/pprof writes it: sample
 * types samples/count and cpu/nanoseconds, 10 ms period), from stacks given root first.
 */
import zlib from 'node:zlib';
import { Function as PFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';

export function cpuProfile(stacks: { frames: string[]; ms: number }[]): Buffer {
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
    value: [s.ms / 10, s.ms * 1e6],
  }));
  const profile = new Profile({
    sampleType: [new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') }), new ValueType({ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') })],
    sample: samples,
    location: [...locations.values()],
    function: [...functions.values()],
    periodType: new ValueType({ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') }),
    period: 10_000_000,
    durationNanos: 30e9,
    stringTable: strings,
  });
  return zlib.gzipSync(Buffer.from(profile.encode()));
}
