// `--help`/`-h` on every command and subcommand as a user runs them (`node bin/synapse.js` in a
// fresh directory): usage on stdout, exit 0, and no side effect: `serve --help` starts no server,
// `keys --help` opens no database, nothing is written to the data directory, the cwd or HOME.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { agentCommands } from '../src/cli/agent-commands.js';
import { gatewayCommands } from '../src/cli/commands/gateway-commands.js';

/** The checkout this compiled test belongs to (dist/test/ is two levels down). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'synapse.js');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const sandbox = mkdtempSync(join(tmpdir(), 'synapse-help-'));
const cwd = join(sandbox, 'cwd');
const home = join(sandbox, 'home');
const dataDir = join(sandbox, 'data');
mkdirSync(cwd);
mkdirSync(home);
after(() => rmSync(sandbox, { recursive: true, force: true }));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

function synapse(args: string[]): Promise<Result> {
  const started = Date.now();
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH ?? '', HOME: home, SYNAPSE_DATA_DIR: dataDir, PORT: '1', SYNAPSE_GATEWAY_URL: 'http://127.0.0.1:9' };
    execFile(process.execPath, [BIN, ...args], { cwd, env, timeout: 15_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr, elapsedMs: Date.now() - started });
    });
  });
}

function assertNoSideEffects(what: string): void {
  assert.ok(!existsSync(dataDir), `${what} created the data directory`);
  assert.deepEqual(readdirSync(cwd), [], `${what} wrote to the working directory`);
  assert.deepEqual(readdirSync(home), [], `${what} wrote to HOME`);
}

describe('synapse --help and --version', () => {
  for (const flag of ['--help', '-h', 'help']) {
    test(`synapse ${flag} prints the usage and exits 0`, async () => {
      const result = await synapse([flag]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^usage: synapse <command>/);
      for (const name of ['serve', 'keys create', 'keys revoke ID', 'token', 'hooks install', 'mcp']) assert.ok(result.stdout.includes(name), name);
      assertNoSideEffects(`synapse ${flag}`);
    });
  }

  test('synapse --version prints the package version', async () => {
    for (const flag of ['--version', '-v']) {
      const result = await synapse([flag]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, `synapse ${VERSION}\n`);
    }
  });

  test('serve --help prints its usage at once and starts no server', async () => {
    const result = await synapse(['serve', '--help']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^usage: synapse serve \[--mock\]\n/);
    assert.doesNotMatch(result.stdout + result.stderr, /listening|admin API key/);
    assert.ok(result.elapsedMs < 10_000);
    assertNoSideEffects('serve --help');
  });

  test('keys --help and keys create --help open no database', async () => {
    const group = await synapse(['keys', '--help']);
    assert.equal(group.code, 0, group.stderr);
    assert.match(group.stdout, /^usage: synapse keys <create\|list\|revoke>/);
    const create = await synapse(['keys', 'create', '--help']);
    assert.equal(create.code, 0, create.stderr);
    assert.match(create.stdout, /^usage: synapse keys create/);
    assert.match(create.stdout, /--tenant T/);
    assertNoSideEffects('keys --help');
  });

  test('every command and subcommand answers --help and -h with its usage, exit 0, no side effect', async () => {
    const names = [...gatewayCommands, ...agentCommands].map((c) => c.name);
    assert.ok(names.length >= 25, `${names.length} commands`);
    for (const name of names) {
      for (const flag of ['--help', '-h']) {
        const result = await synapse([...name.split(' '), flag]);
        assert.equal(result.code, 0, `${name} ${flag}: ${result.stderr}`);
        assert.ok(result.stdout.startsWith(`usage: synapse ${name}`), `${name} ${flag}: ${result.stdout.slice(0, 80)}`);
        assert.match(result.stdout, /-h, --help/);
        assert.equal(result.stderr, '', `${name} ${flag} printed to stderr`);
      }
    }
    for (const group of ['keys', 'branch', 'hooks']) {
      const result = await synapse([group, '--help']);
      assert.equal(result.code, 0, `${group}: ${result.stderr}`);
      assert.match(result.stdout, new RegExp(`^usage: synapse ${group} <`));
    }
    const viaHelp = await synapse(['help', 'keys', 'create']);
    assert.match(viaHelp.stdout, /^usage: synapse keys create/);
    assertNoSideEffects('--help on every command');
  });
});
