import fs from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 is a native module: the build npm made is for Node's ABI (CLI, tests, browser mode).
 * Electron has its own ABI, so `npm run rebuild:electron` (run by electron-builder at packaging time
 * too) builds a second copy into build-electron/. Under Electron we load that one; under Node, the
 * default. Returns undefined to mean "the package's own build".
 */
export function nativeBindingPath(
  versions: NodeJS.ProcessVersions = process.versions,
  exists: (p: string) => boolean = fs.existsSync,
  repoRoot: string = path.resolve(__dirname, '..', '..', '..', '..'),
): string | undefined {
  if (!versions.electron) return undefined;
  const candidates = [
    path.join(repoRoot, 'build-electron', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
    // electron-builder rebuilds in place and unpacks it from the asar archive.
    path.join(repoRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node').replace(
      `app.asar${path.sep}`,
      `app.asar.unpacked${path.sep}`,
    ),
  ];
  const found = candidates.find(exists);
  if (!found) {
    throw new Error(
      `better-sqlite3 has no build for Electron ${versions.electron}: run "npm run rebuild:electron" (needs Electron's headers)`,
    );
  }
  return found;
}
