import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tarball';
import { CRISIS_MERGE, HASH_SIZE } from './search-index';
import { openWorkspace } from './workspace';

describe('the search index file', () => {
  it('takes the current merge limit and memory when a workspace made with earlier ones (64 segments, 8 MiB) is opened', () => {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'ws.db');
      const before = openWorkspace(file);
      before.exec("INSERT INTO search.log_fts (log_fts, rank) VALUES ('crisismerge', 64)");
      before.exec(`INSERT INTO search.log_fts (log_fts, rank) VALUES ('hashsize', ${8 * 2 ** 20})`);
      before.close();
      const after = openWorkspace(file);
      const setting = (k: string) => after.prepare('SELECT v FROM search.log_fts_config WHERE k = ?').pluck().get(k);
      const settings = [setting('crisismerge'), setting('hashsize')];
      after.close();
      expect(settings).toEqual([CRISIS_MERGE, HASH_SIZE]);
    } finally {
      tmp.cleanup();
    }
  });
});
