#!/usr/bin/env node
// The `nodescope` command: runs the compiled CLI (npm install builds it into dist/ via "prepare").
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'dist', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('nodescope: not built yet: run "npm install" (or "npm run build") in ' + path.dirname(__dirname) + '\n');
  process.exit(1);
}
require(cli)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
