import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTar } from '../../../test/support/tarball';
import type { Db } from '../store/workspace';
import { ingestBundle, UnreadableInputError } from './index';
import { useTempWorkspace } from '../../../test/support/workspace';

let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));

async function refusal(bundle: string): Promise<UnreadableInputError> {
  const e = await ingestBundle(db, bundle).then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(UnreadableInputError);
  return e as UnreadableInputError;
}

describe('a bundle none of whose files can be read (exit 3) says which and why, not "the archive holds no files"', () => {
  it('a node zip inside it that cannot be opened', async () => {
    const notAZip = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 0x41)]);
    const e = await refusal(await writeTar(path.join(dir, 'cluster.tar.gz'), [{ name: 'cluster/nodes/node1.zip', content: notAZip }]));
    expect(e.problem).toMatch(/cluster\/nodes\/node1\.zip: archive inside the bundle could not be read/);
  });

  it('entries that are all refused', async () => {
    const e = await refusal(
      await writeTar(path.join(dir, 'devs.tar.gz'), [
        { name: 'n/dev/sda', type: 'block-device' },
        { name: 'n/dev/null', type: 'character-device' },
      ]),
    );
    expect(e.problem).toBe('no file in it could be read: n/dev/sda: device file refused (and 1 more problem)');
  });
});
