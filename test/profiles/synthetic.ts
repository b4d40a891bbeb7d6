/**
 * A stress CPU profile made at test time (the made-here twin of google/pprof's large.cpu, which the tests
 * read from ../shared when present): pprof's protobuf format as Go's runtime/pprof writes it (samples/count
 * and cpu/nanoseconds, 10 ms period), 40 000 samples over deep, branching call stacks of invented
 * functions, with inlined frames (locations of several lines, innermost first) as the Go compiler
 * emits them. Deterministic: the same bytes on every run.
 */
import zlib from 'node:zlib';
import { Function as PFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';

let cached: Buffer | undefined;

export function largeCpuProfile(): Buffer {
  cached ??= build();
  return cached;
}

function build(): Buffer {
  // mulberry32: a small deterministic generator in 32-bit integer arithmetic.
  let seed = 425_000;
  const rand = (n: number): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const strings = new StringTable();
  const PKGS = ['sync', 'store', 'api', 'json', 'runtime', 'http', 'watch', 'sort'];
  const functions: PFunction[] = [];
  for (let i = 0; i < 4000; i++) {
    const pkg = PKGS[i % PKGS.length];
    const name = `${pkg}.(*T${i % 97}).f${i}`;
    functions.push(new PFunction({ id: i + 1, name: strings.dedup(name), systemName: strings.dedup(name), filename: strings.dedup(`${pkg}/f${i % 211}.go`) }));
  }
  // The leaves most samples end in, as in a service that reads the clock in a hot loop.
  const hot = ['time.Now', 'time.now', 'main.next'].map((name, i) => new PFunction({ id: 4001 + i, name: strings.dedup(name), systemName: strings.dedup(name), filename: strings.dedup(i === 2 ? 'main.go' : 'time/time.go') }));
  functions.push(...hot);
  const locations: Location[] = [];
  for (let i = 0; i < 6000; i++) {
    // One location in eight holds an inlined call: two lines, the inlined (innermost) function first.
    const fn = functions[i % functions.length];
    const lines = [new Line({ functionId: fn.id, line: 10 + (i % 400) })];
    if (i % 8 === 0) lines.unshift(new Line({ functionId: functions[(i * 7 + 3) % functions.length].id, line: 5 + (i % 50) }));
    locations.push(new Location({ id: i + 1, address: 0x400000 + i * 16, line: lines }));
  }
  const hotLocations = hot.map((fn, i) => new Location({ id: 6001 + i, address: 0x500000 + i * 16, line: [new Line({ functionId: fn.id, line: 100 + i })] }));
  locations.push(...hotLocations);
  // Stacks: a few roots, then a random walk where each level picks among few children near the root and
  // many deeper down, so the call tree is wide and deep (well over 100k nodes).
  const samples: Sample[] = [];
  for (let s = 0; s < 40_000; s++) {
    // 59 in 100 samples go through main.next on a few shallow paths (wide frames), the others through
    // deep random ones (the many narrow nodes). Leaves: time.Now 85 in 100, time.now 11, main.next 1.
    const r = s % 100;
    const shallow = r < 59;
    const depth = shallow ? 3 : 16 + rand(24);
    const stack: number[] = [];
    let node = shallow ? rand(2) : rand(4);
    for (let d = 0; d < depth; d++) {
      const fan = shallow ? 2 : d < 3 ? 3 : d < 8 ? 12 : 200;
      node = (node * 31 + rand(fan) + d * 17) % 6000;
      stack.push(node + 1);
    }
    if (shallow) stack.push(6003);
    if (r < 58 || (r > 58 && r < 86)) stack.push(6001);
    else if (r >= 86 && r < 97) stack.push(6002);
    const ms = 10 * (1 + rand(3));
    samples.push(new Sample({ locationId: stack.reverse(), value: [ms / 10, ms * 1e6] }));
  }
  const profile = new Profile({
    sampleType: [
      new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') }),
      new ValueType({ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') }),
    ],
    sample: samples,
    location: locations,
    function: functions,
    periodType: new ValueType({ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') }),
    period: 10_000_000,
    durationNanos: 30e9,
    stringTable: strings,
  });
  return zlib.gzipSync(Buffer.from(profile.encode()));
}

/**
 * A CPU profile in the legacy (pre-protobuf) binary format runtime/pprof wrote before Go 1.9: 64-bit
 * words, header 0, 3, 0, period (µs), 0; then per sample: count, number of PCs, the PCs; trailer 0, 1, 0.
 */
export function legacyCpuProfile(): Buffer {
  const words: bigint[] = [0n, 3n, 0n, 10_000n, 0n];
  for (let s = 0; s < 50; s++) words.push(BigInt(1 + (s % 3)), 3n, BigInt(0x401000 + s * 32), 0x402000n, 0x403000n);
  words.push(0n, 1n, 0n);
  const out = Buffer.alloc(words.length * 8);
  words.forEach((w, i) => out.writeBigUInt64LE(w, i * 8));
  return out;
}
