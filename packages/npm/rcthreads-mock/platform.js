// Which binary to run: the one of the per-platform package npm installed beside this one (only
// the package whose `os` and `cpu` match the machine is installed), or RCTHREADS_MOCK_BINARY.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const BINARY_ENV = 'RCTHREADS_MOCK_BINARY';

/** The per-platform package for `platform`-`arch`, e.g. `@rcthreads/mock-linux-x64`. */
function platformPackage(platform = process.platform, arch = process.arch) {
  return `@rcthreads/mock-${platform}-${arch}`;
}

/** The path of the rcthreads-mock binary; throws an Error that says what to install. */
function binaryPath() {
  const override = process.env[BINARY_ENV];
  if (override) {
    if (!fs.existsSync(override)) {
      throw new Error(`${BINARY_ENV}=${override} does not exist`);
    }
    return override;
  }
  const pkg = platformPackage();
  let dir;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(
      `rcthreads-mock has no binary for ${process.platform}-${process.arch}: the optional dependency ${pkg} ` +
        `is not installed (was npm run with --no-optional or --omit=optional, or is the platform unsupported?). ` +
        `Set ${BINARY_ENV} to a binary built with \`cargo install --path mock-server\` instead.`,
    );
  }
  return path.join(dir, 'bin', process.platform === 'win32' ? 'rcthreads-mock.exe' : 'rcthreads-mock');
}

module.exports = { BINARY_ENV, platformPackage, binaryPath };
