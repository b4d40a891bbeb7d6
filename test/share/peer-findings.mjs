// Shares every bundle of ../shared/fixtures/peer-bundles with this checkout's nodescope (one map), ingests
// each copy and compares its findings by rule and count with the original's, and whether each was read
// incomplete. Takes about 4 minutes on 2 cores; peer-bundles.test.ts checks four of them in `npm test`.
//   npm run build:main && node test/share/peer-findings.mjs [WORK_DIR]
// Exits 1 when a copy's findings differ or a bundle could not be shared.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const peers = path.resolve(root, '../shared/fixtures/peer-bundles');
const work = process.argv[2] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-peer-findings-'));
if (!fs.existsSync(peers)) {
  console.log(`skipped: ${peers} is absent`);
  process.exit(0);
}
fs.mkdirSync(work, { recursive: true });
const db = path.join(work, 'ws.db');
const map = path.join(work, 'map.json');

function cli(...args) {
  const r = spawnSync('node', [path.join(root, 'main/nodescope.cjs'), ...args, '--db', db], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`nodescope ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function findingCounts(bundle) {
  const counts = {};
  for (const f of JSON.parse(cli('findings', bundle, '--json'))) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort());
}

let same = 0;
let failed = 0;
const names = fs.readdirSync(peers).filter((n) => /\.(tar\.gz|tar\.xz|zip)$/.test(n)).sort();
for (const name of names) {
  const original = path.join(peers, name);
  const out = path.join(work, `${name.replace(/\.(tar\.gz|tar\.xz|zip)$/, '')}-shared.tar.gz`);
  try {
    const before = JSON.parse(cli('ingest', original, '--json')).bundles[0];
    cli('share', original, '-o', out, '--map', map);
    const after = JSON.parse(cli('ingest', out, '--json')).bundles[0];
    const a = findingCounts(original);
    const b = findingCounts(out);
    const equal = JSON.stringify(a) === JSON.stringify(b);
    if (equal) same++;
    else failed++;
    console.log(`${name}: ${equal ? 'same findings' : 'DIFFERENT findings'} ${JSON.stringify(a)}${equal ? '' : ` -> ${JSON.stringify(b)}`}; incomplete ${before.incomplete} -> ${after.incomplete}`);
  } catch (e) {
    failed++;
    console.log(`${name}: ERROR ${String(e.message).slice(0, 400)}`);
  }
}
console.log(`${same} of ${names.length} shared copies have the original's findings (work: ${work})`);
process.exit(failed ? 1 : 0);
