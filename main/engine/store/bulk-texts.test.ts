import { describe, expect, it } from 'vitest';
import { workspaceWith } from '../../../test/cases/harness';
import { bulkTextsOfKind, CHUNK_BYTES } from './artifacts';

describe('the per-process files of a bundle, read with one query', () => {
  it('gives each file whole and in artifact order, a file of several chunks too, and leaves out one past its cap', () => {
    // A command line may take up to ARG_MAX: more than one chunk.
    const big = `/usr/bin/java\0${'-Dx=y\0'.repeat(CHUNK_BYTES / 6 + 100)}`;
    const tooBig = `Name:\tleak\n${'VmRSS:\t1 kB\n'.repeat((2 * 1024 * 1024) / 12)}`;
    const { db, bundleId } = workspaceWith({
      files: [
        { path: 'proc/1/status', kind: 'proc-pid-status', data: 'Name:\tsystemd\n' },
        { path: 'proc/2/status', kind: 'proc-pid-status', data: 'Name:\tjava\n' },
        { path: 'proc/2/cmdline', kind: 'proc-pid-cmdline', data: big },
        { path: 'proc/3/status', kind: 'proc-pid-status', data: tooBig },
        { path: 'proc/4/status', kind: 'proc-pid-status', data: 'Name:\tkubelet\n' },
      ],
    });
    const texts = bulkTextsOfKind(db, bundleId, ['proc-pid-status', 'proc-pid-cmdline']);
    expect(texts.map((t) => t.path)).toEqual(['proc/1/status', 'proc/2/status', 'proc/2/cmdline', 'proc/4/status']);
    expect(texts[2]?.text).toBe(big);
    expect(texts[3]?.text).toBe('Name:\tkubelet\n');
  });
});
