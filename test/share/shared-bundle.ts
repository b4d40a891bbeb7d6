import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Profile } from 'pprof-format';
import { expect } from 'vitest';
import { tmpDir } from '../collector/fake-node';

const CLI = path.resolve(__dirname, '../../main/nodescope.cjs');

export function cli(db: string, ...args: string[]): string {
  const r = spawnSync('node', [CLI, ...args, '--db', db], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`nodescope ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Every member of a tarball as text: .gz members gunzipped, profiles as their string tables. */
export function members(tarball: string): Map<string, string> {
  const dir = tmpDir('share-x');
  const x = spawnSync('tar', ['-xzf', tarball, '-C', dir]);
  expect(x.status).toBe(0);
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else {
        let data = fs.readFileSync(path.join(dir, p));
        if (data[0] === 0x1f && data[1] === 0x8b) data = zlib.gunzipSync(data);
        out.set(p, p.includes('pprof/') && p.endsWith('.pb.gz') ? Profile.decode(data).stringTable.strings.join('\n') : data.toString('utf8'));
      }
    }
  };
  walk('');
  return out;
}

/** The bundle's findings as rule → how many. */
export function findingCounts(db: string, bundle: string): Record<string, number> {
  const findings = JSON.parse(cli(db, 'findings', bundle, '--json')) as { rule: string }[];
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  return counts;
}
