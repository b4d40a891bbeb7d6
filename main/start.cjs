#!/usr/bin/env node
// `npm start`: the desktop app when Electron's binary is installed, else browser mode (nodescope serve)
// on the demo bundle, printing the URL to open. Electron's binary cannot be downloaded on every machine
// (air-gapped hosts, CI): browser mode is the same UI over the same engine.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
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

/** Newest modification time under these folders (sources the build is made from). */
function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|css|html|mts|cjs)$/.test(e.name) && !e.name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) walk(path.join(ROOT, d));
  return newest;
}

/** True when dist/renderer holds a React development build (what a dev server or a test may leave). */
function isDevelopmentBuild(assets = path.join(ROOT, 'dist', 'renderer', 'assets')) {
  try {
    return fs.readdirSync(assets).some((f) => f.endsWith('.js') && /react-dom\.development|jsxDEV\(/.test(fs.readFileSync(path.join(assets, f), 'utf8')));
  } catch {
    return true;
  }
}

/** `npm start` always runs a production build of the current sources: built again when missing, stale or a dev build. */
function ensureBuilt() {
  const outputs = ['dist/main/app/main.js', 'dist/main/cli.js', 'dist/renderer/index.html'].map((f) => path.join(ROOT, f));
  const built = outputs.every((f) => fs.existsSync(f));
  const fresh = built && Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs)) >= newestSource(['main', 'renderer', 'shared']);
  if (fresh && !isDevelopmentBuild()) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
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
  // The user's workspace (NODESCOPE_DB, else the data folder; never wiped): the demo is added to it
  // (instant when it is already there) next to the bundles opened or uploaded before.
  const bundles = argv.length ? argv : [DEMO_BUNDLE];
  return run(process.execPath, [path.join(ROOT, 'main', 'nodescope.cjs'), 'serve', ...bundles]);
}

module.exports = { DEMO_BUNDLE, electronBinary, isDevelopmentBuild, newestSource };
if (require.main === module) main(process.argv.slice(2));
