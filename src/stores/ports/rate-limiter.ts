// Port for rate limiting: a token bucket per key. The in-process implementation lives beside it;
// a shared one (Redis) can replace it so that limits hold across gateway instances.

export interface RateLimitRule {
  /**
   * Requests per window on average, and the bucket's capacity (the burst); a limit below 1 still
   * holds one request, so the bucket admits one call every 1/limit windows instead of none.
   */
  limit: number;
  windowSecs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSecs: number;
  /** Seconds to wait before the next request can pass (>= 1 when refused): retryAfterMs rounded up. */
  retryAfterSecs: number;
  /** Milliseconds until the bucket admits the next request (0 when allowed): the exact wait. */
  retryAfterMs: number;
}

export interface RateLimiter {
  /** Takes one token; an in-process limiter answers synchronously, a shared one with a promise. */
  consume(key: string, rule: RateLimitRule): RateLimitDecision | Promise<RateLimitDecision>;
  close(): Promise<void>;
}
