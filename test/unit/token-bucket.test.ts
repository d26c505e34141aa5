// The in-process token bucket with an injected clock: burst, refusal with a usable Retry-After,
// refill over time, and the remaining/reset values the X-RateLimit-* headers are built from.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { MemoryRateLimiter } from '../../src/domain/ratelimit/memory-rate-limiter.js';
import type { RateLimitRule } from '../../src/stores/ports/rate-limiter.js';

const limiters: MemoryRateLimiter[] = [];

function clockedLimiter(): { limiter: MemoryRateLimiter; advance(ms: number): void } {
  let now = 1_800_000_000_000;
  const limiter = new MemoryRateLimiter(() => now);
  limiters.push(limiter);
  return { limiter, advance: (ms) => (now += ms) };
}

after(async () => {
  for (const limiter of limiters) await limiter.close();
});

const perSecond: RateLimitRule = { limit: 5, windowSecs: 1 };
const perMinute: RateLimitRule = { limit: 10, windowSecs: 60 };

describe('MemoryRateLimiter', () => {
  test('allows a burst of `limit`, counting remaining down, then refuses', async () => {
    const { limiter } = clockedLimiter();
    for (let i = 0; i < 5; i++) {
      const decision = await limiter.consume('t:proxy', perSecond);
      assert.equal(decision.allowed, true, `request ${i + 1}`);
      assert.equal(decision.limit, 5);
      assert.equal(decision.remaining, 4 - i);
      assert.equal(decision.retryAfterSecs, 0);
    }
    const refused = await limiter.consume('t:proxy', perSecond);
    assert.equal(refused.allowed, false);
    assert.equal(refused.remaining, 0);
    assert.ok(Number.isInteger(refused.retryAfterSecs) && refused.retryAfterSecs >= 1);
  });

  test('refills at limit per window and never above the limit', async () => {
    const { limiter, advance } = clockedLimiter();
    for (let i = 0; i < 5; i++) await limiter.consume('k', perSecond);
    assert.equal((await limiter.consume('k', perSecond)).allowed, false);
    advance(100); // half a token
    assert.equal((await limiter.consume('k', perSecond)).allowed, false);
    advance(100); // one token
    const refilled = await limiter.consume('k', perSecond);
    assert.equal(refilled.allowed, true);
    assert.equal(refilled.remaining, 0);
    assert.equal((await limiter.consume('k', perSecond)).allowed, false);
    advance(3_600_000);
    const full = await limiter.consume('k', perSecond);
    assert.equal(full.remaining, 4, 'an hour idle refills to the limit, not beyond');
    for (let i = 0; i < 4; i++) assert.equal((await limiter.consume('k', perSecond)).allowed, true);
    assert.equal((await limiter.consume('k', perSecond)).allowed, false);
  });

  test('reports reset and retry-after in whole seconds from the refill rate', async () => {
    const { limiter, advance } = clockedLimiter();
    const first = await limiter.consume('tok', perMinute);
    assert.equal(first.resetSecs, 6, 'one token of 10/min takes 6 s to come back');
    for (let i = 0; i < 9; i++) await limiter.consume('tok', perMinute);
    const refused = await limiter.consume('tok', perMinute);
    assert.equal(refused.allowed, false);
    assert.equal(refused.retryAfterSecs, 6);
    assert.equal(refused.resetSecs, 60, 'an empty bucket is full again after the whole window');
    advance(4_500);
    const later = await limiter.consume('tok', perMinute);
    assert.equal(later.allowed, false);
    assert.equal(later.retryAfterSecs, 2, '1.5 s left, rounded up');
    advance(1_500);
    assert.equal((await limiter.consume('tok', perMinute)).allowed, true);
  });

  test('keeps one bucket per key', async () => {
    const { limiter } = clockedLimiter();
    for (let i = 0; i < 5; i++) await limiter.consume('acme:proxy', perSecond);
    assert.equal((await limiter.consume('acme:proxy', perSecond)).allowed, false);
    const other = await limiter.consume('globex:proxy', perSecond);
    assert.equal(other.allowed, true);
    assert.equal(other.remaining, 4);
    assert.equal((await limiter.consume('acme:memory_read', perSecond)).allowed, true);
  });
});
