/** Bundle ids are never reused: a link or report naming a deleted bundle's id must not reach another node. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../main/engine/store/migrations';
import { openWorkspace, type Db } from '../../main/engine/store/workspace';
import { tempDir } from './archives';

const dir = tempDir('ids');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function addBundle(db: Db, sha: string): number {
  const info = db
    .prepare(`INSERT INTO bundles (sha256, name, source_path, node, format, ingested_at, size_bytes) VALUES (?, ?, ?, 'n', 'plain', '2026-01-01T00:00:00Z', 1)`)
    .run(sha, sha, sha);
  const id = Number(info.lastInsertRowid);
  db.prepare(`INSERT INTO artifacts (bundle_id, path, kind, bytes, sha256) VALUES (?, 'a.log', 'log', 1, 'x')`).run(id);
  db.prepare(`INSERT INTO facts (bundle_id, key, value) VALUES (?, 'k', 'v')`).run(id);
  return id;
}

describe('bundle ids', () => {
  it('are not reused after the last bundle is deleted', () => {
    const db = openWorkspace(path.join(dir, 'fresh.db'));
    const a = addBundle(db, 'a');
    const b = addBundle(db, 'b');
    db.prepare('DELETE FROM bundles WHERE id = ?').run(b);
    const c = addBundle(db, 'c');
    expect(c).toBeGreaterThan(b);
    db.prepare('DELETE FROM bundles').run();
    expect(addBundle(db, 'd')).toBeGreaterThan(c);
    expect(a).toBe(1);
    db.close();
  });

  it('an older workspace keeps its bundles and their rows through the migration', () => {
    const file = path.join(dir, 'old.db');
    const old = openWorkspace(file, MIGRATIONS.filter((m) => m.version <= 2));
    const a = addBundle(old, 'a');
    const b = addBundle(old, 'b');
    old.close();
    const db = openWorkspace(file);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect((db.prepare('SELECT id FROM bundles ORDER BY id').all() as { id: number }[]).map((r) => r.id)).toEqual([a, b]);
    expect(db.prepare('SELECT count(*) AS n FROM artifacts').get()).toEqual({ n: 2 });
    db.prepare('DELETE FROM bundles WHERE id = ?').run(b);
    // Cascades still hold after the rebuild, and the deleted id is not handed out again.
    expect(db.prepare('SELECT count(*) AS n FROM facts').get()).toEqual({ n: 1 });
    expect(addBundle(db, 'c')).toBe(b + 1);
    db.close();
  });
});
