/**
 * Bounded work on bundle claims and compressed content: a gzip is sniffed from a bounded head, a
 * gzipped profile is decoded under a ratio cap, a manifest cannot claim without end, and problems are
 * summarised past a limit instead of stored one by one.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { guessKindFromContent, gzippedProfileHead } from '../../main/engine/kinds/guess';
import { MAX_HOLE_BYTES } from '../../main/engine/ingest/archive/tar-sparse';
import { ingestBundle } from '../../main/engine/ingest';
import { bundlesApi } from '../../main/engine/library/api';
import { MAX_LISTED_PROBLEMS, ProblemList } from '../../main/engine/ingest/problems';
import { MAX_MANIFEST_ITEMS, parseManifest } from '../../main/engine/manifest/validate';
import { decodeProfile, PROFILE_RATIO_FLOOR, profileBytes } from '../../main/engine/profiles/load';
import { ProfileError } from '../../main/engine/profiles/model';
import { openWorkspace } from '../../main/engine/store/workspace';
import { manifestFor } from '../support/manifest';
import { writeTar } from '../support/tarball';
import { tempDir } from './archives';

const dir = tempDir('bounds');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** gzip of n zero bytes (the attack run's logs/messages-20261101.gz was 1 GiB of them). */
function zeros(n: number): Buffer {
  return zlib.gzipSync(Buffer.alloc(n), { level: 9 });
}

describe('compressed content', () => {
  it('sniffs a gzip from its first kilobyte only: zeros are binary, a profile is pprof', () => {
    const bomb = zeros(200 * 1024 * 1024);
    expect(gzippedProfileHead(bomb.subarray(0, 64 * 1024))).toBe(false);
    expect(guessKindFromContent(bomb.subarray(0, 64 * 1024))).toBe('binary');
    const profile = fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', 'pprof', 'etcd-3.4.23', 'heap.pb.gz'));
    expect(guessKindFromContent(profile.subarray(0, 64 * 1024))).toBe('pprof');
  });

  it('stops decoding a gzipped profile past the ratio cap, with a clear error', () => {
    const bomb = zeros(PROFILE_RATIO_FLOOR + 32 * 1024 * 1024);
    expect(() => profileBytes(bomb)).toThrow(ProfileError);
    expect(() => decodeProfile(bomb)).toThrow(/expands past \d+ bytes \(more than 100:1/);
  });

  it('ingests a bundle holding a gzip bomb without expanding it', async () => {
    const f = await writeTar(path.join(dir, 'bomb.tar.gz'), [{ name: 'logs/messages-20261101.gz', content: zeros(256 * 1024 * 1024) }]);
    const db = openWorkspace(':memory:');
    const r = await ingestBundle(db, f);
    expect(r.guessedCount).toBe(1);
    expect(await bundlesApi(db).listArtifacts(r.id)).toMatchObject([{ path: 'logs/messages-20261101.gz', kind: 'binary', kindGuessed: true }]);
    db.close();
  });
});

describe('a sparse bomb', () => {
  it('a tar -S of a file of 1 TiB of holes keeps what its holes allow, names the file, and the bundle goes on', async () => {
    // GNU tar stores its map (one region, at 1 TiB) and no data: 10 KB that a reader expands to 1 TiB.
    // The lastlog of a host whose users have uids near 2^32 is such a file (1.2 TB of holes).
    const root = path.join(dir, 'sparse-bomb');
    fs.mkdirSync(path.join(root, 'var', 'log'), { recursive: true });
    fs.writeFileSync(path.join(root, 'var', 'log', 'lastlog'), '');
    fs.truncateSync(path.join(root, 'var', 'log', 'lastlog'), 1024 ** 4);
    fs.writeFileSync(path.join(root, 'var', 'log', 'syslog'), 'Dec  6 10:00:05 node1 systemd[1]: Started kubelet.\n');
    const f = path.join(dir, 'sparse-bomb.tar.gz');
    execFileSync('tar', ['-S', '-czf', f, '-C', root, 'var/log/lastlog', 'var/log/syslog']);
    expect(fs.statSync(f).size).toBeLessThan(1024);
    const db = openWorkspace(':memory:');
    const r = await ingestBundle(db, f);
    expect(r.incomplete).toBe(true);
    expect(r.errors).toEqual([{ path: 'var/log/lastlog', message: `a sparse file of ${1024 ** 4} bytes whose holes pass ${MAX_HOLE_BYTES} bytes: the rest of it is not read; none of it was read` }]);
    // The work done: no zero byte past the entry's bound; the file after it is read.
    const artifacts = await bundlesApi(db).listArtifacts(r.id);
    expect(artifacts.find((a) => a.path === 'var/log/lastlog')?.bytes).toBeLessThanOrEqual(MAX_HOLE_BYTES);
    expect(artifacts.find((a) => a.path === 'var/log/syslog')?.kind).toBe('syslog');
    db.close();
  });
});

describe('manifest claims and problems', () => {
  it('refuses a manifest listing more items than a bundle may hold', () => {
    const m = manifestFor('n', Array.from({ length: MAX_MANIFEST_ITEMS + 1 }, (_, i) => ({ path: `x/${i}` })));
    expect(() => parseManifest(JSON.stringify(m))).toThrow(/lists 50001 items, more than the 50000/);
  });

  it('lists problems up to a limit, then counts them in one line', () => {
    const list = new ProblemList();
    for (let i = 0; i < 10_000; i++) list.push({ path: `x/${i}`, message: 'listed in manifest.json but not in the archive' });
    const out = list.list();
    expect(list.count).toBe(10_000);
    expect(out).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(out.at(-1)?.message).toBe(`${10_000 - MAX_LISTED_PROBLEMS} more problems not listed one by one: ${10_000 - MAX_LISTED_PROBLEMS} × "listed in manifest.json but not in the archive"`);
  });

  it('a manifest of phantom items yields a bounded error list', async () => {
    const top = 'nodescope-n-20261105T100000Z';
    const m = manifestFor('n', Array.from({ length: 5000 }, (_, i) => ({ path: `x/${i}` })));
    const f = await writeTar(path.join(dir, 'phantom.tar.gz'), [{ name: `${top}/manifest.json`, content: JSON.stringify(m) }]);
    const db = openWorkspace(':memory:');
    const r = await ingestBundle(db, f);
    expect(r.incomplete).toBe(true);
    expect(r.errors).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    db.close();
  });
});
