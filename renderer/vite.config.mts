import path from 'node:path';
import { defineConfig } from 'vite';

// The renderer is one static bundle loaded by Electron (app:// protocol) and by browser mode (nodescope serve).
// No inline script or style ends up in the output, so both can send a CSP without 'unsafe-inline'.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  oxc: { jsx: { runtime: 'automatic', development: false } },
  build: {
    outDir: path.resolve(import.meta.dirname, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
});
