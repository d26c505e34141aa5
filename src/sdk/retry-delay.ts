// When to retry a failed call and how long to wait first: the seed's call_with_retry done right.
// 429 waits exactly what the gateway asked (retry_after_secs); 5xx and lost connections back off
// exponentially with jitter, capped, so many clients do not retry in lockstep.
import { ConnectionError, SynapseApiError } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt (default 3, as the seed). */
  maxRetries: number;
  /** First backoff step (default 500 ms), doubled each attempt. */
  baseDelayMs: number;
  /** Cap on one backoff step (default 8 s). */
  maxBackoffMs: number;
  /** A 429 asking to wait longer than this is not retried but thrown (default 60 s). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxBackoffMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/** Statuses the SPEC marks retryable (section 5). */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/**
 * Milliseconds to wait before retry number `attempt` (0-based) after `error`, or undefined when
 * the error must be thrown instead. `random` is injectable for tests.
 */
export function retryDelayMs(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.maxRetries) return undefined;
  if (error instanceof ConnectionError) return backoff(attempt, policy, random);
  if (!(error instanceof SynapseApiError) || error.status === undefined) return undefined;
  if (!RETRYABLE_STATUSES.has(error.status)) return undefined;
  if (error.status === 429 || error.retryAfterSecs !== undefined) {
    const waitMs = Math.max(0, (error.retryAfterSecs ?? 1) * 1000);
    return waitMs <= policy.maxRetryAfterMs ? waitMs : undefined;
  }
  return backoff(attempt, policy, random);
}

/** Capped exponential backoff with jitter: between 75% and 100% of min(base * 2^attempt, cap). */
function backoff(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.baseDelayMs * 2 ** attempt, policy.maxBackoffMs);
  return Math.round(step * (1 - 0.25 * random()));
}
