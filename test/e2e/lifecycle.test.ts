// Runs the gateway the way a user does (`node dist/src/main.js` as a child process) and checks
// what only a real process shows: the first-start admin key, bootstrap keys, ops endpoints,
// SIGTERM draining, durable data across restarts, secret-free logs and config loading.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { eventually } from '../helpers/eventually.js';

/** The checkout this compiled test belongs to (dist/test/e2e/ is three levels down). */
const MAIN_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN_JS = resolve(MAIN_DIR, 'dist/src/main.js');
const BOOTSTRAP_KEY = 'sk-syn-lifecycle-bootstrap-key-000000000000';

interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the child wrote so far, stdout and stderr. */
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

let upstream: FakeUpstream;
const tempDirs: string[] = [];
const running = new Set<ChildProcess>();

function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `synapse-lifecycle-${label}-`));
  tempDirs.push(dir);
  return dir;
}

/** A port nobody listens on right now: the server cannot report its own port in a usable way. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

function spawnServer(env: Record<string, string>, cwd = MAIN_DIR, port = 0): { child: ChildProcess; out: string[]; err: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [MAIN_JS], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), SYNAPSE_LOG_LEVEL: 'info', SYNAPSE_ACCESS_LOG: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const out: string[] = [];
  const err: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (text: string) => out.push(text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => err.push(text));
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      running.delete(child);
      done(code);
    }),
  );
  return { child, out, err, exited };
}

/** Starts `node dist/src/main.js` and waits until /health answers. */
async function startServer(dataDir: string, env: Record<string, string> = {}, cwd = MAIN_DIR): Promise<ServerProcess> {
  const port = await freePort();
  const { child, out, err, exited } = spawnServer(
    { SYNAPSE_DATA_DIR: dataDir, OPENAI_BASE_URL: upstream.url, SYNAPSE_UPSTREAM_RETRY_BASE_MS: '10', ...env },
    cwd,
    port,
  );
  const url = `http://127.0.0.1:${port}`;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  for (const deadline = Date.now() + 10_000; ; await sleep(50)) {
    if (exitCode !== undefined) throw new Error(`server exited with ${exitCode}: ${err.join('')}`);
    if (Date.now() > deadline) throw new Error(`server not ready: ${out.join('')}${err.join('')}`);
    const status = await fetch(url + '/health').then((r) => r.status, () => 0);
    if (status === 200) break;
  }
  return {
    url,
    child,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    exited,
    async stop() {
      if (exitCode === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function exchange(url: string, apiKey: string): Promise<Response> {
  return fetch(url + '/api/v1/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: apiKey }),
  });
}

function chat(url: string, credential: string, model: string, content: string): Promise<Response> {
  return fetch(url + '/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
  });
}

/** A request on a fresh socket (no pooled keep-alive connection): its status, or the error code. */
function freshConnectionStatus(url: string): Promise<number | string> {
  return new Promise((done) => {
    const req = httpRequest(url + '/health', { agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
    req.end();
  });
}

before(async () => {
  upstream = await startFakeUpstream();
});

after(async () => {
  for (const child of running) child.kill('SIGKILL');
  await upstream.close();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('first start', () => {
  test('prints a working admin key and a curl example once, and no key on the next start', async () => {
    const dataDir = tempDir('first');
    const first = await startServer(dataDir);
    const keys = first.stdout().match(/sk-syn-[A-Za-z0-9_-]+/g) ?? [];
    const key = keys[0]!;
    assert.ok(key, `no key printed: ${first.stdout()}`);
    assert.ok(keys.every((k) => k === key), 'one key only');
    const curlLines = first.stdout().split('\n').filter((line) => line.includes('curl '));
    assert.equal(curlLines.length, 1);
    assert.match(curlLines[0]!, new RegExp(`curl .*${new URL(first.url).port}/api/v1/auth/token.*${key}`));
    const token = await exchange(first.url, key);
    assert.equal(token.status, 200);
    assert.equal(((await token.json()) as { role: string }).role, 'admin');
    assert.equal(await first.stop(), 0);

    const second = await startServer(dataDir);
    assert.equal((await exchange(second.url, key)).status, 200, 'the key survives a restart');
    assert.equal(await second.stop(), 0);
    assert.doesNotMatch(second.stdout(), /sk-syn-/);
    assert.doesNotMatch(second.stdout(), /curl /);
  });

  test('SYNAPSE_BOOTSTRAP_KEY creates that admin key once, across restarts', async () => {
    const dataDir = tempDir('bootstrap');
    const env = { SYNAPSE_BOOTSTRAP_KEY: BOOTSTRAP_KEY };
    const first = await startServer(dataDir, env);
    assert.doesNotMatch(first.stdout(), /sk-syn-/, 'no generated key when a bootstrap key is set');
    assert.equal((await exchange(first.url, BOOTSTRAP_KEY)).status, 200);
    assert.equal(await first.stop(), 0);

    const second = await startServer(dataDir, env);
    const listing = await fetch(second.url + '/api/v1/keys', { headers: { authorization: `Bearer ${BOOTSTRAP_KEY}` } });
    assert.equal(listing.status, 200);
    const { keys } = (await listing.json()) as { keys: Array<{ name: string; role: string; tenant_id: string }> };
    assert.equal(keys.length, 1);
    assert.deepEqual({ name: keys[0]!.name, role: keys[0]!.role, tenant: keys[0]!.tenant_id }, { name: 'bootstrap', role: 'admin', tenant: 'default' });
    assert.equal(await second.stop(), 0);
  });
});

describe('operations', () => {
  test('health, ready and Prometheus metrics; logs never hold keys, tokens or prompts', async () => {
    const server = await startServer(tempDir('ops'), { SYNAPSE_BOOTSTRAP_KEY: BOOTSTRAP_KEY });
    try {
      const health = await fetch(server.url + '/health');
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });
      const ready = await fetch(server.url + '/ready');
      assert.equal(ready.status, 200);
      assert.equal(((await ready.json()) as { storage: string }).storage, 'sqlite');

      const exchanged = await exchange(server.url, BOOTSTRAP_KEY);
      assert.equal(exchanged.status, 200);
      const jwt = ((await exchanged.json()) as { access_token: string }).access_token;
      const prompt = 'secret prompt about the purple walrus 7731';
      const miss = await chat(server.url, jwt, 'gpt-4o', prompt);
      assert.equal(miss.headers.get('x-cache-status'), 'MISS');
      await miss.arrayBuffer();
      const hit = await chat(server.url, BOOTSTRAP_KEY, 'gpt-4o', prompt);
      assert.equal(hit.headers.get('x-cache-status'), 'HIT');
      await hit.arrayBuffer();
      const failed = await chat(server.url, jwt, 'fake-500', prompt + ' failing');
      assert.equal(failed.status, 502);
      await failed.arrayBuffer();

      const metrics = await fetch(server.url + '/metrics');
      assert.equal(metrics.status, 200);
      assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
      const text = await metrics.text();
      for (const name of ['synapse_http_requests_total', 'synapse_http_request_duration_seconds_bucket']) {
        assert.match(text, new RegExp(`^${name}\\{.*route="/v1/chat/completions".*\\} \\d`, 'm'), name);
      }
      assert.match(text, /^synapse_cache_requests_total\{result="miss".*\} [1-9]/m);
      assert.match(text, /^synapse_cache_requests_total\{result="hit".*\} [1-9]/m);
      assert.match(text, /^synapse_upstream_errors_total\{.*kind="status_500".*\} [1-9]/m);

      // The /metrics request above is the last one: once its access-log line is out, all are.
      await eventually('the last access-log line reaches the pipe', 5_000, () => /"route":"\/metrics"/.test(server.stdout() + server.stderr()));
      const logs = server.stdout() + server.stderr();
      assert.match(logs, /request completed/, 'the access log is on');
      assert.ok(!logs.includes(BOOTSTRAP_KEY), 'API key leaked to logs');
      assert.ok(!logs.includes(jwt), 'JWT leaked to logs');
      assert.ok(!logs.includes(jwt.split('.')[2]!), 'JWT signature leaked to logs');
      assert.ok(!logs.includes('purple walrus'), 'prompt leaked to logs');
    } finally {
      await server.stop();
    }
  });
});

describe('SIGTERM', () => {
  test('drains the in-flight request, refuses new ones, exits 0 and keeps the data', async () => {
    const dataDir = tempDir('drain');
    const env = { SYNAPSE_BOOTSTRAP_KEY: BOOTSTRAP_KEY };
    const server = await startServer(dataDir, env);
    const question = 'what survives a restart?';
    const miss = await chat(server.url, BOOTSTRAP_KEY, 'gpt-4o', question);
    assert.equal(miss.headers.get('x-cache-status'), 'MISS');
    const missBody = await miss.text();

    const inFlight = chat(server.url, BOOTSTRAP_KEY, 'fake-slow-1000', 'slow question');
    await eventually('the slow request is in flight', 10_000, () =>
      upstream.calls.some((call) => JSON.stringify(call.body).includes('slow question')));
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await sleep(100);
    const lateStatus = await freshConnectionStatus(server.url);
    assert.ok(lateStatus === 'ECONNREFUSED' || lateStatus === 503, `a new connection got ${lateStatus}`);

    const slow = await inFlight;
    assert.equal(slow.status, 200);
    const slowBody = (await slow.json()) as { choices: Array<{ message: { content: string } }> };
    assert.equal(slowBody.choices[0]!.message.content, 'Echo: slow question');
    const code = await Promise.race([server.exited, sleep(5_000, 'timeout' as const, { ref: false })]);
    assert.equal(code, 0);
    assert.ok(Date.now() - signalledAt < 5_000);

    const db = new Database(join(dataDir, 'synapse.db'));
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }

    const restarted = await startServer(dataDir, env);
    try {
      const hit = await chat(restarted.url, BOOTSTRAP_KEY, 'gpt-4o', question);
      assert.equal(hit.headers.get('x-cache-status'), 'HIT');
      const hitBody = (await hit.json()) as { choices: unknown };
      assert.deepEqual(hitBody.choices, (JSON.parse(missBody) as { choices: unknown }).choices);
    } finally {
      assert.equal(await restarted.stop(), 0);
    }
  });
});

describe('configuration', () => {
  test('synapse.config.json in the working directory sets the proxy rate limit', async () => {
    const cwd = tempDir('config');
    writeFileSync(join(cwd, 'synapse.config.json'), JSON.stringify({ rateLimits: { defaults: { proxyRps: 2 } } }));
    const server = await startServer(join(cwd, 'data'), { SYNAPSE_BOOTSTRAP_KEY: BOOTSTRAP_KEY }, cwd);
    try {
      const statuses: number[] = [];
      let limited: Response | undefined;
      for (let i = 0; i < 3; i++) {
        const response = await chat(server.url, BOOTSTRAP_KEY, 'gpt-4o', `rate limited ${i}`);
        statuses.push(response.status);
        if (response.status === 429) limited = response;
        else await response.arrayBuffer();
      }
      assert.deepEqual(statuses, [200, 200, 429]);
      const body = (await limited!.json()) as { error: { type: string; retry_after_secs: number } };
      assert.equal(body.error.type, 'rate_limit_error');
      assert.ok(body.error.retry_after_secs >= 1);
      assert.ok(Number(limited!.headers.get('retry-after')) >= 1);
    } finally {
      await server.stop();
    }
  });

  test('an invalid PORT exits non-zero with a readable message and no stack trace', async () => {
    const { out, err, exited } = spawnServer({ SYNAPSE_DATA_DIR: tempDir('invalid'), OPENAI_BASE_URL: upstream.url, PORT: 'abc' });
    const code = await Promise.race([exited, sleep(10_000, 'timeout' as const, { ref: false })]);
    assert.notEqual(code, 0);
    assert.notEqual(code, 'timeout');
    const stderr = err.join('');
    assert.match(stderr, /invalid configuration/i);
    assert.match(stderr, /port/);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    assert.doesNotMatch(out.join(''), /sk-syn-/);
  });
});
