// Two real gateway processes (`node src/main.js`, as an operator runs them) on one PostgreSQL and
// one Redis behave as one service: a milestone stored through A is recalled and found through B, a
// miss through A is a hit through B, a rate limit of N/s holds across both together, 2 x 500
// concurrent stores through both are numbered exactly 1..1000, and losing Redis (a relay in front
// of it is cut) gives fast answers, /ready 503 on both and recovery by itself once it is back. B
// reaches PostgreSQL through a relay too, so a database outage on B is played the same way.
// Each run has its own schema (dropped) and Redis key prefix (deleted), and stops its processes.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { storeBody } from '../helpers/memory-client.js';
import { runAdminSql, TEST_DATABASE_URL, testDatabaseTarget, testDatabaseUrlAt } from '../helpers/postgres-test-database.js';
import { testRedisTarget, testRedisUrlAt } from '../helpers/redis-test-connection.js';
import { allOf, needPostgres, needRedis, testKeyPrefix, testSchema } from '../helpers/test-services.js';
import { TcpRelay } from '../helpers/tcp-relay.js';

// The server of the same build as this file: <out>/test/e2e/scale-out.test.js -> <out>/src/main.js.
const MAIN_JS = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/main.js');
const ADMIN_KEY = 'sk-syn-scale-out-admin-key-00000000000000000';
const PROXY_RPS = 10;
/** Every single request must finish well within this (a loaded 2-core CI machine included). */
const FAST_MS = 5_000;
/** No request is allowed to wait longer than this: it is aborted and the test fails instead of hanging. */
const ABORT_MS = 15_000;

type Json = Record<string, any>;

interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<void>;
}

const schema = testSchema('scaleout');
const keyPrefix = testKeyPrefix('scaleout');
const redisRelay = new TcpRelay(testRedisTarget());
const databaseRelay = new TcpRelay(testDatabaseTarget());
const children = new Set<ChildProcess>();
const dataDirs: string[] = [];
let upstream: FakeUpstream | undefined;
let a: Instance;
let b: Instance;

// Last resort: whatever happens to this test process, its servers do not outlive it.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

async function startInstance(name: string, databaseUrl: string): Promise<Instance> {
  const dataDir = mkdtempSync(join(tmpdir(), `synapse-scale-${name}-`));
  dataDirs.push(dataDir);
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN_JS], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      SYNAPSE_LOG_LEVEL: 'warn',
      SYNAPSE_DATA_DIR: dataDir,
      SYNAPSE_BOOTSTRAP_KEY: ADMIN_KEY,
      OPENAI_BASE_URL: upstream!.url,
      OPENAI_API_KEY: 'sk-upstream-configured',
      SYNAPSE_UPSTREAM_RETRY_BASE_MS: '10',
      SYNAPSE_DATABASE_URL: databaseUrl,
      SYNAPSE_DATABASE_SCHEMA: schema,
      SYNAPSE_REDIS_URL: testRedisUrlAt('127.0.0.1', redisRelay.port),
      SYNAPSE_REDIS_PREFIX: keyPrefix,
      SYNAPSE_REDIS_CONNECT_TIMEOUT_MS: '2000',
      SYNAPSE_PROXY_RPS: String(PROXY_RPS),
      SYNAPSE_MEMORY_READ_RPS: '100000',
      SYNAPSE_MEMORY_WRITE_RPS: '100000',
      SYNAPSE_TOKEN_PER_MIN: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const output: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (text: string) => output.push(text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => output.push(text));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((done) =>
    child.once('exit', (code) => {
      exitCode = code;
      children.delete(child);
      done();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 20_000; ; await sleep(50)) {
    if (exitCode !== undefined) throw new Error(`${name} exited with ${exitCode}: ${output.join('')}`);
    if (Date.now() > deadline) throw new Error(`${name} did not answer /health within 20 s: ${output.join('')}`);
    const status = await fetch(url + '/health', { signal: AbortSignal.timeout(2_000) }).then((r) => r.status, () => 0);
    if (status === 200) break;
  }
  return { name, url, child, output: () => output.join(''), exited };
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  instance.child.kill('SIGTERM');
  const stopped = await Promise.race([instance.exited.then(() => true), sleep(5_000, false, { ref: false })]);
  if (!stopped) {
    instance.child.kill('SIGKILL');
    await instance.exited;
  }
}

interface Answer {
  status: number;
  body: Json;
  headers: Headers;
  ms: number;
}

/** One request with the admin key (or `auth`), timed; it can never hang the test. */
async function call(gw: Instance, path: string, init: { method?: string; body?: unknown; auth?: string | null } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const auth = init.auth === undefined ? ADMIN_KEY : init.auth;
  if (auth !== null) headers.authorization = `Bearer ${auth}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const started = performance.now();
  const response = await fetch(gw.url + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    signal: AbortSignal.timeout(ABORT_MS),
  });
  const text = await response.text();
  let body: Json = {};
  try {
    body = JSON.parse(text) as Json;
  } catch {
    body = { text };
  }
  return { status: response.status, body, headers: response.headers, ms: performance.now() - started };
}

const memory = (gw: Instance, path: string, body?: unknown): Promise<Answer> =>
  call(gw, '/api/v1/memory' + path, body === undefined ? {} : { body });

const question = (label: string): Json => ({ model: 'gpt-4o', messages: [{ role: 'user', content: `${label} ${randomUUID()}` }] });

/** A chat completion: its status, x-synapse-cache-status and how many upstream calls it made. */
async function chat(gw: Instance, body: Json): Promise<Answer & { cache: string | null; upstreamCalls: number }> {
  const before = upstream!.callCount();
  const answer = await call(gw, '/v1/chat/completions', { body });
  return { ...answer, cache: answer.headers.get('x-synapse-cache-status'), upstreamCalls: upstream!.callCount() - before };
}

async function readyStatus(gw: Instance): Promise<number> {
  return (await call(gw, '/ready', { auth: null })).status;
}

/** Polls `probe` until it holds or `withinMs` pass (then fails with `what` and the last value seen). */
async function eventually<T>(what: string, withinMs: number, probe: () => Promise<T>, holds: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (holds(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${withinMs} ms (last: ${JSON.stringify(value)})`);
    await sleep(100);
  }
}

const serverLogs = (): string => [a, b].filter(Boolean).map((gw) => `--- ${gw.name}:\n${gw.output().slice(-4_000)}`).join('\n');

describe('two gateway processes on one PostgreSQL and one Redis', allOf(await needPostgres(), await needRedis()), () => {
  before(async () => {
    upstream = await startFakeUpstream();
    await redisRelay.start();
    await databaseRelay.start();
    // Both at once: the migrations must be applied once however the two starts interleave.
    [a, b] = await Promise.all([
      startInstance('A', TEST_DATABASE_URL),
      startInstance('B', testDatabaseUrlAt('127.0.0.1', databaseRelay.port)),
    ]);
    // The admin's tenant gets a tier well above the low default, so that only the dedicated tenant of
    // the rate-limit test runs into it; B learns the tier through the cluster bus.
    const tier = await call(a, '/api/v1/rate-limits/tenants/default', { method: 'PUT', body: { tier: 'enterprise' } });
    assert.equal(tier.status, 200, JSON.stringify(tier.body));
    await eventually('B applies the tier', 5_000, () => call(b, '/api/v1/rate-limits/tenants/default'), (r) => r.body.tier === 'enterprise');
  });

  after(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    for (const child of children) child.kill('SIGKILL');
    await upstream?.close();
    await redisRelay.cut();
    await databaseRelay.cut();
    // The schema and the Redis keys are removed by test-services.ts, straight on the servers.
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  test('both are ready on PostgreSQL and Redis, with one set of migrations applied', async () => {
    for (const gw of [a, b]) {
      const ready = await call(gw, '/ready', { auth: null });
      assert.equal(ready.status, 200, JSON.stringify(ready.body));
      assert.equal(ready.body.storage, 'postgres');
    }
    const applied = await runAdminSql(`SELECT version, count(*)::int AS n FROM ${schema}.schema_migrations GROUP BY version`);
    assert.ok(applied.rows.length > 0);
    assert.ok(applied.rows.every((row: { n: number }) => row.n === 1), 'every migration recorded once');
  });

  test('a token issued by A is accepted by B (one generated signing secret, kept in PostgreSQL)', async () => {
    const issued = await call(a, '/api/v1/auth/token', { body: { api_key: ADMIN_KEY }, auth: null });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    const onB = await call(b, '/api/v1/memory/projects', { auth: issued.body.access_token });
    assert.equal(onB.status, 200, JSON.stringify(onB.body));
  });

  test('a milestone stored through A is recalled and found through B', async () => {
    assert.equal((await memory(a, '/projects', { projectId: 'shared', name: 'Shared project' })).status, 200);
    const text = 'Introduced the zebracorn reconciliation worker for ledger imports';
    const stored = await memory(a, '/projects/shared/store', storeBody(text));
    assert.equal(stored.status, 200, JSON.stringify(stored.body));

    const project = await memory(b, '/projects/shared');
    assert.equal(project.status, 200, JSON.stringify(project.body));
    assert.equal(project.body.milestoneCount, 1);
    const recalled = await memory(b, '/projects/shared/recall?view=branch');
    assert.equal(recalled.status, 200, JSON.stringify(recalled.body));
    assert.deepEqual(
      recalled.body.milestones.map((m: Json) => [m.milestoneId, m.thisContribution]),
      [[stored.body.milestoneId, text]],
    );
    const found = await memory(b, '/projects/shared/search', { query: 'zebracorn reconciliation' });
    assert.equal(found.status, 200, JSON.stringify(found.body));
    assert.equal(found.body.milestones[0]?.milestoneId, stored.body.milestoneId);
    // A misspelling shares no word with the text: only B's vector index, told of A's milestone over
    // the bus, can find it.
    await eventually(
      "B's vector index has A's milestone",
      5_000,
      () => memory(b, '/projects/shared/search', { query: 'zebrakorn reconcilation' }),
      (r) => r.status === 200 && r.body.milestones[0]?.milestoneId === stored.body.milestoneId,
    );
  });

  test('a cache miss through A is a hit through B', async () => {
    const body = question('cached through A, served by B');
    const miss = await chat(a, body);
    assert.equal(miss.status, 200, JSON.stringify(miss.body));
    assert.equal(miss.cache, 'MISS');
    assert.equal(miss.upstreamCalls, 1);
    const hit = await chat(b, body);
    assert.equal(hit.status, 200, JSON.stringify(hit.body));
    assert.equal(hit.cache, 'HIT');
    assert.equal(hit.upstreamCalls, 0);
    assert.deepEqual(hit.body.choices, miss.body.choices);
  });

  test(`a limit of ${PROXY_RPS} requests/s holds across both processes together`, async () => {
    // A tenant of its own on the default (low) tier; its key, created through A, works on B too.
    const created = await call(a, '/api/v1/keys', { body: { tenant_id: `limited-${randomUUID().slice(0, 8)}`, role: 'user', name: 'limited' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const key = created.body.key as string;
    const burst = 6 * PROXY_RPS;
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: burst }, (_, i) => call(i % 2 === 0 ? a : b, '/v1/models', { auth: key })));
    const elapsedSecs = (performance.now() - started) / 1000;
    const allowed = answers.filter((r) => r.status === 200).length;
    const refused = answers.filter((r) => r.status === 429);
    assert.equal(allowed + refused.length, burst, JSON.stringify(answers.map((r) => r.status)));
    // The bucket's N, plus what refilled while the burst was under way: one instance alone could
    // already grant N, so anything up to 2N in a sub-second burst would mean per-instance limits.
    const most = PROXY_RPS + Math.ceil(elapsedSecs * PROXY_RPS);
    assert.ok(allowed >= PROXY_RPS && allowed <= most, `${allowed} of ${burst} allowed in ${elapsedSecs.toFixed(2)} s (at most ${most})`);
    assert.ok(refused.every((r) => r.body.error?.type === 'rate_limit_error' && Number(r.headers.get('retry-after')) >= 1));
    if (elapsedSecs < 2) {
      // Requests alternate between the two, so both refuse once the shared bucket is empty.
      const refusedBy = (gw: Instance): number => answers.filter((r, i) => r.status === 429 && (i % 2 === 0 ? a : b) === gw).length;
      assert.ok(refusedBy(a) > 0 && refusedBy(b) > 0, `refused: A ${refusedBy(a)}, B ${refusedBy(b)}`);
    }
  });

  test('2 x 500 concurrent stores through both get sequence numbers exactly 1..1000', async () => {
    assert.equal((await memory(a, '/projects', { projectId: 'race', name: 'Race' })).status, 200);
    // On each instance 50 clients store 10 milestones each, one after another; both at the same time.
    // (Not 500 sockets at once per instance: stores to one branch run one at a time, and a store
    // that waits longer than database.connectTimeoutMs for a pooled connection is refused with 503
    // by design, which a slow CI machine would turn into a flaky test.)
    const through = async (gw: Instance): Promise<number[]> => {
      const clients = Array.from({ length: 50 }, async (_, client) => {
        const numbers: number[] = [];
        for (let i = 0; i < 10; i++) {
          const stored = await memory(gw, '/projects/race/store', storeBody(`${gw.name} client ${client} store ${i}`, { agentId: `${gw.name}-${client}` }));
          assert.equal(stored.status, 200, JSON.stringify(stored.body));
          numbers.push(stored.body.sequenceNumber as number);
        }
        return numbers;
      });
      return (await Promise.all(clients)).flat();
    };
    const [fromA, fromB] = await Promise.all([through(a), through(b)]);
    assert.equal(fromA.length, 500);
    assert.equal(fromB.length, 500);
    const numbers = [...fromA, ...fromB].sort((x, y) => x - y);
    assert.deepEqual(numbers, Array.from({ length: 1000 }, (_, i) => i + 1));
    const rows = await runAdminSql(
      `SELECT count(*)::int AS n, count(DISTINCT sequence_number)::int AS distinct_n, min(sequence_number) AS lo, max(sequence_number) AS hi
         FROM ${schema}.memory_milestones WHERE project_id = 'race' AND branch_name = 'main'`,
    );
    assert.deepEqual(rows.rows[0], { n: 1000, distinct_n: 1000, lo: 1, hi: 1000 });
    const recalled = await memory(b, '/projects/race/recall?view=branch&limit=5');
    assert.deepEqual(recalled.body.milestones.map((m: Json) => m.sequenceNumber), [1000, 999, 998, 997, 996]);
  });

  test('Redis goes away: fast answers, proxy requests still reach the upstream, /ready 503; then recovery by itself', async () => {
    const warm = question('before the Redis outage');
    assert.equal((await chat(a, warm)).cache, 'MISS');
    assert.equal((await chat(b, warm)).cache, 'HIT');

    // Redis goes while requests are under way on both: they complete, none hangs.
    const inFlight = Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await sleep(i * 5);
        return chat(i % 2 === 0 ? a : b, question(`in flight when Redis went away ${i}`));
      }),
    );
    await sleep(20);
    await redisRelay.cut();
    const cutShort = await inFlight;
    assert.ok(cutShort.every((r) => r.status === 200), JSON.stringify(cutShort.map((r) => [r.status, r.body.error])));
    assert.deepEqual(cutShort.filter((r) => r.ms >= FAST_MS).map((r) => r.ms), [], 'no request in flight hangs');
    for (const gw of [a, b]) {
      const ready = await eventually(`${gw.name} /ready turns 503`, 10_000, () => call(gw, '/ready', { auth: null }), (r) => r.status === 503);
      assert.equal(ready.body.error?.type, 'service_unavailable', JSON.stringify(ready.body));
      assert.ok(ready.ms < FAST_MS, `${gw.name} /ready took ${ready.ms.toFixed(0)} ms`);
    }

    const timings: Array<[string, number]> = [];
    for (const gw of [a, b]) {
      const during = question(`${gw.name} during the Redis outage`);
      const miss = await chat(gw, during);
      timings.push([`${gw.name} miss`, miss.ms]);
      assert.equal(miss.status, 200, JSON.stringify(miss.body));
      assert.equal(miss.cache, 'MISS');
      assert.equal(miss.upstreamCalls, 1, 'the proxy request reached the upstream');
      const again = await chat(gw, during);
      timings.push([`${gw.name} repeat`, again.ms]);
      assert.equal(again.status, 200);
      assert.equal(again.cache, 'HIT', `${gw.name} still serves from its own cache and the database`);
      const stored = await memory(gw, '/projects/shared/store', storeBody(`${gw.name} stored while Redis was away`));
      timings.push([`${gw.name} store`, stored.ms]);
      assert.equal(stored.status, 200, JSON.stringify(stored.body));
      const limited = await call(gw, '/v1/models');
      timings.push([`${gw.name} models`, limited.ms]);
      assert.equal(limited.status, 200, 'rate limits fall back to the instance');
    }
    // Concurrent requests on both while Redis is away: none of them hangs either.
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, (_, i) => chat(i % 2 === 0 ? a : b, question(`concurrent during the outage ${i % 3}`))),
    );
    assert.ok(concurrent.every((r) => r.status === 200), JSON.stringify(concurrent.map((r) => r.status)));
    concurrent.forEach((r, i) => timings.push([`concurrent ${i}`, r.ms]));
    const slow = timings.filter(([, ms]) => ms >= FAST_MS);
    assert.deepEqual(slow, [], 'every request during the outage answers within a few seconds');

    await redisRelay.start();
    for (const gw of [a, b]) {
      await eventually(`${gw.name} ready again`, 20_000, () => readyStatus(gw), (status) => status === 200);
    }
    await eventually(
      'a miss through A is a hit through B again',
      15_000,
      async () => {
        const probe = question('after the Redis outage');
        const miss = await chat(a, probe);
        return miss.status === 200 && (await chat(b, probe)).cache === 'HIT';
      },
      (hit) => hit,
    );
  });

  test('PostgreSQL goes away under B: /ready 503 and fast database errors on B, A unaffected; then recovery by itself', async () => {
    await databaseRelay.cut();
    const ready = await eventually('B /ready turns 503', 10_000, () => call(b, '/ready', { auth: null }), (r) => r.status === 503);
    assert.equal(ready.body.error?.type, 'service_unavailable', JSON.stringify(ready.body));
    assert.ok(ready.ms < FAST_MS, `/ready took ${ready.ms.toFixed(0)} ms`);
    assert.equal(await readyStatus(a), 200, 'A has its own connections');

    const failures: Answer[] = [
      await memory(b, '/projects/shared/store', storeBody('stored while the database was away')),
      await memory(b, '/projects/shared/recall?view=branch'),
      await memory(b, '/projects/shared/search', { query: 'zebracorn' }),
    ];
    for (const failed of failures) {
      assert.ok(failed.status === 503 || failed.status === 500, `${failed.status} ${JSON.stringify(failed.body)}\n${serverLogs()}`);
      assert.ok(['service_unavailable', 'database_error'].includes(failed.body.error?.type), JSON.stringify(failed.body));
      assert.ok(failed.ms < FAST_MS, `a database request took ${failed.ms.toFixed(0)} ms`);
    }
    // A proxy request on B needs the database too (its key, its cache entries): it answers at once as well.
    const proxied = await chat(b, question('through B while its database is away'));
    assert.ok(proxied.ms < FAST_MS, `a proxy request took ${proxied.ms.toFixed(0)} ms`);
    assert.ok(proxied.status === 200 || ['service_unavailable', 'database_error'].includes(proxied.body.error?.type), JSON.stringify(proxied.body));
    // The rest of the cluster carries on.
    assert.equal((await memory(a, '/projects/shared/store', storeBody('A stored while B lost the database'))).status, 200);

    await databaseRelay.start();
    await eventually('B ready again', 20_000, () => readyStatus(b), (status) => status === 200);
    const stored = await eventually(
      'B stores again',
      10_000,
      () => memory(b, '/projects/shared/store', storeBody('B stored the quokkaflux note after the database came back')),
      (r) => r.status === 200,
    );
    const found = await memory(a, '/projects/shared/search', { query: 'quokkaflux' });
    assert.equal(found.body.milestones[0]?.milestoneId, stored.body.milestoneId);
    // Neither process crashed along the way.
    assert.equal(a.child.exitCode, null);
    assert.equal(b.child.exitCode, null);
  });
});
