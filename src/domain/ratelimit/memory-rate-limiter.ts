// In-process token buckets. Idle buckets are dropped by a periodic sweep so memory stays bounded
// by the number of keys active within one window.
import type { RateLimitDecision, RateLimitRule, RateLimiter } from '../../stores/ports/rate-limiter.js';
import { bucketCapacity, decideFromBucket } from '../../stores/ports/token-bucket-decision.js';

interface Bucket {
  tokens: number;
  updatedAt: number;
  windowSecs: number;
  limit: number;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  consume(key: string, rule: RateLimitRule): RateLimitDecision {
    const now = this.now();
    const refillPerMs = rule.limit / (rule.windowSecs * 1000);
    const capacity = bucketCapacity(rule);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: capacity, updatedAt: now, windowSecs: rule.windowSecs, limit: rule.limit };
      this.buckets.set(key, bucket);
    } else {
      // Date.now() can step backwards (NTP); a negative refill would lock the key out for that long.
      const elapsedMs = Math.max(0, now - bucket.updatedAt);
      bucket.tokens = Math.min(capacity, bucket.tokens + elapsedMs * refillPerMs);
      bucket.updatedAt = now;
      bucket.windowSecs = rule.windowSecs;
      bucket.limit = rule.limit;
    }
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    return decideFromBucket(rule, bucket.tokens, allowed);
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, bucket] of this.buckets) {
      // Long enough for any bucket to be full again (a limit below 1 refills over several windows).
      if (now - bucket.updatedAt > bucket.windowSecs * 1000 * Math.max(1, 1 / bucket.limit)) this.buckets.delete(key);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.buckets.clear();
  }
}
