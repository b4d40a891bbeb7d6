// Ingest on every bundle shape, side by side with the floor (`gzip -dc`, `xz -dc` for .xz, `unzip -p` for .zip) and the peer an
// operator would reach for (lnav, on the extracted files): time to findings, time to a full-text search,
// peak RSS. Generated shapes, then real bundles of other tools when ../shared is there.
// Default sizes fit a few minutes on 2 shared cores; `npm run bench shapes -- --full` uses the issue's sizes;
// `-- --shape zip` runs only the shapes whose label holds "zip".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateBundle } from './generate.mjs';
import { generateChurn, generateGiantIptables, generateManyFiles, generateNodeZip, generateRotated, generateSingleLine } from './shapes.mjs';
import { describeSplit } from './thread-time.cjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const full = process.argv.includes('--full') || process.env.BENCH_FULL === '1';
const MiB = 2 ** 20;
/**
 * Runs of each tool on each shape, the fastest kept, for the floor, lnav and nodescope alike: one run
 * of a 0.2 s `gzip -dc` varies by a quarter from one to the next on 2 shared cores. One run at full sizes.
 */
const RUNS = full ? 1 : 3;
/** `--shape WORD`: only the shapes whose label holds WORD (case-insensitive). */
const shapeArg = process.argv.indexOf('--shape');
const shapeWord = shapeArg < 0 ? null : (process.argv[shapeArg + 1] ?? '').toLowerCase();

/** Real bundles made by other tools (../shared/fixtures/peer-bundles, with the team's checkout only). */
const PEER_BUNDLES = path.resolve(root, '..', 'shared', 'fixtures', 'peer-bundles');
const peer = (file) => async () => path.join(PEER_BUNDLES, file);

const SHAPES = [
  ['foundation (journal, pod logs, dmesg)', (dir) => generateBundle(dir, full ? 1.05 * 2 ** 30 : 128 * MiB)],
  ['churning node (thousands of pods)', (dir) => generateChurn(dir, full ? 300 * MiB : 32 * MiB)],
  ['giant iptables-save.txt', (dir) => generateGiantIptables(dir, full ? 450 * MiB : 96 * MiB)],
  ['600 MB single-line JSON (pods list)', (dir) => generateSingleLine(dir, full ? 600 * MiB : 128 * MiB)],
  ['tar of /var/log with rotated .gz logs', (dir) => generateRotated(dir, full ? 300 * MiB : 32 * MiB)],
  [`${full ? '200,000' : '100,000'} small pod logs (no manifest)`, (dir) => generateManyFiles(dir, full ? 200_000 : 100_000)],
  [`a node's zip of ${full ? '100,000' : '20,000'} pod logs`, (dir) => generateNodeZip(dir, full ? 100_000 : 20_000)],
  // The field's own shapes: a sosreport's 18k files (/proc, /sys, command outputs), an OpenShift must-gather,
  // and a Harvester support bundle (short journal and syslog lines: 17k lines a MB, 4k in the generator's).
  ['real: sosreport of a charmed-kubernetes node (hotsos)', peer('sosreport-4.2-ubuntu-charmed-kubernetes-node-hotsos.tar.gz')],
  ['real: OpenShift must-gather (AWS)', peer('openshift-must-gather-4.x-aws.tar.xz')],
  ['real: Harvester support bundle', peer('harvester-support-bundle-kit-sample.tar.gz')],
];

export async function run(dir) {
  const rows = [];
  const table = [];
  for (const [label, make] of SHAPES) {
    if (shapeWord !== null && !label.toLowerCase().includes(shapeWord)) continue;
    const bundle = await make(dir);
    if (!fs.existsSync(bundle)) {
      rows.push([label, `skipped: ${bundle} is absent (../shared is the team's checkout)`]);
      continue;
    }
    process.stderr.write(`shapes: ${label}\n`);
    const decompress = bundle.endsWith('.xz') ? 'xz -dc' : bundle.endsWith('.zip') ? 'unzip -p' : 'gzip -dc';
    const gz = fastest(() => timed('/usr/bin/time', ['-f', 'cpu=%U+%S', 'sh', '-c', `${decompress} '${bundle}' | wc -c`]), (r) => r.seconds);
    const mb = Number(gz.stdout.trim()) / 1e6;
    const gzCpu = cpuOf(gz.stderr);
    // Extracted once for lnav and the floor inside: 100,000 files take a minute of sys time to write and remove.
    const extracted = extract(dir, bundle);
    const inside = extracted ? insideFloor(dir, extracted) : { files: 0, seconds: 0, bytes: 0 };
    const lnav = extracted ? fastest(() => runLnav(dir, extracted), (r) => r.seconds ?? Infinity) : { error: 'extract failed' };
    if (extracted) fs.rmSync(extracted, { recursive: true, force: true });
    const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    const ticks = cpuTicks();
    const ns = fastest(() => ingestAndSearch(dir, bundle), (r) => r.findingsSeconds ?? Infinity);
    const steal = stealShare(ticks, cpuTicks());
    const allFloor = gz.seconds + inside.seconds;
    const x = (s) => `${(s / gz.seconds).toFixed(1)}x${inside.files ? `, ${(s / allFloor).toFixed(1)}x all decompression` : ''}`;
    const xc = (s) => `${(s / gzCpu).toFixed(1)}x`;
    table.push([
      label,
      `${mb.toFixed(0)} MB`,
      `${gz.seconds.toFixed(1)} s (cpu ${gzCpu.toFixed(1)} s)${decompress === 'gzip -dc' ? '' : ` (${decompress})`}`,
      inside.files ? `${inside.files} files, ${(inside.bytes / 1e6).toFixed(0)} MB, ${inside.seconds.toFixed(2)} s` : 'none',
      lnav.error ?? `${lnav.seconds.toFixed(1)} s (${x(lnav.seconds)}; cpu ${lnav.cpu.toFixed(1)} s = ${xc(lnav.cpu)}), ${lnav.rows} rows, ${lnav.rssMb} MB`,
      ns.error ?? `${ns.findingsSeconds.toFixed(1)} s (${x(ns.findingsSeconds)}; cpu ${ns.cpu.toFixed(1)} s = ${xc(ns.cpu)})`,
      ns.error ? '-' : `${ns.searchSeconds.toFixed(1)} s (${x(ns.searchSeconds)})`,
      ns.error ? '-' : `${ns.doneSeconds.toFixed(1)} s (${x(ns.doneSeconds)})`,
      ns.error ? '-' : describeSplit(ns.thread),
      ns.error ? '-' : `${ns.rssMb} MB`,
      ns.error ? '-' : `${ns.findings} findings, ${ns.errors} errors${ns.errorText ? `: ${ns.errorText}` : ''}`,
      load,
      steal,
    ]);
  }
  console.log(`load average at the end: ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (2 cores shared: wall times include the neighbours; cpu = user + sys of the tool alone)\n`);
  console.log('| shape | uncompressed | gzip -dc, xz -dc or unzip -p (floor) | compressed inside (archives and files nodescope opens, by their own tools) | lnav -r (time, x floor, rows, peak RSS) | nodescope to findings | nodescope to search | nodescope done (template counts stored) | nodescope\'s ingest thread until findings: on a core / waiting for a core / waiting for other work | nodescope peak RSS | result | load before | steal during nodescope\'s runs |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of table) console.log(`| ${r.join(' | ')} |`);
  rows.push(['sizes', full ? 'full (--full)' : 'small (default; --full for the issue sizes)']);
  rows.push(['runs', `${RUNS} of each tool on each shape, the fastest kept (nodescope: by time to findings)`]);
  return rows;
}

/** What decompresses each packing inside a bundle, to standard output. */
const DECODERS = { gzip: 'gzip -dc', xz: 'xz -dc', bzip2: 'bzip2 -dc', zstd: 'zstd -dc', zip: 'unzip -p' };
const PACKED_NAME = /\.(?:tar\.(?:gz|xz|bz2|zst)|tgz|txz|tbz2?|tzst|zip|gz|xz|bz2|zst)$/i;

function packingOfHead(head) {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.toString('latin1', 0, 3) === 'BZh') return 'bzip2';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  return null;
}

/**
 * The rest of the floor: archives and compressed files inside the bundle (a node's zip, rotated logs),
 * which nodescope decompresses too, each by its own tool (extraction not counted). The fastest of RUNS.
 */
function insideFloor(dir, out) {
  const byPacking = new Map();
  for (const file of regularFiles(out)) {
    if (!PACKED_NAME.test(file)) continue;
    const fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(8);
    fs.readSync(fd, head, 0, 8, 0);
    fs.closeSync(fd);
    const packing = packingOfHead(head);
    if (packing) byPacking.set(packing, [...(byPacking.get(packing) ?? []), file]);
  }
  // One process per tool for all its files (thousands of rotated logs are not thousands of starts);
  // unzip takes one archive at a time.
  const commands = [...byPacking].map(([packing, files]) => {
    const list = path.join(dir, `inside-${packing}.list`);
    fs.writeFileSync(list, files.join('\0'));
    return packing === 'zip' ? `xargs -0 -n 1 ${DECODERS.zip} < '${list}'` : `xargs -0 ${DECODERS[packing]} < '${list}'`;
  });
  const files = [...byPacking.values()].reduce((n, f) => n + f.length, 0);
  let best = { files: 0, seconds: 0, bytes: 0 };
  if (files) {
    const script = path.join(dir, 'inside-floor.sh');
    fs.writeFileSync(script, `{ ${commands.join('; ')}; } 2>/dev/null | wc -c\n`);
    const r = fastest(() => timed('sh', [script]), (t) => t.seconds);
    best = { files, seconds: r.seconds, bytes: Number(r.stdout.trim()) };
  }
  return best;
}

/** Regular files under `dir`, symbolic links not followed (Node 20's recursive readdir follows them, and sos trees loop). */
function* regularFiles(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* regularFiles(p);
    else if (e.isFile()) yield p;
  }
}

/** The bundle's files in a folder of their own, or null when tar cannot extract them. */
function extract(dir, bundle) {
  const out = path.join(dir, 'extracted');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const unpacked = bundle.endsWith('.zip') ? spawnSync('unzip', ['-q', bundle, '-d', out]) : spawnSync('tar', ['-xf', bundle, '-C', out]);
  if (unpacked.status === 0) {
    pruneHiddenOnly(out);
    return out;
  }
  fs.rmSync(out, { recursive: true, force: true });
  return null;
}

/**
 * Removes the folders with no visible entry, deepest first (true when `dir` went): lnav -r expands each
 * to `DIR/*`, cannot open that, and stops (a sosreport's empty folders, a Harvester bundle's pod folders
 * without logs, a `.placeholder` alone). They hold no log lnav would read.
 */
function pruneHiddenOnly(dir) {
  let visible = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && pruneHiddenOnly(path.join(dir, e.name))) continue;
    if (!e.name.startsWith('.')) visible++;
  }
  if (visible > 0) return false;
  fs.rmSync(dir, { recursive: true, force: true });
  return true;
}

/** lnav indexes the extracted files (extraction not counted), as an operator would open them. */
function runLnav(dir, out) {
  const home = path.join(dir, 'lnav-home');
  fs.mkdirSync(home, { recursive: true });
  const r = timed('/usr/bin/time', ['-f', 'maxrss=%M cpu=%U+%S', 'lnav', '-r', '-n', '-c', ';SELECT count(*) FROM all_logs', out], { HOME: home }, 600_000);
  const rss = /maxrss=(\d+)/.exec(r.stderr);
  if (r.status !== 0) {
    // e.g. a file it cannot read: the row says so.
    const why = /error: (.*)/.exec(r.stderr)?.[1]?.replace(out, '') ?? '';
    return { error: `lnav exit ${r.status}${r.signal ? ` (${r.signal})` : ''}${why ? `: ${why.slice(0, 80)}` : ''}` };
  }
  const rows = /^\s*(\d+)\s*$/m.exec(r.stdout)?.[1] ?? '?';
  return { seconds: r.seconds, cpu: cpuOf(r.stderr), rows, rssMb: rss ? (Number(rss[1]) / 1024).toFixed(0) : '?' };
}

/** The machine's CPU ticks since boot, all and stolen by the hypervisor (/proc/stat's first line); null off Linux. */
function cpuTicks() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    return { all: f.reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
  } catch {
    return null;
  }
}

/**
 * The share of CPU time the hypervisor took between two readings: on this VM it comes in bursts that
 * slow every thread alike, so a run's ratios are read against it.
 */
function stealShare(a, b) {
  if (!a || !b || b.all === a.all) return '-';
  return `${((100 * (b.steal - a.steal)) / (b.all - a.all)).toFixed(1)}%`;
}

function cpuOf(timeOutput) {
  const m = /cpu=([\d.]+)\+([\d.]+)/.exec(timeOutput);
  return m ? Number(m[1]) + Number(m[2]) : NaN;
}

/** Ingest through the CLI's code, in a fresh process (ingest-child.cjs says what each time means). */
function ingestAndSearch(dir, bundle) {
  const db = path.join(dir, 'shapes-bench.db');
  for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}-search`, `${db}-search-wal`, `${db}-search-shm`]) fs.rmSync(f, { force: true });
  const r = spawnSync('node', [path.join(import.meta.dirname, 'ingest-child.cjs'), bundle, db, 'failed'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 1_800_000 });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  let stats;
  try {
    stats = JSON.parse(last);
  } catch {
    return { error: `failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''}): ${last.slice(0, 160)}` };
  }
  if (stats.code !== 0) return { error: `ingest exit ${stats.code}: ${r.stderr.split('\n').find((l) => l.trim())?.slice(0, 160)}` };
  return {
    findingsSeconds: stats.findingsMs / 1000,
    searchSeconds: stats.searchMs / 1000,
    doneSeconds: stats.doneMs / 1000,
    rssMb: (stats.maxRssKb / 1024).toFixed(0),
    cpu: stats.cpuSeconds,
    thread: stats.threadAtFindings,
    findings: stats.findings,
    errors: stats.errors.length,
    errorText: stats.errors.map((e) => `${e.path}: ${e.message}`).join('; ').slice(0, 200),
  };
}

/** The fastest of RUNS runs (a failed run counts as slowest). */
function fastest(run, seconds) {
  let best = null;
  for (let i = 0; i < RUNS; i++) {
    const r = run();
    if (!best || seconds(r) < seconds(best)) best = r;
  }
  return best;
}

function timed(cmd, args, env = {}, timeout = 600_000) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env }, timeout });
  return { ...r, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}
