import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import tar from 'tar-stream';

/** One entry of a test archive. Hostile shapes (links, devices, odd names) are allowed on purpose. */
export interface TarEntry {
  name: string;
  content?: string | Buffer;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo';
  linkname?: string;
  /** Declared size differing from the content (for truncation tests). */
  mtime?: Date;
}

/** Builds a tar (gzipped unless gzip is false) in memory. */
export async function makeTar(entries: TarEntry[], gzip = true): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c) => chunks.push(c as Buffer));
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    const body = type === 'file' ? Buffer.from(e.content ?? '') : Buffer.alloc(0);
    await new Promise<void>((resolve, reject) => {
      pack.entry(
        { name: e.name, type, linkname: e.linkname, size: body.length, mtime: e.mtime ?? new Date('2026-11-05T10:00:00Z') },
        body,
        (err) => (err ? reject(err) : resolve()),
      );
    });
  }
  pack.finalize();
  await done;
  const raw = Buffer.concat(chunks);
  return gzip ? zlib.gzipSync(raw) : raw;
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'nodescope-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function writeTar(file: string, entries: TarEntry[], gzip = true): Promise<string> {
  fs.writeFileSync(file, await makeTar(entries, gzip));
  return file;
}
