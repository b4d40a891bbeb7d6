import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../../main/engine/profiles/load';
import { ProfileError } from '../../main/engine/profiles/model';
import { topTable } from '../../main/engine/profiles/top';
import { hasSharedFixtures } from '../support/shared-fixtures';
import { fixture, fixturePath, LEGACY_PROFILES, protobufFixtures } from './fixtures';
import { largeCpuProfile, legacyCpuProfile } from './synthetic';
import { havePprof, pprofTop } from './pprof-reference';

/**
 * The operator's reference is `go tool pprof -top`: for every real profile in the fixtures and every
 * sample type, the top 50 functions must carry the same names and the same flat and cum, to the unit.
 */
describe.skipIf(!havePprof())('profile top agrees with go tool pprof on every real profile', () => {
  for (const rel of protobufFixtures()) {
    const profile = decodeProfile(fixture(rel));
    for (const t of profile.sampleTypes) {
      it(`${rel} -sample_index=${t.type}`, () => {
        const ours = topTable(profile, { sample: t.type, limit: 50 });
        const theirs = pprofTop(fixturePath(rel), t.type, t.unit);
        expect(ours.sampleType).toBe(`${t.type}/${t.unit}`);
        expect(ours.total).toBe(theirs.total);
        expect(theirs.rows.length).toBeGreaterThan(0);
        expect(ours.rows).toEqual(theirs.rows.slice(0, 50));
      });
    }
  }
});

describe.skipIf(!havePprof())('profile top agrees with go tool pprof on the synthetic stress profile', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-large-')), 'large.cpu.pb.gz');
  fs.writeFileSync(file, largeCpuProfile());
  const profile = decodeProfile(largeCpuProfile());
  for (const t of profile.sampleTypes) {
    it(`synthetic large CPU profile -sample_index=${t.type}`, () => {
      const ours = topTable(profile, { sample: t.type, limit: 50 });
      const theirs = pprofTop(file, t.type, t.unit);
      expect(ours.total).toBe(theirs.total);
      expect(ours.rows).toEqual(theirs.rows.slice(0, 50));
    });
  }
});

describe('legacy (pre-protobuf) profiles', () => {
  it('a legacy binary CPU profile and a debug=1 text heap profile (made here) are refused with a reason', async () => {
    const { Profile } = await import('pprof-format');
    expect(() => decodeProfile(legacyCpuProfile())).toThrow(/legacy binary CPU profile/);
    expect(() => decodeProfile(fixture('etcd-3.4.23/heap-debug1.txt'))).toThrow(/a text profile/);
    expect(() => Profile.decode(legacyCpuProfile())).toThrow();
  });

  it.skipIf(!hasSharedFixtures)('google/pprof\'s legacy profiles (../shared) are refused with a reason, as pprof-format cannot read them either', async () => {
    const { Profile } = await import('pprof-format');
    for (const rel of LEGACY_PROFILES) {
      expect(() => decodeProfile(fixture(rel)), rel).toThrow(ProfileError);
      expect(() => Profile.decode(fixture(rel)), rel).toThrow();
    }
  });
});
