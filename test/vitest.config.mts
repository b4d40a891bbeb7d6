import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['main/**/*.test.ts', 'shared/**/*.test.ts', 'test/**/*.test.ts', 'renderer/**/*.test.ts', 'collector/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // UI tests poll what Chromium draws; on a loaded 2-core machine a redraw can take seconds (not a timing assertion).
    expect: { poll: { timeout: 15_000, interval: 100 } },
    globalSetup: ['test/global-setup.ts'],
    // vitest's summary, then one line with the count of skipped tests and whether ../shared was there.
    reporters: ['default', './test/skip-reporter.ts'],
  },
});
