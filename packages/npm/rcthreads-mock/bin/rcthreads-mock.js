#!/usr/bin/env node
// `npx rcthreads-mock [options]`: runs the platform's binary with these arguments.
'use strict';

const { spawnSync } = require('node:child_process');
const { binaryPath } = require('../platform');

let binary;
try {
  binary = binaryPath();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
const run = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' });
if (run.error) {
  console.error(`could not start ${binary}: ${run.error.message}`);
  process.exit(1);
}
process.exit(run.status ?? 1);
