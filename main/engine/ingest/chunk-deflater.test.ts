import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tarball';
import { storedBlock } from '../store/stored-block';
import { deflateOptions, packPieces, STORED_MAX_BYTES, unpackPieces } from './chunk-deflater';

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

describe('a tiny piece stored as it is', () => {
  it('reads back byte-exact through inflateRaw, as any other chunk', () => {
    for (const n of [0, 1, 9, 64, STORED_MAX_BYTES, 4096, 0xffff]) {
      const piece = crypto.randomBytes(n);
      const block = storedBlock(piece);
      expect(block.length).toBe(n + 5);
      expect(zlib.inflateRawSync(block).equals(piece)).toBe(true);
    }
  });

  it('refuses more than one stored block can hold', () => {
    expect(() => storedBlock(Buffer.alloc(0x10000))).toThrow(/at most 65535 bytes/);
  });
});

/** Runs `body` in a child on the compiled deflater (`deflater`, `stored` by piece index); returns what it writes. */
function withDeflater(body: string): unknown {
  const script = `
const crypto = require('node:crypto');
const zlib = require('node:zlib');
const { chunkDeflater } = require(${JSON.stringify(DEFLATER)});
const deflater = chunkDeflater();
const stored = new Map();
(async () => {
${body}
  await deflater.close();
})();`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('small chunks deflated on a worker thread', () => {
  it("a sosreport's thousands of sysfs values are stored at once, none waits for the thread", () => {
    const result = withDeflater(`
  const pieces = Array.from({ length: 3000 }, (_, i) => Buffer.from(String(i * 7919 % 100000) + '\\n'));
  for (const [i, p] of pieces.entries()) await deflater.deflate(p, (data) => stored.set(i, data));
  const before = stored.size;
  await deflater.settle();
  const ok = pieces.filter((p, i) => zlib.inflateRawSync(stored.get(i)).equals(p)).length;
  process.stdout.write(JSON.stringify({ before, ok }));`);
    expect(result).toEqual({ before: 3000, ok: 3000 });
  });

  it('hundreds of 200-byte files go to the thread while the reading goes on, not all at its end', () => {
    // 300 pieces are 60 KB, far under a batch's bytes: a batch also ends at a count of pieces.
    const result = withDeflater(`
  const pieces = Array.from({ length: 300 }, () => crypto.randomBytes(200));
  for (const [i, p] of pieces.entries()) await deflater.deflate(p, (data) => stored.set(i, data));
  for (let waited = 0; stored.size === 0 && waited < 20000; waited += 10) await new Promise((r) => setTimeout(r, 10));
  const beforeSettle = stored.size;
  await deflater.settle();
  const ok = pieces.filter((p, i) => zlib.inflateRawSync(stored.get(i)).equals(p)).length;
  process.stdout.write(JSON.stringify({ beforeSettle, ok }));`);
    expect(result).toEqual({ beforeSettle: 256, ok: 300 });
  });

  it.skipIf(process.platform !== 'linux')("runs below the ingest's thread: waking it for a batch does not hand it the ingest's core", () => {
    // Nice values of the child's threads (field 19 of /proc/self/task/TID/stat) once a batch came back.
    const result = withDeflater(`
  const fs = require('node:fs');
  const pieces = Array.from({ length: 300 }, () => crypto.randomBytes(200));
  for (const [i, p] of pieces.entries()) await deflater.deflate(p, (data) => stored.set(i, data));
  await deflater.settle();
  const stat = (tid) => fs.readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
  // After the thread's name, which may hold spaces and parentheses: its last ') ' ends it.
  const nice = (tid) => { const s = stat(tid); return Number(s.slice(s.lastIndexOf(') ') + 2).split(' ')[16]); };
  const others = fs.readdirSync('/proc/self/task').filter((t) => Number(t) !== process.pid).map(nice);
  process.stdout.write(JSON.stringify({ stored: stored.size, ingest: nice(process.pid), lowest: others.filter((n) => n === 19).length }));`);
    // A test run itself at the lowest priority could not tell the deflater's thread from the others.
    const { stored, ingest, lowest } = result as { stored: number; ingest: number; lowest: number };
    expect(stored).toBe(300);
    expect(ingest < 19 ? lowest : 1).toBe(1);
  });

  it('stores every chunk of thousands, each deflated byte-exact, and the process ends by itself', () => {
    // 3000 pod-log-sized pieces, views of shared 64 KiB blocks as tar hands them over.
    const result = withDeflater(`
  const pieces = [];
  for (let i = 0; i < 3000; i++) {
    const block = crypto.randomBytes(65536);
    const size = (i * 7919) % 20000;
    pieces.push(block.subarray(i % 1000, (i % 1000) + size));
  }
  for (const [i, p] of pieces.entries()) await deflater.deflate(p, (data) => stored.set(i, data));
  await deflater.settle();
  const ok = pieces.filter((p, i) => stored.has(i) && zlib.inflateRawSync(stored.get(i)).equals(p)).length;
  process.stdout.write(JSON.stringify({ ok, stored: stored.size }));`);
    expect(result).toEqual({ ok: 3000, stored: 3000 });
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
