/**
 * Real third-party bundles of the team share (../shared/fixtures/peer-bundles), unpacked when the
 * ingest cannot read their packing (zip, tar.xz) with the system's own tools, then ingested as they are.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasSharedFixtures, sharedFixture, sharedSkipReason } from '../support/shared-fixtures';

export const PEER_DIR = 'peer-bundles';

/** The bundles of the share, by file name; empty when the share is absent. */
export function peerBundleNames(): string[] {
  if (!hasSharedFixtures) return [];
  const dir = sharedFixture(PEER_DIR);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(?:tar\.gz|tgz|tar\.xz|zip|tar)$/.test(f)).sort() : [];
}

/** A path the ingest reads (the archive itself, or a folder it was unpacked into), or why not. */
export function peerBundleInput(name: string, tmp: string): { path: string } | { skip: string } {
  if (!hasSharedFixtures) return { skip: sharedSkipReason };
  const file = sharedFixture(path.join(PEER_DIR, name));
  if (!fs.existsSync(file)) return { skip: `${file} is absent` };
  if (/\.(?:tar\.gz|tgz|tar)$/.test(name)) return { path: file };
  const out = fs.mkdtempSync(path.join(tmp, 'peer-'));
  const run = name.endsWith('.zip') ? spawnSync('unzip', ['-q', file, '-d', out]) : spawnSync('tar', ['-xJf', file, '-C', out]);
  if (run.status !== 0) return { skip: `could not unpack ${name}: ${(run.stderr ?? '').toString().trim() || `exit ${run.status}`}` };
  return { path: out };
}

export function evalTmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-eval-'));
}
