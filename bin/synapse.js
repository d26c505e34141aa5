#!/usr/bin/env node
// The `synapse` command: runs the compiled CLI in dist/ (built by `npm install` through `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`synapse: not built yet: run \`npm install\` in ${root} (it compiles dist/)\n`);
  process.exit(1);
}
const { runCli } = await import(cli.href);
await runCli(process.argv.slice(2));
