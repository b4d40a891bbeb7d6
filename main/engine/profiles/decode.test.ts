import zlib from 'node:zlib';
import { Profile as PProfile } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { fixture, protobufFixtures } from '../../../test/profiles/fixtures';
import { largeCpuProfile } from '../../../test/profiles/synthetic';
import { hasSharedFixtures } from '../../../test/support/shared-fixtures';
import { toPprof } from './export';
import { buildDiffTree } from './flame';
import { decodeProfile } from './load';
import { ProfileError, type Profile } from './model';

/** pprof-format's values are number|bigint, negatives as huge unsigned bigints: normalise. */
const num = (v: number | bigint) => Number(BigInt.asIntN(64, BigInt(v)));

/** Our typed-array decoder, checked sample by sample against pprof-format, an independent decoder. */
function expectSameAsPprofFormat(ours: Profile, bytes: Buffer): void {
  const theirs = PProfile.decode(zlib.gunzipSync(bytes));
  const s = (i: number | bigint) => theirs.stringTable.strings[Number(i)];
  expect(ours.sampleTypes).toEqual(theirs.sampleType.map((t) => ({ type: s(t.type), unit: s(t.unit) })));
  expect(ours.defaultSampleType).toBe(s(theirs.defaultSampleType) ?? '');
  expect(ours.period).toBe(num(theirs.period));
  expect(ours.sampleCount).toBe(theirs.sample.length);
  const n = ours.sampleTypes.length;
  const mismatches: number[] = [];
  theirs.sample.forEach((sample, i) => {
    const ids = Array.from(ours.sampleLocations.subarray(ours.sampleStart[i], ours.sampleStart[i + 1]), (l) => ours.locationId[l]);
    const values = Array.from(ours.values.subarray(i * n, (i + 1) * n));
    if (JSON.stringify(ids) !== JSON.stringify(sample.locationId.map(num)) || JSON.stringify(values) !== JSON.stringify(sample.value.map(num))) {
      mismatches.push(i);
    }
    const labels = sample.label.map((l) => `${s(l.key)}=${num(l.str) ? s(l.str) : num(l.num)}`);
    const ourLabels = (ours.labels?.[i] ?? []).map((l) => `${l.key}=${l.str !== null ? l.str : l.num}`);
    if (JSON.stringify(labels) !== JSON.stringify(ourLabels)) mismatches.push(-i - 1);
  });
  expect(mismatches).toEqual([]);
  const byId = new Map(theirs.location.map((l) => [num(l.id), l]));
  for (let l = 0; l < ours.locationCount; l++) {
    const lines = byId.get(ours.locationId[l])!.line;
    expect(ours.frameStart[l + 1] - ours.frameStart[l]).toBe(Math.max(1, lines.length));
  }
}

describe('decoding profile.proto', () => {
  for (const rel of protobufFixtures()) {
    it(`${rel}: every sample, value and label as pprof-format decodes them`, () => {
      expectSameAsPprofFormat(decodeProfile(fixture(rel)), fixture(rel));
    });
  }
  it('the synthetic stress profile: every sample, value and label as pprof-format decodes them', () => {
    expectSameAsPprofFormat(decodeProfile(largeCpuProfile()), largeCpuProfile());
  });

  it('reads raw (not gzipped) protobuf the same, recognised by content', () => {
    const gz = fixture('etcd-3.4.23/heap.pb.gz');
    const a = decodeProfile(gz);
    const b = decodeProfile(zlib.gunzipSync(gz));
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    expect(b.frameNames).toEqual(a.frameNames);
  });

  for (const [from, bytes] of [['synthetic', largeCpuProfile], ...(hasSharedFixtures ? [['google-pprof large.cpu, ../shared', () => fixture('google-pprof/large.cpu')] as const] : [])] as const) it(`inlined frames: a location with several lines gives several frames, innermost first (${from})`, () => {
    const p = decodeProfile(bytes());
    const theirs = PProfile.decode(zlib.gunzipSync(bytes()));
    const byId = new Map(theirs.location.map((l) => [num(l.id), l]));
    let multi = 0;
    for (let l = 0; l < p.locationCount; l++) {
      if (p.frameStart[l + 1] - p.frameStart[l] < 2) continue;
      multi++;
      const ours = Array.from(p.frameFunction.subarray(p.frameStart[l], p.frameStart[l + 1]), (fi) => p.functionId[fi]);
      expect(ours).toEqual(byId.get(p.locationId[l])!.line.map((x) => num(x.functionId)));
    }
    expect(multi).toBeGreaterThan(0);
  });

  it('negative values (a saved diff) come back signed', () => {
    const base = decodeProfile(fixture('etcd-3.4.23/cpu-put.pb.gz'));
    const target = decodeProfile(fixture('etcd-3.4.23/cpu-put-range.pb.gz'));
    const bytes = toPprof(buildDiffTree(base, target, { sample: 'cpu' }).tree, { sampleType: { type: 'cpu', unit: 'nanoseconds' } });
    const p = decodeProfile(bytes);
    expect(Math.min(...p.values)).toBeLessThan(0);
    expectSameAsPprofFormat(p, bytes);
    expect(p.labels?.some((l) => l?.some((x) => x.key === 'pprof::base' && x.str === 'true'))).toBe(true);
  });
});

describe('hostile profiles', () => {
  const raw = zlib.gunzipSync(fixture('etcd-3.4.23/cpu-put.pb.gz'));

  it('truncated anywhere: decoded or refused with a ProfileError, never another exception', () => {
    for (let cut = 1; cut < raw.length; cut += 7) {
      try {
        decodeProfile(raw.subarray(0, cut));
      } catch (e) {
        expect(e, `cut at ${cut}`).toBeInstanceOf(ProfileError);
      }
    }
  });

  it('bytes flipped: the same', () => {
    let seed = 5;
    for (let i = 0; i < 400; i++) {
      const bad = Buffer.from(raw);
      for (let k = 0; k < 3; k++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        bad[seed % bad.length] = seed & 0xff;
      }
      try {
        decodeProfile(bad);
      } catch (e) {
        expect(e).toBeInstanceOf(ProfileError);
      }
    }
  });

  it('a broken gzip stream is refused', () => {
    expect(() => decodeProfile(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]))).toThrow(ProfileError);
  });
});
