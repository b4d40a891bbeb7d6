import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tarball';
import { deflateOptions, packPieces, unpackPieces } from './chunk-deflater';

/**
 * The deflating thread runs from the compiled worker script (test/global-setup.ts builds dist/), so it
 * is driven by child processes on dist/, as the CLI runs it.
 */
const REPO = path.resolve(__dirname, '..', '..', '..');
const DEFLATER = path.join(REPO, 'dist', 'main', 'engine', 'ingest', 'chunk-deflater.js');

const tmp = tempDir('nodescope-deflater-');
const dir = tmp.dir;
afterAll(tmp.cleanup);

describe('packing a batch of chunks', () => {
  it('keeps only the pieces\' own bytes, not the larger buffers they are views of', () => {
    const block = Buffer.from('a'.repeat(1000) + 'b'.repeat(1000) + 'c'.repeat(1000));
    const packed = packPieces([block.subarray(10, 20), block.subarray(1500, 1503), Buffer.alloc(0)]);
    expect(packed.bytes.buffer.byteLength).toBe(13);
    expect(unpackPieces(packed).map((p) => p.toString())).toEqual(['a'.repeat(10), 'bbb', '']);
  });
});

describe('deflating one small piece', () => {
  it('cuts its output from the shared pool: 18,000 small files leave their deflated bytes as garbage, not 18,000 buffers of 16 KB', () => {
    const proc = Buffer.from('MemTotal:       16316412 kB\nMemFree:          812224 kB\n'.repeat(6));
    const out = zlib.deflateRawSync(proc, deflateOptions(proc.length));
    expect(out.buffer.byteLength).toBe(Buffer.poolSize);
    expect(zlib.inflateRawSync(out).equals(proc)).toBe(true);
  });

  it('comes back byte-exact whatever its size, compressible or not', () => {
    for (const n of [0, 1, 63, 64, 4000, 4095, 4096, 65536, 1 << 20]) {
      for (const piece of [crypto.randomBytes(n), Buffer.alloc(n, 'kubelet ')]) {
        expect(zlib.inflateRawSync(zlib.deflateRawSync(piece, deflateOptions(piece.length))).equals(piece)).toBe(true);
      }
    }
  });
});

describe('small chunks deflated on a worker thread', () => {
  it('stores every chunk of thousands, each deflated byte-exact, and the process ends by itself', () => {
    // 3000 pod-log-sized pieces, views of shared 64 KiB blocks as tar hands them over.
    const script = `
const crypto = require('node:crypto');
const zlib = require('node:zlib');
const { chunkDeflater } = require(${JSON.stringify(DEFLATER)});
const deflater = chunkDeflater();
const stored = new Map();
let ok = 0;
(async () => {
  const pieces = [];
  for (let i = 0; i < 3000; i++) {
    const block = crypto.randomBytes(65536);
    const size = (i * 7919) % 20000;
    pieces.push(block.subarray(i % 1000, (i % 1000) + size));
  }
  for (const [i, p] of pieces.entries()) await deflater.deflate(p, (data) => stored.set(i, data));
  await deflater.settle();
  for (const [i, p] of pieces.entries()) if (stored.has(i) && zlib.inflateRawSync(stored.get(i)).equals(p)) ok++;
  await deflater.close();
  process.stdout.write(JSON.stringify({ ok, stored: stored.size }));
})();`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: 3000, stored: 3000 });
  });

  it('a node of 400 small pod logs ingests through the CLI with every file stored as it was', () => {
    const logs = path.join(dir, 'node', 'var', 'log', 'pods');
    fs.mkdirSync(logs, { recursive: true });
    const files = new Map<string, Buffer>();
    for (let i = 0; i < 400; i++) {
      const name = `ns_web-${i}_${crypto.randomUUID()}.log`;
      const body = Buffer.from(Array.from({ length: 1 + (i % 40) }, (_, l) => `2026-11-05T10:00:${String(l % 60).padStart(2, '0')}.000000000Z stderr F pod web-${i} request ${l} failed: connection refused\n`).join(''));
      fs.writeFileSync(path.join(logs, name), body);
      files.set(name, body);
    }
    const bundle = path.join(dir, 'node.tar.gz');
    expect(spawnSync('tar', ['-czf', bundle, '-C', dir, 'node']).status).toBe(0);
    const db = path.join(dir, 'ws.db');
    const r = spawnSync(process.execPath, [path.join(REPO, 'main', 'nodescope.cjs'), 'ingest', bundle, '--db', db], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const ws = new Database(db, { readonly: true });
    const chunks = ws.prepare('SELECT data FROM artifact_chunks WHERE artifact_id = ? ORDER BY seq').pluck();
    const stored = ws.prepare("SELECT id, path FROM artifacts WHERE path LIKE '%.log'").all() as { id: number; path: string }[];
    const same = stored.filter((a) => {
      const bytes = Buffer.concat((chunks.all(a.id) as Buffer[]).map((c) => zlib.inflateRawSync(c)));
      return bytes.equals(files.get(path.basename(a.path)) ?? Buffer.alloc(1));
    });
    ws.close();
    expect(stored).toHaveLength(400);
    expect(same).toHaveLength(400);
  });
});
