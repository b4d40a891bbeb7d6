import fs from 'node:fs';
import path from 'node:path';

/**
 * The compiled entry of a worker (`engine-worker.js`, `ingest-worker.js`): beside this module once
 * built (dist/main/engine/workers/), or in dist/ when this module runs from source (tests).
 */
export function workerFile(name: 'engine-worker' | 'ingest-worker'): string {
  const beside = path.join(__dirname, `${name}.js`);
  if (fs.existsSync(beside)) return beside;
  return path.resolve(__dirname, '..', '..', '..', 'dist', 'main', 'engine', 'workers', `${name}.js`);
}
