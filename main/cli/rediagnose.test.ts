import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodescope } from '../../test/support/cli';
import { tempDir, writeTar } from '../../test/support/tarball';
import { ingestBundle } from '../engine/ingest';
import { RULES_VERSION } from '../engine/rules';
import { openWorkspace } from '../engine/store/workspace';
import type { CommandIo } from './command';
import { rediagnoseProgress } from './progress';

describe('nodescope rediagnose', () => {
  it('re-runs the rules on the bundles an older rule set diagnosed, and says which', async () => {
    const tmp = tempDir('nodescope-rediagnose-');
    try {
      const file = path.join(tmp.dir, 'ws.db');
      const db = openWorkspace(file);
      const bundle = await writeTar(path.join(tmp.dir, 'node.tar.gz'), [
        { name: 'node/dmesg.txt', content: '[  812.123456] nf_conntrack: nf_conntrack: table full, dropping packet\n' },
      ]);
      const { id } = await ingestBundle(db, bundle);
      db.prepare("UPDATE bundles SET rules_version = 'an older rule set' WHERE id = ?").run(id);
      db.close();

      const first = nodescope(['rediagnose', '--db', file, '--json']);
      expect(first.status, first.stderr).toBe(0);
      const redone = JSON.parse(first.stdout) as { version: string; bundles: { id: number; previousVersion: string | null }[] };
      expect(redone.version).toBe(RULES_VERSION);
      expect(redone.bundles.map((b) => [b.id, b.previousVersion])).toEqual([[id, 'an older rule set']]);

      const again = nodescope(['rediagnose', '--db', file]);
      expect(again.stdout).toBe(`every bundle is diagnosed by the current rules (${RULES_VERSION})\n`);
    } finally {
      tmp.cleanup();
    }
  });

  it('counts the bundles on a terminal while other commands wait for their re-diagnosis, and clears the line', () => {
    const drawn: string[] = [];
    const io = (tty: boolean): CommandIo => ({ stdout: () => {}, stderr: (t) => drawn.push(t), stderrIsTty: tty });
    const shown = rediagnoseProgress(io(true));
    shown.update(0, 2);
    shown.update(1, 2);
    shown.done();
    expect(drawn).toEqual([
      '\r\x1b[Kre-diagnosing bundles made by an older rule set: 0/2',
      '\r\x1b[Kre-diagnosing bundles made by an older rule set: 1/2',
      '\r\x1b[K',
    ]);
    drawn.length = 0;
    const piped = rediagnoseProgress(io(false));
    piped.update(0, 2);
    piped.done();
    expect(drawn).toEqual([]);
  });
});
