#!/usr/bin/env node
// The `qc-mcp` command (package.json bin): runs the bundled local entry point, building it first
// when it is missing (a fresh clone). `npm start` always rebuilds, then runs this.
'use strict';
const { existsSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const bundle = join(root, 'dist', 'local', 'qc-mcp.js');
if (!existsSync(bundle)) {
  // stdout belongs to the MCP protocol in --stdio mode: the build reports on stderr.
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 2, 2] });
}
require(bundle)
  .main(process.argv.slice(2))
  .catch((error) => {
    process.stderr.write(`qc-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
