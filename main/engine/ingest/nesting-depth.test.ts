import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeTar, writeTar } from '../../../test/support/tarball';
import type { Db } from '../store/workspace';
import { ingestBundle } from './index';
import { useTempWorkspace } from '../../../test/support/workspace';

let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));

const syslog = Array.from({ length: 20 }, (_, i) => `Nov  5 10:00:${String(i).padStart(2, '0')} node1 kubelet[1]: deep line ${i}\n`).join('');

/** A zip of one file, stored (`zip -0`), made by Info-ZIP's zip. */
function zipOf(name: string, data: Buffer): Buffer {
  const work = fs.mkdtempSync(path.join(dir, 'zip-'));
  fs.writeFileSync(path.join(work, name), data);
  execFileSync('zip', ['-q0', 'out.zip', name], { cwd: work });
  return fs.readFileSync(path.join(work, 'out.zip'));
}

describe('archives inside archives, past the depth nodescope opens', () => {
  it('a rotated log in a tar in a node zip in the bundle is read as the log it holds', async () => {
    const logs = await makeTar([{ name: 'var/log/syslog.2.gz', content: zlib.gzipSync(syslog) }], false);
    const bundle = await writeTar(path.join(dir, 'cluster.tar.gz'), [{ name: 'cluster/node1.zip', content: zipOf('logs.tar', logs) }]);
    const r = await ingestBundle(db, bundle);
    const row = db.prepare('SELECT line_count FROM artifacts WHERE bundle_id = ? AND path = ?').get(r.id, 'cluster/node1/logs/var/log/syslog.2') as { line_count: number } | undefined;
    expect(row?.line_count).toBe(20);
  });

  it('an archive deeper than that is kept as it is, and the bundle says its files were not read', async () => {
    const innermost = await makeTar([{ name: 'var/log/syslog', content: syslog }], false);
    const level2 = await makeTar([{ name: 'b.zip', content: zipOf('c.tar', innermost) }]);
    const bundle = await writeTar(path.join(dir, 'deep.tar.gz'), [{ name: 'a.tgz', content: level2 }]);
    const r = await ingestBundle(db, bundle);
    expect(db.prepare('SELECT path FROM artifacts WHERE bundle_id = ?').pluck().all(r.id)).toEqual(['a/b/c.tar']);
    expect(r.incomplete).toBe(true);
    expect(r.errors).toEqual([{ path: 'a/b/c.tar', message: expect.stringMatching(/archive inside archives .*not read/) }]);
  });

  it('a chain of gzipped tars (hotsos packs folders as logs.gz) is opened to the same depth, not further', async () => {
    let inner = await makeTar([{ name: 'var/log/syslog', content: syslog }], false);
    for (const level of ['d', 'c', 'b']) inner = await makeTar([{ name: `${level}.gz`, content: zlib.gzipSync(inner) }], false);
    const r = await ingestBundle(db, await writeTar(path.join(dir, 'chain.tar.gz'), [{ name: 'a.gz', content: zlib.gzipSync(inner) }]));
    expect(db.prepare('SELECT path FROM artifacts WHERE bundle_id = ?').pluck().all(r.id)).toEqual(['a/b/c']);
    expect(r.errors).toEqual([{ path: 'a/b/c', message: expect.stringMatching(/archive inside archives .*not read/) }]);
  });
});
