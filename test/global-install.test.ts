// `synapse` installed globally from a clone (`npm install -g .`): npm links <prefix>/bin/synapse to
// bin/synapse.js, which must find its compiled dist/ through the link and say how to build it when
// missing; `npm pack` ships what the bin needs. SYNAPSE_TEST_GLOBAL_INSTALL=1 also runs the real
// install from a copy of the checkout into a temporary prefix (minutes: it compiles better-sqlite3).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';

/** The checkout this compiled test belongs to (dist/test/ is two levels down). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sandbox = mkdtempSync(join(tmpdir(), 'synapse-install-'));
/** Node for the bin's `#!/usr/bin/env node`, and the system tools; no synapse. */
const PATH = `${dirname(process.execPath)}:/usr/bin:/bin`;
after(() => rmSync(sandbox, { recursive: true, force: true }));

function run(file: string, args: string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = options.env ?? { PATH, HOME: sandbox };
    execFile(file, args, { cwd: options.cwd ?? sandbox, env, timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe('synapse as a global command', () => {
  test('a bin link as npm makes it, outside the checkout and with no synapse on the PATH, runs the CLI', async () => {
    const bin = join(sandbox, 'prefix', 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(join(ROOT, 'bin', 'synapse.js'), join(bin, 'synapse'));
    const version = await run(join(bin, 'synapse'), ['--version']);
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, /^synapse \d+\.\d+\.\d+\n$/);
    const help = await run(join(bin, 'synapse'), ['hooks', 'install', '--help']);
    assert.match(help.stdout, /--command CMD/);
  });

  test('a bin without its compiled dist/ says how to build it, in one line', async () => {
    const copy = join(sandbox, 'unbuilt');
    cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
    const result = await run(process.execPath, [join(copy, 'bin', 'synapse.js'), '--version']);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `synapse: not built yet: run \`npm install\` in ${copy}/ (it compiles dist/)\n`);
  });

  test('npm pack ships the bin, the compiled sources, the built dashboard and the prepare script', async () => {
    const packed = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: sandbox } });
    assert.equal(packed.code, 0, packed.stderr);
    const files = (JSON.parse(packed.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    for (const path of ['bin/synapse.js', 'dist/src/cli/main.js', 'dist/src/sdk/index.js', 'dist/src/main.js', 'dist/dashboard/index.html', 'scripts/prepare.js', 'README.md']) {
      assert.ok(files.includes(path), `${path} is packed`);
    }
    assert.ok(!files.some((path) => path.startsWith('dist/test/') || path.startsWith('test/')), 'no tests in the package');
    assert.ok(files.some((path) => /^dist\/dashboard\/assets\/main-\w+\.js$/.test(path)), 'the dashboard script is packed');
  });

  test('npm install -g . from a fresh copy of the checkout gives a working synapse', { skip: process.env.SYNAPSE_TEST_GLOBAL_INSTALL !== '1' && 'set SYNAPSE_TEST_GLOBAL_INSTALL=1 (takes minutes)' }, async () => {
    const clone = join(sandbox, 'clone');
    const prefix = join(sandbox, 'global');
    cpSync(ROOT, clone, { recursive: true, filter: (source) => !/\/(node_modules|dist|\.git)$/.test(source) });
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? sandbox };
    const install = await run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '.'], { cwd: clone, env, timeoutMs: 15 * 60_000 });
    assert.equal(install.code, 0, install.stderr);
    const version = await run(join(prefix, 'bin', 'synapse'), ['--version'], { env: { PATH, HOME: sandbox } });
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, /^synapse \d+\.\d+\.\d+\n$/);
  });
});
