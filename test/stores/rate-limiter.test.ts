// The rate limiter contract against the in-process limiter and the Redis one, and what only a shared
// limiter promises: two instances on two connections hold one limit exactly, even under concurrency.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryRateLimiter } from '../../src/domain/ratelimit/memory-rate-limiter.js';
import type { RateLimitRule } from '../../src/stores/ports/rate-limiter.js';
import { RedisRateLimiter } from '../../src/stores/redis/redis-rate-limiter.js';
import { runRateLimiterContracts } from '../contracts/rate-limiter-contracts.js';
import { openTestRedis } from '../helpers/redis-test-connection.js';
import { needRedis, testKeyPrefix } from '../helpers/test-services.js';

const prefix = testKeyPrefix('ratelimit');

runRateLimiterContracts('memory', async () => new MemoryRateLimiter());
describe('redis', await needRedis(), () => {
  runRateLimiterContracts('redis', async () => new RedisRateLimiter(await openTestRedis(prefix), { ownsConnection: true }));

  describe('redis rate limiter across instances', () => {
    test('two instances share one limit exactly under concurrent consumes', async () => {
      const a = new RedisRateLimiter(await openTestRedis(prefix), { ownsConnection: true });
      const b = new RedisRateLimiter(await openTestRedis(prefix), { ownsConnection: true });
      try {
        const rule: RateLimitRule = { limit: 50, windowSecs: 3600 };
        const calls = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).consume('shared', rule));
        const decisions = await Promise.all(calls);
        assert.equal(decisions.filter((d) => d.allowed).length, 50);
        const [nextA, nextB] = [await a.consume('shared', rule), await b.consume('shared', rule)];
        assert.equal(nextA.allowed || nextB.allowed, false);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    test('what one instance takes, the other sees', async () => {
      const a = new RedisRateLimiter(await openTestRedis(prefix), { ownsConnection: true });
      const b = new RedisRateLimiter(await openTestRedis(prefix), { ownsConnection: true });
      try {
        const rule: RateLimitRule = { limit: 10, windowSecs: 60 };
        assert.equal((await a.consume('seen', rule)).remaining, 9);
        assert.equal((await b.consume('seen', rule)).remaining, 8);
        assert.equal((await a.consume('seen', rule)).remaining, 7);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    test('buckets live under the key prefix and expire once they would be full', async () => {
      const connection = await openTestRedis(prefix);
      const limiter = new RedisRateLimiter(connection);
      try {
        await limiter.consume('expiring', { limit: 4, windowSecs: 2 });
        const ttl = await connection.client.pttl(connection.key('ratelimit:expiring'));
        assert.ok(ttl > 0 && ttl <= 500, `one token of 4 per 2 s comes back within 500 ms (pttl ${ttl})`);
      } finally {
        await connection.close();
      }
    });
  });
});
