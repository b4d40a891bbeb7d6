/**
 * Builds a small collector bundle: `nodescope-<node>-<time>/` with manifest.json as its first entry and
 * one manifest item per file, gzipped, as nodescope-collect.sh writes it (shared/bundle-format.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import type { BundleManifest, ManifestItem, NodeFacts } from '../../shared/bundle-format';
import type { StoredFile } from './store-bundle';

export interface CaseBundle {
  node: NodeFacts;
  /** ISO UTC; the folder name's time. */
  collectedAt: string;
  files: StoredFile[];
  /** Items the collector recorded as skipped (path, kind, reason): no file in the tarball. */
  skipped?: { path: string; kind: string; reason: string }[];
}

function itemOf(f: StoredFile, bytes: Buffer): ManifestItem {
  return {
    path: f.path, kind: f.kind, command: null, source: null, exitCode: 0, timedOut: false, durationMs: 1,
    bytes: bytes.length, originalBytes: bytes.length, truncated: false,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'), stderrPath: null, skipped: null,
  };
}

export function manifestOf(b: CaseBundle): BundleManifest {
  const items = b.files.map((f) => itemOf(f, Buffer.from(f.data)));
  for (const s of b.skipped ?? []) items.push({ path: s.path, kind: s.kind, skipped: s.reason });
  return {
    format: 'nodescope-bundle',
    formatVersion: 1,
    collector: { name: 'nodescope-collect', version: '0.1.0', scriptSha256: '0'.repeat(64) },
    node: b.node,
    collection: { startedAt: b.collectedAt, endedAt: b.collectedAt, options: { profiles: true }, user: 'root', root: null },
    items,
  };
}

/** Writes the bundle to a temporary file and returns its path. */
export async function buildBundle(b: CaseBundle): Promise<string> {
  const stamp = b.collectedAt.replace(/[-:]/g, '').replace(/\.\d+/, '');
  const top = `nodescope-${b.node.hostname}-${stamp}`;
  const pack = tar.pack();
  const entry = (name: string, data: Buffer) =>
    new Promise<void>((resolve, reject) => pack.entry({ name: `${top}/${name}`, size: data.length, mtime: new Date(b.collectedAt) }, data, (e) => (e ? reject(e) : resolve())));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-case-')), `${top}.tar.gz`);
  const done = new Promise<void>((resolve, reject) => {
    const file = fs.createWriteStream(out);
    pack.pipe(zlib.createGzip()).pipe(file);
    file.on('finish', resolve);
    file.on('error', reject);
  });
  await entry('manifest.json', Buffer.from(JSON.stringify(manifestOf(b), null, 2)));
  for (const f of b.files) await entry(f.path, Buffer.from(f.data));
  pack.finalize();
  await done;
  return out;
}
