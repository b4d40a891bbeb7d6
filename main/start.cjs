#!/usr/bin/env node
// `npm start`: the desktop app when Electron's binary is installed, else browser mode (nodescope serve)
// on the demo bundle, printing the URL to open. Electron's binary cannot be downloaded on every machine
// (air-gapped hosts, CI): browser mode is the same UI over the same engine.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
/**
 * The bundle `npm start` opens in browser mode, and the UI tests open (one place): the real collector's
 * output on the demo node that test/demo/make-demo.sh sets up (see test/demo/SOURCES.md).
 */
const DEMO_BUNDLE = path.join(ROOT, 'test', 'demo', 'nodescope-demo-worker-1');
const MAKE_DEMO = path.join(ROOT, 'test', 'demo', 'make-demo.sh');

/** The demo bundle is committed; when it is missing (removed by hand), it is made again (needs root). */
function ensureDemo() {
  if (fs.existsSync(path.join(DEMO_BUNDLE, 'manifest.json'))) return;
  process.stderr.write(`nodescope: ${DEMO_BUNDLE} is missing; making it with ${path.relative(ROOT, MAKE_DEMO)} (root, etcd, iptables)\n`);
  const r = spawnSync('bash', [MAKE_DEMO, DEMO_BUNDLE], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/**
 * The Electron executable, or null. Not require('electron'): in plain Node that downloads the binary
 * when it is missing (and throws offline). Its index.js reads path.txt and checks dist/; so do we.
 */
function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json', { paths: [ROOT] }));
    const relative = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const binary = path.join(dir, 'dist', relative);
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function ensureBuilt() {
  const built = ['dist/main/app/main.js', 'dist/main/cli.js', 'dist/renderer/index.html'].every((f) => fs.existsSync(path.join(ROOT, f)));
  if (built) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function run(command, args) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

function main(argv) {
  ensureBuilt();
  const electron = electronBinary();
  if (electron) return run(electron, [ROOT, ...argv]);
  process.stderr.write('nodescope: no Electron binary here; starting browser mode instead (the same UI in your browser).\n');
  if (!argv.length) ensureDemo();
  const bundles = argv.length ? argv : [DEMO_BUNDLE];
  // The demo gets a fresh workspace of its own each time (its ingest takes a second), never the user's.
  const demoDir = path.join(os.tmpdir(), 'nodescope-demo');
  if (!argv.length) fs.rmSync(demoDir, { recursive: true, force: true });
  const db = argv.length ? [] : ['--db', path.join(demoDir, 'workspace.db')];
  return run(process.execPath, [path.join(ROOT, 'main', 'nodescope.cjs'), 'serve', ...bundles, ...db]);
}

module.exports = { DEMO_BUNDLE, electronBinary };
if (require.main === module) main(process.argv.slice(2));
