import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { guessKindFromPath } from '../../kinds/guess';
import { CHUNK_BYTES } from '../../store/artifacts';
import { openWorkspace } from '../../store/workspace';
import type { Db } from '../../store/workspace';

/**
 * Test support: puts artifacts into a fresh in-memory workspace the way ingest stores them (bundle row,
 * artifact rows, deflated chunks, facts), so the engine APIs can be tested on real files without the
 * whole ingest pipeline.
 */
export interface TestArtifact {
  path: string;
  kind: string;
  bytes: Buffer;
}

export function memoryWorkspace(): Db {
  return openWorkspace(':memory:');
}

export function addBundle(db: Db, artifacts: TestArtifact[], facts: Record<string, string> = {}): number {
  const sha = crypto.randomBytes(32).toString('hex');
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO bundles (sha256, name, source_path, node, format, ingested_at, size_bytes)
       VALUES (?, ?, ?, ?, 'manifest', ?, 0)`,
    )
    .run(sha, `test-${sha.slice(0, 8)}.tar.gz`, '/nonexistent', facts.hostname ?? 'node', new Date().toISOString());
  const bundleId = Number(lastInsertRowid);
  for (const a of artifacts) addArtifact(db, bundleId, a);
  const fact = db.prepare('INSERT INTO facts (bundle_id, key, value) VALUES (?, ?, ?)');
  for (const [k, v] of Object.entries(facts)) fact.run(bundleId, k, v);
  return bundleId;
}

function addArtifact(db: Db, bundleId: number, a: TestArtifact): void {
  const sha = crypto.createHash('sha256').update(a.bytes).digest('hex');
  const lines = a.bytes.toString('utf8').split('\n').length;
  const { lastInsertRowid } = db
    .prepare('INSERT INTO artifacts (bundle_id, path, kind, bytes, sha256, line_count) VALUES (?, ?, ?, ?, ?, ?)')
    .run(bundleId, a.path, a.kind, a.bytes.length, sha, lines);
  const chunk = db.prepare('INSERT INTO artifact_chunks (artifact_id, seq, data) VALUES (?, ?, ?)');
  for (let seq = 0; seq * CHUNK_BYTES < a.bytes.length || seq === 0; seq++) {
    chunk.run(lastInsertRowid, seq, zlib.deflateRawSync(a.bytes.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES)));
  }
}

/** Every file under `dir`, with its path relative to `dir` and the kind the collector layout gives that path. */
export function artifactsFromTree(dir: string): TestArtifact[] {
  const out: TestArtifact[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else out.push({ path: p, kind: guessKindFromPath(p) ?? 'text', bytes: fs.readFileSync(path.join(dir, p)) });
    }
  };
  walk('');
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export function fixtureDir(area: 'system' | 'processes' | 'k8s', relative = ''): string {
  return path.join(__dirname, '../../../../test/fixtures', area, relative);
}
