import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tarball';
import { MIGRATIONS } from './migrations';
import { openWorkspace } from './workspace';

describe('migration 8: a bundle keeps how many kinds were guessed, not their list', () => {
  const tmp = tempDir();
  afterEach(() => tmp.cleanup());

  it('counts the list a schema-7 workspace stored, and drops it', () => {
    const file = path.join(tmp.dir, 'v7.db');
    const v7 = openWorkspace(file, MIGRATIONS.filter((m) => m.version <= 7));
    const guessed = [
      { path: 'var/log/pods/a/app/0.log', kind: 'cri-log' },
      { path: 'var/log/syslog', kind: 'syslog' },
      { path: 'notes.txt', kind: 'text' },
    ];
    v7.prepare(
      `INSERT INTO bundles (sha256, name, source_path, node, format, ingested_at, size_bytes, guessed_json)
       VALUES ('ab', 'node1.tar.gz', '/tmp/node1.tar.gz', 'node1', 'plain', '2026-12-01T00:00:00Z', 1, ?)`,
    ).run(JSON.stringify(guessed));
    v7.close();

    const upgraded = openWorkspace(file);
    try {
      expect(upgraded.prepare('SELECT guessed_count FROM bundles').pluck().get()).toBe(3);
      const columns = upgraded.prepare("SELECT name FROM pragma_table_info('bundles')").pluck().all();
      expect(columns).not.toContain('guessed_json');
    } finally {
      upgraded.close();
    }
  });
});
