import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Files taken from public repositories live only in the team share, `../shared/fixtures/` beside the
 * repository (see its SOURCES.md), never in the project. Tests read them from there at run time and
 * skip, with one line saying why, when the share is absent (a clone outside the team).
 * NODESCOPE_SHARED points at another copy of the share.
 */
export const sharedRoot: string = process.env.NODESCOPE_SHARED
  ? path.resolve(process.env.NODESCOPE_SHARED)
  : path.resolve(__dirname, '..', '..', '..', 'shared');

export const sharedFixturesDir: string = path.join(sharedRoot, 'fixtures');

/** True when the team share is present. */
export const hasSharedFixtures: boolean = existsSync(path.join(sharedFixturesDir, 'SOURCES.md'));

/** The one-line reason a test that needs the share is skipped without it. */
export const sharedSkipReason = `../shared/fixtures is absent (${sharedFixturesDir}): tests of real third-party data are skipped`;

/** The absolute path of a file of the share, e.g. sharedFixture('kernel/npd-docker_hung.txt'). */
export function sharedFixture(relative: string): string {
  return path.join(sharedFixturesDir, relative);
}

/** The bytes of a file of the share. */
export function readSharedFixture(relative: string): Buffer {
  return readFileSync(sharedFixture(relative));
}

/** The text of a file of the share. */
export function readSharedText(relative: string): string {
  return readFileSync(sharedFixture(relative), 'utf8');
}

/**
 * One member of a tarball of the share, read in memory with the system tar, e.g.
 * readSharedTarMember('peer-bundles/troubleshoot-v0.50-k3d-arm64-support-bundle.tar.gz',
 * 'support-bundle/cluster-resources/pods/kube-system.json').
 */
export function readSharedTarMember(tarball: string, member: string): Buffer {
  return execFileSync('tar', ['-xzOf', sharedFixture(tarball), member], { maxBuffer: 256 * 1024 * 1024 });
}

/** The real k3d support bundle of troubleshoot v0.50 (../shared peer-bundles): one of its files, as text. */
export function k3dBundleText(member: string): string {
  return readSharedTarMember('peer-bundles/troubleshoot-v0.50-k3d-arm64-support-bundle.tar.gz', `support-bundle/${member}`).toString('utf8');
}
