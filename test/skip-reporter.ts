import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node' with { 'resolution-mode': 'import' };

/**
 * Prints, after vitest's own summary, how many tests were skipped and whether the team share with the
 * third-party fixtures (../shared/fixtures, or NODESCOPE_SHARED) was there: a clone outside the team
 * runs every parser and rule on made-here data and skips the tests of real third-party files.
 */
export default class SkipReporter implements Reporter {
  private root = process.cwd();

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let skipped = 0;
    for (const m of testModules) for (const t of m.children.allTests()) if (t.result().state === 'skipped') skipped++;
    const shared = process.env.NODESCOPE_SHARED ? path.resolve(process.env.NODESCOPE_SHARED) : path.resolve(this.root, '..', 'shared');
    const fixtures = path.join(shared, 'fixtures');
    const present = existsSync(path.join(fixtures, 'SOURCES.md'));
    const count = `${skipped} test${skipped === 1 ? '' : 's'} skipped`;
    const line = present
      ? `${count}; ../shared/fixtures present (${fixtures})${skipped ? ': skipped for other reasons (no Chromium, etcd, root or go tool pprof here)' : ''}`
      : `${count}: ../shared/fixtures absent (${fixtures}), tests of real third-party data skipped; their made-here twins ran`;
    process.stdout.write(`\nnodescope: ${line}\n`);
  }
}
