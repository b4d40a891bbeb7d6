import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: '..',
    include: ['main/**/*.test.ts', 'shared/**/*.test.ts', 'test/**/*.test.ts', 'renderer/**/*.test.ts', 'collector/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
