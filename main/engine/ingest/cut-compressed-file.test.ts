import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { writeTar } from '../../../test/support/tarball';
import type { Db } from '../store/workspace';
import { ingestBundle } from './index';
import { useTempWorkspace } from '../../../test/support/workspace';

let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));

/** Lines that do not compress to nothing, so that a cut falls inside them. */
const lines = Array.from({ length: 400 }, (_, i) => `Nov  5 10:00:${String(i % 60).padStart(2, '0')} node1 kubelet[42]: pod ${(i * 2654435761) % 99991} sync ${i.toString(36).repeat(5)}\n`).join('');

describe('a rotated log inside the bundle whose compressed data is cut (a copy that ran out of space)', () => {
  it('is marked truncated like a file the archive cuts, and says so', async () => {
    const gz = zlib.gzipSync(lines);
    const bundle = await writeTar(path.join(dir, 'b.tar.gz'), [
      { name: 'n/var/log/syslog.2.gz', content: gz.subarray(0, Math.floor(gz.length / 2)) },
      { name: 'n/var/log/syslog.1.gz', content: gz },
    ]);
    const r = await ingestBundle(db, bundle);
    const row = (p: string) => db.prepare('SELECT truncated, line_count FROM artifacts WHERE bundle_id = ? AND path = ?').get(r.id, p) as { truncated: number; line_count: number };
    expect(row('n/var/log/syslog.2').truncated).toBe(1);
    expect(row('n/var/log/syslog.2').line_count).toBeLessThan(400);
    expect(row('n/var/log/syslog.1')).toEqual({ truncated: 0, line_count: 400 });
    expect(r.errors.map((e) => e.path)).toEqual(['n/var/log/syslog.2']);
  });

  it('keeps the lines before the damage when its compressed data is damaged midway, and is marked truncated', async () => {
    const gz = zlib.gzipSync(lines);
    const damaged = Buffer.from(gz);
    for (let i = Math.floor(gz.length / 2); i < Math.floor(gz.length / 2) + 64; i++) damaged[i] ^= 0xa5;
    const r = await ingestBundle(db, await writeTar(path.join(dir, 'd.tar.gz'), [{ name: 'n/var/log/messages.3.gz', content: damaged }]));
    const row = db.prepare('SELECT truncated, line_count FROM artifacts WHERE bundle_id = ? AND path = ?').get(r.id, 'n/var/log/messages.3') as { truncated: number; line_count: number };
    expect(row.truncated).toBe(1);
    // zlib decodes 11,066 bytes (184 lines) of it before it finds the damage; they were all lost.
    expect(row.line_count).toBeGreaterThanOrEqual(180);
    expect(r.errors[0]).toMatchObject({ path: 'n/var/log/messages.3' });
  });
});

describe('a rotated log given alone whose compressed data is damaged midway', () => {
  it('keeps the lines before the damage and is marked truncated, as when it is cut', async () => {
    const gz = zlib.gzipSync(lines);
    const damaged = Buffer.from(gz);
    for (let i = Math.floor(gz.length / 2); i < Math.floor(gz.length / 2) + 64; i++) damaged[i] ^= 0xa5;
    const file = path.join(dir, 'messages.3.gz');
    fs.writeFileSync(file, damaged);
    const r = await ingestBundle(db, file);
    const row = db.prepare('SELECT truncated, line_count FROM artifacts WHERE bundle_id = ? AND path = ?').get(r.id, 'messages.3') as { truncated: number; line_count: number };
    expect(row.line_count).toBeGreaterThanOrEqual(180);
    expect(row.truncated).toBe(1);
  });
});
