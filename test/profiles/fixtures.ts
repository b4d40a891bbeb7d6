import fs from 'node:fs';
import path from 'node:path';
import { hasSharedFixtures, sharedFixture } from '../support/shared-fixtures';

export const PPROF_FIXTURES = path.resolve(__dirname, '../fixtures/pprof');
export const GOROUTINE_FIXTURES = path.resolve(__dirname, '../fixtures/goroutine');
/** The third-party profiles of the team share (google/pprof and parca test data), when present. */
export const SHARED_PPROF = sharedFixture('pprof');

/** The legacy (pre-protobuf) profiles of google/pprof in ../shared. */
export const LEGACY_PROFILES = ['google-pprof/go.crc32.cpu', 'google-pprof/gobench.cpu', 'google-pprof/gobench.heap', 'google-pprof/go.godoc.thread'];

/** The path of a profile fixture: made here (test/fixtures/pprof), else of ../shared/fixtures/pprof. */
export function fixturePath(rel: string): string {
  const local = path.join(PPROF_FIXTURES, rel);
  return fs.existsSync(local) ? local : path.join(SHARED_PPROF, rel);
}

/** Every real protobuf profile: the ones made here, and those of ../shared when present (legacy files excluded). */
export function protobufFixtures(): string[] {
  const out: string[] = [];
  const roots = hasSharedFixtures ? [PPROF_FIXTURES, SHARED_PPROF] : [PPROF_FIXTURES];
  for (const root of roots) {
    for (const dir of fs.readdirSync(root).sort()) {
      const full = path.join(root, dir);
      if (!fs.statSync(full).isDirectory()) continue;
      for (const f of fs.readdirSync(full).sort()) {
        const rel = `${dir}/${f}`;
        if (f.endsWith('.txt') || f === 'SOURCES.md' || LEGACY_PROFILES.includes(rel) || out.includes(rel)) continue;
        out.push(rel);
      }
    }
  }
  return out;
}

export function fixture(rel: string): Buffer {
  return fs.readFileSync(fixturePath(rel));
}
