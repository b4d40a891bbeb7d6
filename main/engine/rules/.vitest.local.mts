import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { root: '/work/main', include: ['main/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000, pool: 'forks' } });
