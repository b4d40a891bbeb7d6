import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProfile } from '../../main/engine/profiles/load';
import { topTable } from '../../main/engine/profiles/top';
import { haveEtcd, putLoad, startEtcd, type LiveEtcd } from '../support/etcd';
import { tempDir } from '../support/tarball';
import { havePprof, pprofTop } from './pprof-reference';

/**
 * Fresh profiles from a real Go server under load: Debian's etcd with --enable-pprof, on loopback,
 * fed with key-value puts through its HTTP gateway while the CPU profile runs. Our top must match
 * `go tool pprof -top` on every sample type of the CPU, heap and allocs profiles.
 */
describe.skipIf(!haveEtcd || !havePprof())('live etcd: nodescope top equals go tool pprof top', () => {
  let tmp: ReturnType<typeof tempDir>;
  let etcd: LiveEtcd | undefined;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    tmp = tempDir('nodescope-etcd-');
    etcd = await startEtcd(tmp.dir);
    const url = etcd.url;
    const traffic = putLoad(url, { workers: 8, ranges: true });
    const cpu = await fetch(`${url}/debug/pprof/profile?seconds=4`);
    const puts = await traffic.stop();
    expect(puts).toBeGreaterThan(100);
    files.cpu = path.join(tmp.dir, 'cpu.pb.gz');
    fs.writeFileSync(files.cpu, Buffer.from(await cpu.arrayBuffer()));
    for (const name of ['heap', 'allocs']) {
      files[name] = path.join(tmp.dir, `${name}.pb.gz`);
      fs.writeFileSync(files[name], Buffer.from(await (await fetch(`${url}/debug/pprof/${name}`)).arrayBuffer()));
    }
  }, 60_000);

  afterAll(() => {
    etcd?.stop();
    tmp?.cleanup();
  });

  for (const name of ['cpu', 'heap', 'allocs']) {
    it(`${name} profile, every sample type, top 50 rows`, () => {
      const profile = decodeProfile(fs.readFileSync(files[name]));
      expect(profile.sampleTypes.length).toBeGreaterThanOrEqual(2);
      for (const t of profile.sampleTypes) {
        const ours = topTable(profile, { sample: t.type, limit: 50 });
        const theirs = pprofTop(files[name], t.type, t.unit);
        expect(theirs.rows.length, t.type).toBeGreaterThan(0);
        expect(ours.total, t.type).toBe(theirs.total);
        expect(ours.rows, t.type).toEqual(theirs.rows.slice(0, 50));
      }
      // The default sample type, as pprof picks it without -sample_index.
      const d = topTable(profile, { limit: 50 });
      expect(d.sampleType).toBe(name === 'cpu' ? 'cpu/nanoseconds' : name === 'heap' ? 'inuse_space/bytes' : 'alloc_space/bytes');
    });
  }
});
