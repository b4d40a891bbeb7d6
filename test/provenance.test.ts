/**
 * Files taken from public repositories live only in the team share, never in the project: no file of
 * the repository (`git ls-files`; test/fixtures and the demo bundle when there is no git) may be
 * byte-identical to a third-party file of ../shared/fixtures. The share's etcd-3.4.23 profiles are the
 * exception: they were made on our machines by real software (the share's own check treats
 * /pprof/etcd-3.4.23/ as made here). Empty files are alike everywhere and not compared.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, sharedFixturesDir, sharedSkipReason } from './support/shared-fixtures';

const REPO = path.resolve(__dirname, '..');

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.isFile()) out.push(full);
  }
  return out;
}

/** The files of the project: git's list when this is a checkout, else the fixture and demo folders. */
function projectFiles(): string[] {
  const git = spawnSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' });
  if (git.status === 0 && git.stdout) return git.stdout.split('\0').filter(Boolean).map((f) => path.join(REPO, f));
  return [...walk(path.join(REPO, 'test', 'fixtures')), ...walk(path.join(REPO, 'test', 'demo'))];
}

const sha256 = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Third-party files of the share: all but SOURCES.md and the made-here etcd-3.4.23 profiles. */
const thirdParty = (file: string): boolean => path.basename(file) !== 'SOURCES.md' && !file.split(path.sep).join('/').includes('/pprof/etcd-3.4.23/');

/** The files among `files` that are byte-identical to a third-party file of the share ("file = share path"). */
function copiesOf(files: string[]): string[] {
  // Compared by size first, hashed only where a size matches (the share holds large tarballs).
  const bySize = new Map<number, string[]>();
  for (const f of files) {
    if (!fs.existsSync(f)) continue;
    const size = fs.statSync(f).size;
    if (size === 0) continue;
    bySize.set(size, [...(bySize.get(size) ?? []), f]);
  }
  const copies: string[] = [];
  for (const s of walk(sharedFixturesDir).filter(thirdParty)) {
    const candidates = bySize.get(fs.statSync(s).size);
    if (!candidates) continue;
    const h = sha256(s);
    for (const f of candidates) if (sha256(f) === h) copies.push(`${path.relative(REPO, f)} = ${path.relative(sharedFixturesDir, s)}`);
  }
  return copies;
}

describe.skipIf(!hasSharedFixtures)(`no copy of a third-party file of ../shared in the project${hasSharedFixtures ? '' : ` (${sharedSkipReason})`}`, () => {
  it('git ls-files holds no file byte-identical to one of ../shared/fixtures', () => {
    expect(copiesOf(projectFiles())).toEqual([]);
  });

  it('notices a planted copy, and not a made-here etcd profile of the share', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-provenance-'));
    try {
      const planted = path.join(dir, 'coredns.log');
      fs.copyFileSync(path.join(sharedFixturesDir, 'coredns', 'troubleshoot-k3d-coredns.log'), planted);
      const etcd = path.join(dir, 'heap.pb.gz');
      fs.copyFileSync(path.join(sharedFixturesDir, 'pprof', 'etcd-3.4.23', 'heap.pb.gz'), etcd);
      expect(copiesOf([planted, etcd]).map((c) => c.split(' = ')[1])).toEqual([path.join('coredns', 'troubleshoot-k3d-coredns.log')]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
