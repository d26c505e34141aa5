// Contract every RateLimiter implementation must pass, on the real clock (a shared limiter uses its
// server's time): burst, refusal with the real wait (Retry-After), refill capped at the limit,
// buckets of at least one call, per-key buckets.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RateLimitRule, RateLimiter } from '../../src/stores/ports/rate-limiter.js';

export function runRateLimiterContracts(name: string, open: () => Promise<RateLimiter>): void {
  describe(`${name} rate limiter contract`, () => {
    let limiter: RateLimiter;
    before(async () => {
      limiter = await open();
    });
    after(async () => {
      await limiter.close();
    });

    test('allows a burst of `limit`, counting remaining down, then refuses with a whole Retry-After', async () => {
      const rule: RateLimitRule = { limit: 5, windowSecs: 60 };
      for (let i = 0; i < 5; i++) {
        const decision = await limiter.consume('burst', rule);
        assert.equal(decision.allowed, true, `request ${i + 1}`);
        assert.equal(decision.limit, 5);
        assert.equal(decision.remaining, 4 - i);
        assert.equal(decision.retryAfterSecs, 0);
      }
      const refused = await limiter.consume('burst', rule);
      assert.equal(refused.allowed, false);
      assert.equal(refused.remaining, 0);
      assert.equal(refused.retryAfterSecs, 12, 'one token of 5/min takes 12 s');
      assert.equal(refused.resetSecs, 60);
    });

    test('refills at limit per window, never above the limit', async () => {
      const rule: RateLimitRule = { limit: 3, windowSecs: 0.6 }; // a token every 200 ms
      for (let i = 0; i < 3; i++) assert.equal((await limiter.consume('refill', rule)).allowed, true);
      assert.equal((await limiter.consume('refill', rule)).allowed, false);
      await sleep(300); // 1.5 tokens
      assert.equal((await limiter.consume('refill', rule)).allowed, true);
      await sleep(1_200); // far more than the bucket holds
      const full = await limiter.consume('refill', rule);
      assert.equal(full.remaining, 2, 'refilled to the limit, not beyond');
    });

    test('reports reset and retry-after in whole seconds from the refill rate', async () => {
      const rule: RateLimitRule = { limit: 10, windowSecs: 60 };
      const first = await limiter.consume('tok', rule);
      assert.equal(first.resetSecs, 6, 'one token of 10/min takes 6 s to come back');
      for (let i = 0; i < 9; i++) await limiter.consume('tok', rule);
      const refused = await limiter.consume('tok', rule);
      assert.equal(refused.allowed, false);
      assert.equal(refused.retryAfterSecs, 6);
      assert.equal(refused.resetSecs, 60, 'an empty bucket is full again after the whole window');
    });

    test('a refused call is told the real wait to the millisecond, and passes once it has waited that long', async () => {
      const rule: RateLimitRule = { limit: 2, windowSecs: 1 }; // a token every 500 ms
      for (let i = 0; i < 2; i++) assert.equal((await limiter.consume('exact-wait', rule)).allowed, true);
      const refused = await limiter.consume('exact-wait', rule);
      assert.equal(refused.allowed, false);
      assert.ok(refused.retryAfterMs > 350 && refused.retryAfterMs <= 500, `wait ${refused.retryAfterMs} ms, not a rounded second`);
      assert.equal(refused.retryAfterSecs, 1, 'Retry-After is whole seconds, rounded up');
      await sleep(refused.retryAfterMs + 30);
      const admitted = await limiter.consume('exact-wait', rule);
      assert.equal(admitted.allowed, true, 'admitted after the wait it was told');
      assert.equal(admitted.retryAfterMs, 0);
    });

    test('a limit below one call per window still admits one call every 1/limit windows', async () => {
      const rule: RateLimitRule = { limit: 0.5, windowSecs: 0.4 }; // one call per 800 ms
      const first = await limiter.consume('fractional', rule);
      assert.equal(first.allowed, true, 'the bucket holds at least one call');
      const refused = await limiter.consume('fractional', rule);
      assert.equal(refused.allowed, false);
      assert.ok(refused.retryAfterMs > 650 && refused.retryAfterMs <= 800, `wait ${refused.retryAfterMs} ms`);
      await sleep(refused.retryAfterMs + 30);
      assert.equal((await limiter.consume('fractional', rule)).allowed, true, 'admitted after the wait it was told');
    });

    test('keeps one bucket per key', async () => {
      const rule: RateLimitRule = { limit: 2, windowSecs: 60 };
      for (let i = 0; i < 2; i++) await limiter.consume('acme:proxy', rule);
      assert.equal((await limiter.consume('acme:proxy', rule)).allowed, false);
      const other = await limiter.consume('globex:proxy', rule);
      assert.equal(other.allowed, true);
      assert.equal(other.remaining, 1);
      assert.equal((await limiter.consume('acme:memory_read', rule)).allowed, true);
    });

    test('allows exactly `limit` of many concurrent requests', async () => {
      const rule: RateLimitRule = { limit: 20, windowSecs: 3600 };
      const decisions = await Promise.all(Array.from({ length: 60 }, () => limiter.consume('concurrent', rule)));
      assert.equal(decisions.filter((d) => d.allowed).length, 20);
    });
  });
}
