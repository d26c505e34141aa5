// The Redis parts of a cluster on a real Redis: the bus (other instances hear an event, the sender
// does not, a lost subscription comes back and says so), flight locks (one holder, released and
// renewed only by it, expiring by themselves) and the shared cache tier (entries expire with TTL).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { CachedResponse } from '../../src/stores/ports/shared-cache-tier.js';
import type { ClusterEvent } from '../../src/stores/ports/cluster-bus.js';
import { OutageMonitor } from '../../src/domain/cluster/outage-monitor.js';
import { silentLogger } from '../../src/domain/logger.js';
import { RedisCacheTier } from '../../src/stores/redis/redis-cache-tier.js';
import { RedisClusterBus } from '../../src/stores/redis/redis-cluster-bus.js';
import { openRedisConnection, type RedisConnection } from '../../src/stores/redis/redis-connection.js';
import { RedisFlightLocks } from '../../src/stores/redis/redis-flight-locks.js';
import { eventually } from '../helpers/eventually.js';
import { openTestRedis, testRedisOptions, testRedisTarget, testRedisUrlAt } from '../helpers/redis-test-connection.js';
import { needRedis, testKeyPrefix } from '../helpers/test-services.js';
import { TcpRelay } from '../helpers/tcp-relay.js';

const prefix = testKeyPrefix('cluster-parts');
const opened: Array<{ close(): Promise<void> }> = [];

const fallbacks: string[] = [];
const monitor = new OutageMonitor('Redis', { recordSharedFallback: (_backend, operation) => fallbacks.push(operation) }, silentLogger);

async function connect(url?: string): Promise<RedisConnection> {
  const connection = url ? await openRedisConnection(testRedisOptions(prefix, { url })) : await openTestRedis(prefix);
  opened.push(connection);
  return connection;
}

async function openBus(connection: RedisConnection): Promise<{ bus: RedisClusterBus; heard: ClusterEvent[] }> {
  const bus = await RedisClusterBus.open(connection, monitor, 2_000);
  opened.push(bus);
  const heard: ClusterEvent[] = [];
  bus.subscribe((event) => heard.push(event));
  return { bus, heard };
}

describe('redis cluster parts', await needRedis(), () => {
  after(async () => {
    for (const item of opened.reverse()) await item.close();
  });

  describe('cluster bus', () => {
    test('other instances hear an event; the sender does not', async () => {
      const one = await openBus(await connect());
      const two = await openBus(await connect());
      const event: ClusterEvent = { type: 'cache.removed', tenantId: 't', cacheKeys: ['k1', 'k2'] };
      one.bus.publish(event);
      await eventually('the other instance hears it', 2_000, () => two.heard.length === 1);
      assert.deepEqual(two.heard, [event]);
      // The channel keeps publish order: once the sender hears a later event, its own would have come.
      const reply: ClusterEvent = { type: 'cache.removed', tenantId: 't', cacheKeys: ['k3'] };
      two.bus.publish(reply);
      await eventually('the sender hears the other instance', 2_000, () => one.heard.length > 0);
      assert.deepEqual(one.heard, [reply]);
    });

    test('a subscription lost with the connection comes back by itself and announces a resync', async () => {
      const relay = new TcpRelay(testRedisTarget());
      await relay.start();
      opened.push({ close: () => relay.cut() });
      const listener = await openBus(await connect(testRedisUrlAt('127.0.0.1', relay.port)));
      let resyncs = 0;
      listener.bus.onResync(() => (resyncs += 1));
      const sender = await openBus(await connect());
      await relay.cut();
      sender.bus.publish({ type: 'flight.done', key: 'lost' }); // nobody can hear this one
      await relay.start();
      await eventually('the subscriber resyncs', 5_000, () => resyncs === 1);
      sender.bus.publish({ type: 'flight.done', key: 'heard' });
      await eventually('events arrive again', 2_000, () => listener.heard.length > 0);
      assert.deepEqual(listener.heard, [{ type: 'flight.done', key: 'heard' }]);
    });
  });

  describe('flight locks', () => {
    test('one holder at a time; only the holder renews or releases', async () => {
      const locks = new RedisFlightLocks(await connect());
      const token = await locks.acquire('flight:one', 5_000);
      assert.ok(token);
      assert.equal(await locks.acquire('flight:one', 5_000), undefined);
      assert.equal(await locks.renew('flight:one', 'not-the-token', 5_000), false);
      await locks.release('flight:one', 'not-the-token');
      assert.equal(await locks.isHeld('flight:one'), true);
      assert.equal(await locks.renew('flight:one', token, 5_000), true);
      await locks.release('flight:one', token);
      assert.equal(await locks.isHeld('flight:one'), false);
      assert.ok(await locks.acquire('flight:one', 5_000));
    });

    test('a lock its holder stops renewing expires', async () => {
      const locks = new RedisFlightLocks(await connect());
      assert.ok(await locks.acquire('flight:dies', 100));
      await eventually('the unrenewed lock expires', 2_000, async () => !(await locks.isHeld('flight:dies')));
    });
  });

  describe('shared cache tier', () => {
    const entry = (expiresInMs: number): CachedResponse => ({
      id: 'ce_test',
      tenantId: 'tenant:with:colons',
      model: 'gpt-4o',
      bodyText: '{"id":"x","choices":[{"message":{"content":"line one\\nline two"}}]}',
      promptTokens: 3,
      completionTokens: 5,
      costSavedUsd: 0.0001,
      createdAt: Date.now(),
      expiresAt: Date.now() + expiresInMs,
    });

    test('an entry is stored, read back unchanged, removed, and expires with its TTL', async () => {
      const tier = new RedisCacheTier(await connect());
      const stored = entry(60_000);
      await tier.put('abc', stored);
      assert.deepEqual(await tier.get(stored.tenantId, 'abc'), stored);
      assert.equal(await tier.get('other-tenant', 'abc'), undefined);
      await tier.remove([{ tenantId: stored.tenantId, cacheKey: 'abc' }]);
      assert.equal(await tier.get(stored.tenantId, 'abc'), undefined);
      await tier.put('short', entry(100));
      assert.ok(await tier.get(stored.tenantId, 'short'), 'stored');
      await eventually('the entry expires with its TTL', 2_000, async () => (await tier.get(stored.tenantId, 'short')) === undefined);
    });
  });
});
