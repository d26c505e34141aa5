// Port for rate limiting: a token bucket per key. The in-process implementation lives beside it;
// a shared one (Redis) can replace it so that limits hold across gateway instances.

export interface RateLimitRule {
  /** Bucket capacity: requests allowed in one burst, and per window on average. */
  limit: number;
  windowSecs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSecs: number;
  /** Seconds to wait before the next request can pass (>= 1 when refused). */
  retryAfterSecs: number;
}

export interface RateLimiter {
  /** Takes one token; an in-process limiter answers synchronously, a shared one with a promise. */
  consume(key: string, rule: RateLimitRule): RateLimitDecision | Promise<RateLimitDecision>;
  close(): Promise<void>;
}
