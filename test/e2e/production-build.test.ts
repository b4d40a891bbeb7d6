import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRenderer, REPO } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const start = require('../../main/start.cjs') as { isDevelopmentBuild: (assets: string) => boolean; newestSource: (dirs: string[]) => number };

// Issue 17, problem 8: `npm start` serves a production build, never a development one left behind.
describe('npm start serves a production build', () => {
  it('tells a React development build from a production one, and sees the newest source', async () => {
    const prod = await buildRenderer();
    expect(start.isDevelopmentBuild(path.join(prod, 'assets'))).toBe(false);
    const dev = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-devbuild-'));
    try {
      const { build } = await import('vite');
      await build({ configFile: path.join(REPO, 'renderer', 'vite.config.mts'), logLevel: 'warn', mode: 'development', define: { 'process.env.NODE_ENV': JSON.stringify('development') }, build: { outDir: dev, emptyOutDir: true, minify: false } });
      expect(start.isDevelopmentBuild(path.join(dev, 'assets'))).toBe(true);
    } finally {
      fs.rmSync(dev, { recursive: true, force: true });
    }
    expect(start.isDevelopmentBuild(path.join(os.tmpdir(), 'no-such-build'))).toBe(true);
    const newest = start.newestSource(['renderer']);
    expect(newest).toBeGreaterThanOrEqual(fs.statSync(path.join(REPO, 'renderer', 'src', 'App.tsx')).mtimeMs);
  });
});
