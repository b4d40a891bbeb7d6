import fs from 'node:fs';
import path from 'node:path';

export const PPROF_FIXTURES = path.resolve(__dirname, '../fixtures/pprof');
export const GOROUTINE_FIXTURES = path.resolve(__dirname, '../fixtures/goroutine');

/** Every real protobuf profile copied into the repo (the legacy pre-protobuf files excluded). */
export const LEGACY_PROFILES = ['google-pprof/go.crc32.cpu', 'google-pprof/gobench.cpu', 'google-pprof/gobench.heap', 'google-pprof/go.godoc.thread'];

export function protobufFixtures(): string[] {
  const out: string[] = [];
  for (const dir of fs.readdirSync(PPROF_FIXTURES).sort()) {
    const full = path.join(PPROF_FIXTURES, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const f of fs.readdirSync(full).sort()) {
      const rel = `${dir}/${f}`;
      if (f.endsWith('.txt') || LEGACY_PROFILES.includes(rel)) continue;
      out.push(rel);
    }
  }
  return out;
}

export function fixture(rel: string): Buffer {
  return fs.readFileSync(path.join(PPROF_FIXTURES, rel));
}
