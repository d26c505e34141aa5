// The decision a token bucket reports after one consume, shared by every RateLimiter implementation
// so that remaining, reset and retry-after are computed identically in process and in Redis.
import type { RateLimitDecision, RateLimitRule } from './rate-limiter.js';

/** A bucket holds `limit` tokens, but at least one: a limit below one call per window still admits calls. */
export function bucketCapacity(rule: RateLimitRule): number {
  return Math.max(1, rule.limit);
}

/** `tokens` is the bucket's content after the consume (the taken token already removed when allowed). */
export function decideFromBucket(rule: RateLimitRule, tokens: number, allowed: boolean): RateLimitDecision {
  const refillPerMs = rule.limit / (rule.windowSecs * 1000);
  const missing = bucketCapacity(rule) - tokens;
  const waitMs = allowed ? 0 : Math.max(0, 1 - tokens) / refillPerMs;
  return {
    allowed,
    limit: rule.limit,
    remaining: Math.floor(tokens),
    resetSecs: Math.ceil(missing / refillPerMs / 1000),
    retryAfterSecs: allowed ? 0 : Math.max(1, Math.ceil(waitMs / 1000)),
    retryAfterMs: allowed ? 0 : Math.max(1, Math.ceil(waitMs)),
  };
}
