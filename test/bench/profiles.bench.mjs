// Profiles benchmark: `nodescope profile top FILE` against `go tool pprof -top FILE` on a profile of at
// least 50 MB, both timed as whole processes (start-up, gunzip, decode, totals, printing). The profile is
// built by merging copies of a real one (google/pprof large.cpu, 20k samples of real Go stacks): each copy
// gets its own location, function and string ids, as if the profiles of many processes had been
// concatenated without deduplication, and its values scaled so copies differ.
// Run: `npx tsc -p main/tsconfig.json && node test/bench/profiles.bench.mjs` (or `npm run bench profiles`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const MIN_BYTES = Number(process.env.BENCH_PROFILE_BYTES ?? 50e6);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Minimal protobuf writer for the profile.proto messages the generator needs. */
class Writer {
  constructor(size = 1 << 20) {
    this.parts = [];
    this.size = size;
    this.buf = Buffer.allocUnsafe(size);
    this.pos = 0;
  }
  ensure(n) {
    if (this.pos + n > this.buf.length) {
      this.parts.push(this.buf.subarray(0, this.pos));
      this.buf = Buffer.allocUnsafe(Math.max(this.size * 4, n));
      this.pos = 0;
    }
  }
  varint(v) {
    this.ensure(10);
    if (v >= 0 && v < 2 ** 31) {
      while (v >= 0x80) {
        this.buf[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.buf[this.pos++] = v;
      return;
    }
    let n = BigInt.asUintN(64, BigInt(v));
    while (n >= 0x80n) {
      this.buf[this.pos++] = Number(n & 0x7fn) | 0x80;
      n >>= 7n;
    }
    this.buf[this.pos++] = Number(n);
  }
  tagVarint(field, v) {
    if (v === 0) return;
    this.varint(field << 3);
    this.varint(v);
  }
  bytes(field, b) {
    this.varint((field << 3) | 2);
    this.varint(b.length);
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }
  message(field, fill) {
    const w = new Writer(256);
    fill(w);
    this.bytes(field, w.done());
  }
  done() {
    return Buffer.concat([...this.parts, this.buf.subarray(0, this.pos)]);
  }
}

function packed(w, field, values) {
  const inner = new Writer(256);
  for (const v of values) inner.varint(v);
  w.bytes(field, inner.done());
}

/** One copy of the source profile (decoded by pprof-format), ids and string indices shifted by copy k. */
function writeCopy(w, src, k, shift) {
  const n = (v) => Number(v);
  const s = (i) => (n(i) === 0 ? 0 : n(i) + k * shift.strings);
  if (k === 0) {
    for (const t of src.sampleType) w.message(1, (m) => (m.tagVarint(1, n(t.type)), m.tagVarint(2, n(t.unit))));
  }
  src.sample.forEach((sample, i) => {
    const ids = sample.locationId.map((id) => n(id) + k * shift.locations);
    const values = sample.value.map((v) => n(v) * (1 + ((k + i) % 4)));
    w.message(2, (m) => (packed(m, 1, ids), packed(m, 2, values)));
  });
  for (const mp of src.mapping) {
    w.message(3, (m) => {
      m.tagVarint(1, n(mp.id) + k * shift.mappings);
      m.tagVarint(2, n(mp.memoryStart));
      m.tagVarint(3, n(mp.memoryLimit));
      m.tagVarint(4, n(mp.fileOffset));
      m.tagVarint(5, s(mp.filename));
      m.tagVarint(6, s(mp.buildId));
      m.tagVarint(7, mp.hasFunctions ? 1 : 0);
    });
  }
  for (const l of src.location) {
    w.message(4, (m) => {
      m.tagVarint(1, n(l.id) + k * shift.locations);
      if (n(l.mappingId)) m.tagVarint(2, n(l.mappingId) + k * shift.mappings);
      m.tagVarint(3, n(l.address));
      for (const line of l.line) {
        m.message(4, (ln) => (ln.tagVarint(1, n(line.functionId) + k * shift.functions), ln.tagVarint(2, n(line.line))));
      }
    });
  }
  for (const f of src.function) {
    w.message(5, (m) => {
      m.tagVarint(1, n(f.id) + k * shift.functions);
      m.tagVarint(2, s(f.name));
      m.tagVarint(3, s(f.systemName));
      m.tagVarint(4, s(f.filename));
      m.tagVarint(5, n(f.startLine));
    });
  }
  src.stringTable.strings.forEach((str, i) => {
    if (k === 0 || i > 0) w.bytes(6, Buffer.from(str));
  });
  if (k === 0) {
    if (src.periodType) w.message(11, (m) => (m.tagVarint(1, n(src.periodType.type)), m.tagVarint(2, n(src.periodType.unit))));
    w.tagVarint(9, n(src.timeNanos));
    w.tagVarint(10, n(src.durationNanos));
    w.tagVarint(12, n(src.period));
  }
}

export function buildLargeProfile(dir) {
  const file = path.join(dir, `merged-large-cpu-${MIN_BYTES}.pb.gz`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const { Profile } = require('pprof-format');
  // google/pprof's large.cpu, read from the team share (third-party data is never committed).
  const sourceFile = path.join(root, '..', 'shared', 'fixtures', 'pprof', 'google-pprof', 'large.cpu');
  const src = Profile.decode(zlib.gunzipSync(fs.readFileSync(sourceFile)));
  const max = (xs) => xs.reduce((a, b) => Math.max(a, Number(b)), 0);
  const shift = {
    strings: src.stringTable.strings.length - 1,
    locations: max(src.location.map((l) => l.id)),
    functions: max(src.function.map((f) => f.id)),
    mappings: max(src.mapping.map((m) => m.id)),
  };
  const copies = Math.ceil((MIN_BYTES * 1.05) / fs.statSync(sourceFile).size);
  const w = new Writer();
  for (let k = 0; k < copies; k++) writeCopy(w, src, k, shift);
  fs.writeFileSync(file, zlib.gzipSync(w.done()));
  return file;
}

function time(cmd, args) {
  let best = Infinity;
  let result;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    result = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr}`);
    best = Math.min(best, s);
  }
  return { seconds: best, result };
}

/** The registered CLI when the lead has wired `profile`, else the command module run the same way. */
function nodescopeArgs(file) {
  const help = spawnSync('node', [path.join(root, 'main/nodescope.cjs'), 'profile', '--help'], { cwd: root, encoding: 'utf8' });
  if (help.status === 0 && /profile top/.test(help.stdout)) return { how: 'nodescope profile top FILE', args: [path.join(root, 'main/nodescope.cjs'), 'profile', 'top', file] };
  const script = `const {parseArgs}=require('./dist/main/cli/args.js');const {profileCommand:c}=require('./dist/main/cli/profile.js');const a=parseArgs(['top',${JSON.stringify(file)}],c);c.run({args:a,json:false,db:()=>{throw new Error('no db')},io:{stdout:(t)=>process.stdout.write(t),stderr:(t)=>process.stderr.write(t),stderrIsTty:false}}).then((x)=>process.exitCode=x)`;
  return { how: 'node: profile command module, `top FILE` (CLI not wired yet)', args: ['-e', script] };
}

export async function run(dir) {
  const file = buildLargeProfile(dir);
  const gz = fs.statSync(file).size;
  const rawBytes = zlib.gunzipSync(fs.readFileSync(file)).length;
  const ns = nodescopeArgs(file);
  const ours = time('node', ns.args);
  const pprof = time('go', ['tool', 'pprof', '-top', file]);
  const firstRow = (out) => out.split('\n').find((l) => /%\s+\S+\s+\S+%\s+\S/.test(l))?.trim() ?? '';
  const version = spawnSync('go', ['version'], { encoding: 'utf8' }).stdout.trim();
  return [
    ['profile', `${(gz / 1e6).toFixed(1)} MB gzip, ${(rawBytes / 1e6).toFixed(1)} MB protobuf (copies of google-pprof large.cpu)`],
    ['nodescope', ns.how],
    ['nodescope wall (best of ' + RUNS + ')', `${ours.seconds.toFixed(2)} s`],
    ['go tool pprof -top wall (best of ' + RUNS + ')', `${pprof.seconds.toFixed(2)} s (${version})`],
    ['nodescope / pprof', `${(ours.seconds / pprof.seconds).toFixed(2)} (target <= 0.50)`],
    ['nodescope first row', firstRow(ours.result.stdout)],
    ['pprof first row', firstRow(pprof.result.stdout)],
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = await run(path.join(root, '.nodescope-bench'));
  console.log('| measure | value |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
}
