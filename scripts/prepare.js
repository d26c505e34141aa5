// npm's `prepare` step: builds dist/ with tsc. npm runs it after `npm install` in a clone and
// before `npm pack`, and also for `npm install -g .` / `npm link`, which link the folder WITHOUT
// installing its dependencies: then they are installed here first (that install runs this script
// again, which then finds tsc and builds), so one command works from a fresh clone.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

let installedHere = false;
if (!existsSync(tsc)) {
  const npm = process.env.npm_execpath;
  if (!npm) {
    process.stderr.write(`synapse: dependencies missing: run \`npm install\` in ${root}\n`);
    process.exit(1);
  }
  // The outer command's location settings would make this a global install of the folder again.
  const env = { ...process.env };
  for (const name of ['global', 'location', 'prefix', 'global_prefix', 'local_prefix']) delete env[`npm_config_${name}`];
  process.stdout.write(`synapse: installing the dependencies in ${root} first\n`);
  execFileSync(process.execPath, [npm, 'install', '--no-audit', '--no-fund'], { cwd: root, env, stdio: 'inherit' });
  installedHere = true; // and built, by this script run again inside that install
}
if (!installedHere || !existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) {
  execFileSync(process.execPath, [tsc, '-p', root], { cwd: root, stdio: 'inherit' });
  // The dashboard's static files (ui/README.md), served by the gateway at /dashboard.
  const dashboard = join(root, 'ui', 'build.mjs');
  if (existsSync(dashboard)) execFileSync(process.execPath, [dashboard], { cwd: root, stdio: 'inherit' });
}
