#!/usr/bin/env node
// `npm run rebuild:electron`: builds better-sqlite3 for Electron's ABI into build-electron/ (where
// main/engine/store/native.ts looks under Electron), leaving node_modules' Node build for the CLI and
// tests. Needs Electron's headers (internet or a mirror: ELECTRON_MIRROR / npm_config_disturl).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'build-electron');

async function main() {
  const { rebuild } = require('@electron/rebuild');
  const electronVersion = require(path.join(ROOT, 'node_modules', 'electron', 'package.json')).version;
  const source = path.join(ROOT, 'node_modules', 'better-sqlite3');
  const target = path.join(OUT, 'node_modules', 'better-sqlite3');
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(source, target, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
  for (const dep of ['bindings', 'file-uri-to-path']) {
    fs.cpSync(path.join(ROOT, 'node_modules', dep), path.join(OUT, 'node_modules', dep), { recursive: true });
  }
  const version = require(path.join(source, 'package.json')).version;
  fs.writeFileSync(path.join(OUT, 'package.json'), JSON.stringify({ name: 'nodescope-electron-native', private: true, dependencies: { 'better-sqlite3': version } }, null, 2));
  process.stdout.write(`rebuilding better-sqlite3 ${version} for Electron ${electronVersion} in ${OUT}\n`);
  await rebuild({ buildPath: OUT, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  const built = path.join(target, 'build', 'Release', 'better_sqlite3.node');
  if (!fs.existsSync(built)) throw new Error(`no ${built} after the rebuild`);
  process.stdout.write(`done: ${built}\n`);
}

main().catch((e) => {
  process.stderr.write(`rebuild:electron failed: ${e.message}\n`);
  process.exit(1);
});
