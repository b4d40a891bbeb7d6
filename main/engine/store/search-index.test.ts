import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tarball';
import { CRISIS_MERGE } from './search-index';
import { openWorkspace } from './workspace';

describe('the search index file', () => {
  it('takes the current merge limit when a workspace made with an earlier one (64) is opened', () => {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'ws.db');
      const before = openWorkspace(file);
      before.exec("INSERT INTO search.log_fts (log_fts, rank) VALUES ('crisismerge', 64)");
      before.close();
      const after = openWorkspace(file);
      const limit = after.prepare("SELECT v FROM search.log_fts_config WHERE k = 'crisismerge'").pluck().get();
      after.close();
      expect(limit).toBe(CRISIS_MERGE);
    } finally {
      tmp.cleanup();
    }
  });
});
