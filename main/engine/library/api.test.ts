import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTar } from '../../../test/support/tarball';
import { useTempWorkspace } from '../../../test/support/workspace';
import { ingestBundle } from '../ingest';
import { diagnoseBundle } from '../rules';
import type { Db } from '../store/workspace';
import { bundlesApi } from './api';

describe('a bundle diagnosed by an older rule set (nodescope upgraded since)', () => {
  let db: Db;
  let dir: string;
  useTempWorkspace((ws) => ({ db, dir } = ws));

  it('says so in the bundle list and its detail, until it is diagnosed again', async () => {
    const file = await writeTar(path.join(dir, 'node.tar.gz'), [
      { name: 'node/dmesg.txt', content: '[  812.123456] nf_conntrack: nf_conntrack: table full, dropping packet\n' },
    ]);
    const { id } = await ingestBundle(db, file);
    const api = bundlesApi(db);
    expect((await api.listBundles())[0].findingsFromOlderRules).toBe(false);

    db.prepare("UPDATE bundles SET rules_version = 'an older rule set' WHERE id = ?").run(id);
    expect((await api.listBundles())[0].findingsFromOlderRules).toBe(true);
    expect((await api.getBundle(id)).findingsFromOlderRules).toBe(true);

    db.transaction(() => diagnoseBundle(db, id))();
    expect((await api.listBundles())[0].findingsFromOlderRules).toBe(false);
    expect((await api.getBundle(id)).findingsFromOlderRules).toBe(false);
  });
});
