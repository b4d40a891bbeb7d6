import fs from 'node:fs';
import path from 'node:path';
import { PROCESS_FILES } from '../../../shared/api/processes';
import type { PidFiles } from './table';

const DIR = path.join(__dirname, '../../../test/fixtures/processes');

export function processFixture(relative: string): string {
  return fs.readFileSync(path.join(DIR, relative), 'utf8');
}

/** The per-pid files of a captured node tree (test/fixtures/processes/<tree>/proc/<pid>/...), by pid. */
export function capturedPids(tree: string): Map<number, PidFiles> {
  const out = new Map<number, PidFiles>();
  const proc = path.join(DIR, tree, 'proc');
  for (const pid of fs.readdirSync(proc)) {
    const files: PidFiles = {};
    for (const f of PROCESS_FILES) {
      const p = path.join(proc, pid, f);
      if (fs.existsSync(p)) files[f] = fs.readFileSync(p, 'utf8');
    }
    out.set(Number(pid), files);
  }
  return out;
}
