import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTar } from '../../test/support/tarball';
import { useTempWorkspace } from '../../test/support/workspace';
import { ingestBundle } from '../engine/ingest';
import type { Db } from '../engine/store/workspace';
import { progressPrinter } from './progress';

let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));

describe('the ingest progress line on a terminal', () => {
  it('is drawn at most every tenth of a second, not once per file of a sosreport\'s thousands of /sys files, and says when the bundle is ready', async () => {
    const files = Array.from({ length: 3000 }, (_, i) => ({ name: `sosreport-node1/sys/devices/virtual/block/loop${i}/size`, content: `${i * 8}\n` }));
    const bundle = await writeTar(path.join(dir, 'sys.tar.gz'), files);
    const drawn: string[] = [];
    const terminal = { stdout: () => {}, stderr: (t: string) => drawn.push(t), stderrIsTty: true };
    const progress = progressPrinter(terminal, 'sys.tar.gz');
    const r = await ingestBundle(db, bundle, { onProgress: progress.update });
    // Once per file, they were 3,001 lines for the terminal to draw.
    expect(drawn.length).toBeLessThan(1000);
    expect(drawn.at(-1)).toContain(`sys.tar.gz: ready as bundle ${r.id}`);
  });
});
