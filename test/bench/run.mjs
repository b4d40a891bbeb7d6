// `npm run bench`: runs every test/bench/*.bench.mjs (each exports run(dir) returning [label, value] rows)
// against the built CLI (dist/), and prints one markdown table per benchmark.
import fs from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;
const dir = path.resolve(here, '..', '..', '.nodescope-bench');
if (!fs.existsSync(path.join(here, '..', '..', 'dist', 'main', 'cli.js'))) {
  console.error('bench: build first (npm run build)');
  process.exit(1);
}
fs.mkdirSync(dir, { recursive: true });
// `npm run bench [NAME] [-- --full]`: NAME runs only the benchmarks whose file starts with it.
const only = process.argv.slice(2).find((a) => !a.startsWith('--'));
// The foundation's ingest first: its workspace answers the UI-search figures, and it is the reference size.
const ORDER = ['ingest', 'shapes', 'scaling', 'profiles', 'compare'];
const rank = (f) => {
  const i = ORDER.indexOf(f.replace('.bench.mjs', ''));
  return i < 0 ? ORDER.length : i;
};
const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs') && (!only || f.startsWith(only)))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
for (const f of files) {
  const { run } = await import(path.join(here, f));
  console.log(`\n## ${f.replace('.bench.mjs', '')}\n`);
  const rows = await run(dir);
  console.log('| measure | value |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
}
