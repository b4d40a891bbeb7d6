import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffTop } from '../../main/engine/profiles/diff';
import { decodeProfile } from '../../main/engine/profiles/load';
import { hasSharedFixtures } from '../support/shared-fixtures';
import { fixture, fixturePath } from './fixtures';
import { havePprof, pprofTop } from './pprof-reference';

/** "Good vs bad": the same etcd under puts, then under puts and ranges; two heaps of one process over time. */
const PAIRS: [string, string][] = [
  ['etcd-3.4.23/cpu-put.pb.gz', 'etcd-3.4.23/cpu-put-range.pb.gz'],
  // parca's two heaps of one process (../shared, when present)
  ...(hasSharedFixtures ? [['parca/many_1644509272337470000.pb.gz', 'parca/many_1644509299337903000.pb.gz'] as [string, string]] : []),
];

describe.skipIf(!havePprof())('profile diff agrees with go tool pprof -diff_base', () => {
  for (const [baseRel, targetRel] of PAIRS) {
    const base = decodeProfile(fixture(baseRel));
    const target = decodeProfile(fixture(targetRel));
    for (const t of base.sampleTypes) {
      for (const normalize of [true, false]) {
        it(`${targetRel} against ${baseRel}, ${t.type}${normalize ? ', normalised' : ', raw delta'}`, () => {
          const ours = diffTop(base, target, { sample: t.type, normalize, limit: 50 });
          const extra = [`-diff_base=${fixturePath(baseRel)}`, ...(normalize ? ['-normalize'] : [])];
          const theirs = pprofTop(fixturePath(targetRel), t.type, t.unit, extra);
          expect(ours.total).toBe(theirs.total);
          expect(theirs.rows.length).toBeGreaterThan(0);
          expect(ours.rows).toEqual(theirs.rows.slice(0, 50));
        });
      }
    }
  }
});
