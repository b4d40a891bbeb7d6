// What the rules add to ingest: the foundation benchmark's bundle (>= 1 GiB of logs, test/bench/generate.mjs)
// ingested by the built CLI, then every rule run on it (diagnoseBundle, as the ingest does). Same
// run(dir) → [label, value] rows shape as test/bench/*.bench.mjs; needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBundle } from '../bench/generate.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const size = Number(process.env.BENCH_BYTES ?? 1.05 * 2 ** 30);

export async function run(dir) {
  const bundle = await generateBundle(dir, size);
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ns-rules-bench-')), 'ws.db');
  const t0 = process.hrtime.bigint();
  const ingest = spawnSync('node', [path.join(root, 'main', 'nodescope.cjs'), 'ingest', bundle, '--json', '--db', db], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ingestSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (ingest.status !== 0) throw new Error(`nodescope ingest failed: ${ingest.stderr}`);
  const id = JSON.parse(ingest.stdout).bundles[0].id;
  // Rules alone, in a fresh process on the ingested workspace: the time the ingest spends in them.
  const script = `const {openWorkspace}=require('./dist/main/engine/store/workspace.js');const {diagnoseBundle,RULES}=require('./dist/main/engine/rules/index.js');
const db=openWorkspace(${JSON.stringify(db)});const t=process.hrtime.bigint();const f=db.transaction(()=>diagnoseBundle(db,${id}))();
console.log(JSON.stringify({seconds:Number(process.hrtime.bigint()-t)/1e9,findings:f.length,rules:RULES.length}));`;
  const rules = spawnSync('node', ['-e', script], { cwd: root, encoding: 'utf8' });
  if (rules.status !== 0) throw new Error(`diagnoseBundle failed: ${rules.stderr}`);
  const r = JSON.parse(rules.stdout.trim().split('\n').at(-1));
  return [
    ['bundle', `${(fs.statSync(bundle).size / 1e6).toFixed(0)} MB gzip`],
    ['nodescope ingest (CLI, whole)', `${ingestSeconds.toFixed(1)} s`],
    [`rules (${r.rules}) on the ingested bundle`, `${(r.seconds * 1000).toFixed(0)} ms = ${((100 * r.seconds) / ingestSeconds).toFixed(2)}% of the ingest`],
    ['findings', String(r.findings)],
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await run(path.join(root, '.nodescope-bench'));
  console.log('| measure | value |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
}
