import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../collector/fake-node';
import { plantedBundle } from './planted';
import { cli, members } from './shared-bundle';

interface Ingested {
  bundles: { incomplete: boolean; errors: { path: string | null; message: string }[] }[];
}

/** A collector bundle from which a file it lists was deleted after collection (an operator trimming it by hand), packed again by tar. */
async function bundleMissingAFile(dir: string): Promise<string> {
  const x = path.join(dir, 'x');
  fs.mkdirSync(x);
  execFileSync('tar', ['-xzf', await plantedBundle('acme-worker-5'), '-C', x]);
  const top = fs.readdirSync(x)[0]!;
  fs.rmSync(path.join(x, top, 'k8s', 'pods.json'));
  const out = path.join(dir, `${top}.tar.gz`);
  execFileSync('tar', ['-czf', out, '-C', x, top]);
  return out;
}

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

  // The copy said in its record that its original was cut, yet `nodescope ingest` of the copy reported
  // no error and the app showed it whole: the cut kubelet.log looked complete.
  it('ingests as incomplete, naming the problems of the original its record lists', () => {
    const dir = tmpDir('share-cut-ingest');
    const db = path.join(dir, 'ws.db');
    const out = path.join(dir, 'shared.tar.gz');
    cli(db, 'share', truncatedBundle(dir), '-o', out, '--map', path.join(dir, 'map.json'));
    const copy = (JSON.parse(cli(db, 'ingest', out, '--json')) as Ingested).bundles[0]!;
    expect(copy.incomplete).toBe(true);
    expect(copy.errors).toContainEqual({ path: expect.stringMatching(/^node-[0-9a-f]{6}\/logs\/kubelet\.log$/), message: expect.stringMatching(/^the original of this shared copy was read incomplete: .*truncated/) });
  });

  it('ingests a collector bundle\'s copy as incomplete when the original lacked a file its manifest lists', async () => {
    const dir = tmpDir('share-missing-ingest');
    const db = path.join(dir, 'ws.db');
    const original = (JSON.parse(cli(db, 'ingest', await bundleMissingAFile(dir), '--json')) as Ingested).bundles[0]!;
    expect(original.errors).toContainEqual({ path: 'k8s/pods.json', message: 'listed in manifest.json but not in the archive' });
    const out = path.join(dir, 'shared.tar.gz');
    cli(db, 'share', '1', '-o', out, '--map', path.join(dir, 'map.json'));
    const copy = (JSON.parse(cli(db, 'ingest', out, '--json')) as Ingested).bundles[0]!;
    expect(copy.incomplete).toBe(true);
    expect(copy.errors).toEqual([{ path: 'k8s/pods.json', message: 'the original of this shared copy was read incomplete: listed in manifest.json but not in the archive' }]);
  }, 120_000);
});
