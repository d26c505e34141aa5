// How a start fails, as real processes (`synapse serve` and `npm start`'s dist/src/main.js): one
// line on stderr naming the cause and the setting that fixes it, never a stack trace; and what a
// good start prints: the address, the data directory, and a warning when no provider key is set.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';

/** The checkout this compiled test belongs to (dist/test/e2e/ is three levels down). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'synapse.js');
const MAIN_JS = join(ROOT, 'dist', 'src', 'main.js');

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'synapse-start-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the gateway until it exits, or until `until` matches its stdout (then stops it with SIGTERM). */
function runGateway(script: string[], env: Record<string, string>, until?: RegExp): Promise<Run> {
  return new Promise((resolve) => {
    const cwd = tempDir();
    const child = spawn(process.execPath, script, {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, HOST: '127.0.0.1', PORT: '0', SYNAPSE_DATA_DIR: join(cwd, 'data'), SYNAPSE_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const serve = (env: Record<string, string>, until?: RegExp) => runGateway([BIN, 'serve'], env, until);

function assertOneLine(run: Run, pattern: RegExp): void {
  assert.ok(run.code !== 0 && run.code !== null, `exit code ${run.code}`);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${run.stderr}`);
  assert.match(lines[0]!, /^synapse: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at |Error:/, 'no stack trace');
}

async function listening(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, port: (server.address() as { port: number }).port };
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const { server, port } = await listening();
  await new Promise((done) => server.close(done));
  return port;
}

describe('a failed start is one line with the fix', () => {
  test('port in use: names the port and PORT, for synapse serve and for npm start', async () => {
    const { server, port } = await listening();
    try {
      for (const script of [[BIN, 'serve'], [MAIN_JS]]) {
        const run = await runGateway(script, { PORT: String(port) });
        assertOneLine(run, new RegExp(`port ${port} is already in use.*choose a free port with PORT`));
        assert.equal(run.code, 1);
      }
    } finally {
      server.close();
    }
  });

  test('a bad value names the environment variable that set it', async () => {
    const port = await serve({ PORT: 'abc' });
    assertOneLine(port, /invalid configuration: PORT="abc": .*\(config key port\)/);
    assert.equal(port.code, 2);
    const ttl = await serve({ SYNAPSE_CACHE_TTL_SECS: '-5' });
    assertOneLine(ttl, /SYNAPSE_CACHE_TTL_SECS="-5": .*\(config key cache\.ttlSecs\)/);
    const secret = await serve({ SYNAPSE_JWT_SECRET: 'short-secret' });
    assertOneLine(secret, /SYNAPSE_JWT_SECRET: /);
    assert.doesNotMatch(secret.stderr, /short-secret/, 'a secret is never echoed');
  });

  test('PostgreSQL unreachable: names SYNAPSE_DATABASE_URL, without its password', async () => {
    const port = await closedPort();
    const run = await serve({ SYNAPSE_DATABASE_URL: `postgres://synapse:hunter2@127.0.0.1:${port}/synapse`, SYNAPSE_DATABASE_CONNECT_TIMEOUT_MS: '2000' });
    assertOneLine(run, new RegExp(`cannot reach PostgreSQL at postgres://synapse:\\*\\*\\*@127\\.0\\.0\\.1:${port}/synapse \\(connection refused\\).*SYNAPSE_DATABASE_URL`));
    assert.doesNotMatch(run.stderr, /hunter2/);
    const keys = await runGateway([BIN, 'keys', 'list'], { SYNAPSE_DATABASE_URL: `postgres://synapse@127.0.0.1:${port}/synapse` });
    assertOneLine(keys, /cannot reach PostgreSQL.*SYNAPSE_DATABASE_URL/);
  });

  test('Redis unreachable: names SYNAPSE_REDIS_URL', async () => {
    const port = await closedPort();
    const run = await serve({ SYNAPSE_REDIS_URL: `redis://127.0.0.1:${port}`, SYNAPSE_REDIS_CONNECT_TIMEOUT_MS: '1000' });
    assertOneLine(run, new RegExp(`cannot reach Redis at redis://127\\.0\\.0\\.1:${port} \\(connection refused\\).*SYNAPSE_REDIS_URL`));
  });
});

describe('a good start', () => {
  test('prints the address and the data directory, and warns when no provider key is configured', async () => {
    const run = await serve({}, /listening on .*\n/);
    const line = /^synapse: listening on http:\/\/127\.0\.0\.1:(\d+); data: (\S+) \(SQLite\)$/m.exec(run.stdout);
    assert.ok(line, run.stdout);
    assert.match(line[2]!, /^\/.*\/data$/, 'the data directory as an absolute path');
    assert.match(run.stderr, /^synapse: warning: no upstream provider key is configured .*clients must send their own provider key in x-api-key/m);
  });

  test('no warning when OPENAI_API_KEY or ANTHROPIC_API_KEY is set', async () => {
    const envs: Array<Record<string, string>> = [{ OPENAI_API_KEY: 'sk-test' }, { ANTHROPIC_API_KEY: 'sk-ant-test' }];
    for (const env of envs) {
      const run = await serve(env, /listening on .*\n/);
      assert.match(run.stdout, /listening on/);
      assert.doesNotMatch(run.stderr, /warning/);
    }
  });
});
