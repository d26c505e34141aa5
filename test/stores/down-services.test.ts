// PostgreSQL and Redis going away: the stores and the limiter fail fast (well under 2 s) with a
// StoreError the HTTP layer answers as 503 service_unavailable, without the driver's text, and work
// again by themselves once the service is back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { toErrorResponse, toSynapseError } from '../../src/http/error-response.js';
import { PostgresDatabase } from '../../src/stores/postgres/postgres-database.js';
import { openPostgresStorage } from '../../src/stores/postgres/postgres-storage.js';
import { openRedisConnection, RedisConnection } from '../../src/stores/redis/redis-connection.js';
import { RedisRateLimiter } from '../../src/stores/redis/redis-rate-limiter.js';
import { StoreError } from '../../src/stores/ports/store-error.js';
import { testDatabaseTarget, testDatabaseUrlAt, testPostgresOptions } from '../helpers/postgres-test-database.js';
import { testRedisOptions, testRedisTarget, testRedisUrlAt } from '../helpers/redis-test-connection.js';
import { needPostgres, needRedis, testKeyPrefix, testSchema } from '../helpers/test-services.js';
import { TcpRelay, closedPort, silentServer } from '../helpers/tcp-relay.js';

const FAST_MS = 2_000;
const schema = testSchema('down');
const prefix = testKeyPrefix('down');

/** The test database's URL on a port of this machine (closed, silent, or a relay in front of the server). */
const pgUrl = (port: number) => testDatabaseUrlAt('127.0.0.1', port);
const rule = { limit: 100, windowSecs: 1 };

/** Asserts the promise rejects with an "unavailable" StoreError within FAST_MS, answered as a clean 503. */
async function assertFastUnavailable(work: Promise<unknown>, backend: string): Promise<void> {
  const started = performance.now();
  const error = await work.then(
    () => assert.fail('expected a failure'),
    (caught: unknown) => caught,
  );
  const elapsed = performance.now() - started;
  assert.ok(elapsed < FAST_MS, `failed after ${Math.round(elapsed)} ms`);
  assert.ok(error instanceof StoreError, `a StoreError, not ${String(error)}`);
  assert.equal(error.failure, 'unavailable');
  assert.equal(error.backend, backend);
  const response = toErrorResponse(toSynapseError(error, 1024));
  assert.equal(response.status, 503);
  assert.equal(response.body.error.type, 'service_unavailable');
  assert.equal(response.body.error.message, `${backend} is not reachable; retry later`);
}

describe('postgres unreachable', () => {
  test('opening the storage on a closed port fails fast', async () => {
    await assertFastUnavailable(openPostgresStorage(testPostgresOptions(schema, { url: pgUrl(await closedPort()) })), 'PostgreSQL');
  });

  test('a server that accepts and never answers times out at connectTimeoutMs', async () => {
    const silent = await silentServer();
    const db = new PostgresDatabase(testPostgresOptions(schema, { url: pgUrl(silent.port), connectTimeoutMs: 300 }));
    try {
      await assertFastUnavailable(db.rows('SELECT 1'), 'PostgreSQL');
      await assertFastUnavailable(db.transaction((tx) => tx.rows('SELECT 1')), 'PostgreSQL');
    } finally {
      await db.close();
      await silent.close();
    }
  });
});

describe('redis unreachable', () => {
  test('opening a connection to a closed port fails within connectTimeoutMs', async () => {
    const options = testRedisOptions(prefix, { url: `redis://127.0.0.1:${await closedPort()}`, connectTimeoutMs: 500 });
    await assertFastUnavailable(openRedisConnection(options), 'Redis');
  });

  test('a limiter whose Redis is down refuses at once', async () => {
    const connection = new RedisConnection(testRedisOptions(prefix, { url: `redis://127.0.0.1:${await closedPort()}` }));
    const limiter = new RedisRateLimiter(connection, { ownsConnection: true });
    try {
      await sleep(50);
      await assertFastUnavailable(limiter.consume('down', rule), 'Redis');
      await assertFastUnavailable(connection.ping(), 'Redis');
    } finally {
      await limiter.close();
    }
  });

  test('a server that accepts and never answers does not hang a consume', async () => {
    const silent = await silentServer();
    const connection = new RedisConnection(testRedisOptions(prefix, { url: `redis://127.0.0.1:${silent.port}` }));
    try {
      await assertFastUnavailable(new RedisRateLimiter(connection).consume('silent', rule), 'Redis');
    } finally {
      await connection.close();
      await silent.close();
    }
  });
});

describe('postgres lost and back', await needPostgres(), () => {
  test('a lost connection fails fast, and the pool recovers when the server is back', async () => {
    const relay = new TcpRelay(testDatabaseTarget());
    await relay.start();
    const storage = await openPostgresStorage(testPostgresOptions(schema, { url: pgUrl(relay.port), connectTimeoutMs: 500 }));
    try {
      await storage.settings.updateTenantSettings('t', { cacheTtlSecs: 1 });
      await relay.cut();
      await assertFastUnavailable(storage.settings.getTenantSettings('t'), 'PostgreSQL');
      await assertFastUnavailable(storage.ping(), 'PostgreSQL');
      await relay.start();
      assert.deepEqual(await storage.settings.getTenantSettings('t'), { cacheTtlSecs: 1 });
    } finally {
      await storage.close();
      await relay.cut();
    }
  });

  test('a statement past statementTimeoutMs is cancelled', async () => {
    const storage = await openPostgresStorage(testPostgresOptions(schema, { statementTimeoutMs: 200 }));
    try {
      await assertFastUnavailable(storage.database.rows('SELECT pg_sleep(5)'), 'PostgreSQL');
      await storage.ping();
    } finally {
      await storage.close();
    }
  });
});

describe('redis lost and back', await needRedis(), () => {
  test('a lost connection fails fast, and the limiter recovers when Redis is back', async () => {
    const relay = new TcpRelay(testRedisTarget());
    await relay.start();
    const connection = await openRedisConnection(testRedisOptions(prefix, { url: testRedisUrlAt('127.0.0.1', relay.port) }));
    const limiter = new RedisRateLimiter(connection, { ownsConnection: true });
    try {
      assert.equal((await limiter.consume('recover', rule)).allowed, true);
      await relay.cut();
      await assertFastUnavailable(limiter.consume('recover', rule), 'Redis');
      await relay.start();
      const deadline = Date.now() + 5_000;
      let recovered = false;
      while (!recovered && Date.now() < deadline) {
        recovered = await limiter.consume('recover', rule).then(() => true, () => false);
        if (!recovered) await sleep(100);
      }
      assert.ok(recovered, 'the limiter works again within 5 s of Redis coming back');
    } finally {
      await limiter.close();
      await relay.cut();
    }
  });
});
