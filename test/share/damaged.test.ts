import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../collector/fake-node';
import { cli, members } from './shared-bundle';

/** A plain bundle made by tar and gzip, its log of random lines cut short the way a copy cut off mid-transfer is. */
function truncatedBundle(dir: string): string {
  const root = path.join(dir, 'acme-worker-9');
  fs.mkdirSync(path.join(root, 'logs'), { recursive: true });
  fs.writeFileSync(path.join(root, 'hostname'), 'acme-worker-9\n');
  const lines = Array.from({ length: 40_000 }, (_, i) => `Dec  7 08:00:${String(i % 60).padStart(2, '0')} acme-worker-9 kubelet[1]: ${crypto.randomBytes(24).toString('hex')}`);
  fs.writeFileSync(path.join(root, 'logs', 'kubelet.log'), `${lines.join('\n')}\n`);
  const whole = path.join(dir, 'whole.tar.gz');
  execFileSync('tar', ['-czf', whole, '-C', dir, 'acme-worker-9']);
  const cut = path.join(dir, 'acme-worker-9.tar.gz');
  const bytes = fs.readFileSync(whole);
  fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  return cut;
}

describe('nodescope share of a bundle cut short', () => {
  // A truncated original was shared as if whole: the cut log looked complete in the copy, and
  // neither the copy nor the output said anything was missing.
  it('shares what could be read and says, pseudonymised, that the original was read incomplete', () => {
    const dir = tmpDir('share-cut');
    const db = path.join(dir, 'ws.db');
    const original = truncatedBundle(dir);
    const out = path.join(dir, 'shared.tar.gz');
    const stdout = cli(db, 'share', original, '-o', out, '--map', path.join(dir, 'map.json'));
    expect(stdout).toMatch(/the original was read incomplete: .*kubelet\.log: archive is truncated/);
    const files = members(out);
    const record = JSON.parse(files.get('nodescope-share.json')!) as { originalIncomplete?: { path: string | null; message: string }[] };
    expect(record.originalIncomplete?.[0]?.message).toMatch(/truncated/);
    expect(record.originalIncomplete?.[0]?.path).toMatch(/^node-[0-9a-f]{6}\/logs\/kubelet\.log$/);
    for (const [name, text] of files) expect(`${name}\n${text}`, name).not.toContain('acme-worker-9');
  });
});
