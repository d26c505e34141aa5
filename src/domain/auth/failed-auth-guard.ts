// Limits failed authentications per client address, like fail2ban: each wrong key or token takes
// a token from the address's bucket (shared through Redis when configured). Once it is empty the
// address is blocked, on this instance, until the bucket admits again: credentials that would need
// a lookup are then refused with 429 before any lookup, so keys cannot be guessed at full speed
// and the key store is no free load target. Every counted failure is logged, never the credential.
import { SynapseError } from '../../errors.js';
import type { Logger } from '../logger.js';
import type { RateLimitRule, RateLimiter } from '../../stores/ports/rate-limiter.js';

/** Where a failed attempt came from, for the bucket and the log line. */
export interface AuthAttempt {
  address: string;
  method: string;
  /** The URL path without its query string. */
  path: string;
}

/** Errors that mean a wrong credential was tried; an absent or expired one is no guess. */
const COUNTED = new Set(['invalid_api_key', 'invalid_token']);
/** Blocked addresses remembered at most; past it the oldest are forgotten (their buckets remain). */
const MAX_BLOCKED = 100_000;

export class FailedAuthGuard {
  /** Address -> the time (ms) its bucket admits a failure again. */
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    private readonly limiter: RateLimiter,
    private readonly rule: RateLimitRule,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while any address is blocked: the one check every request pays. */
  get blocking(): boolean {
    if (this.blockedUntil.size === 0) return false;
    // Oldest first (re-blocked addresses move to the end): drop the expired ones at the front.
    const now = this.now();
    for (const [address, until] of this.blockedUntil) {
      if (until > now) break;
      this.blockedUntil.delete(address);
    }
    return this.blockedUntil.size > 0;
  }

  /** Milliseconds the address is still blocked; 0 when it is not. */
  blockedFor(address: string): number {
    if (this.blockedUntil.size === 0) return 0;
    const until = this.blockedUntil.get(address);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return left;
    this.blockedUntil.delete(address);
    return 0;
  }

  /** The 429 for a request from a blocked address. */
  refusal(address: string): SynapseError {
    return rateLimited(this.blockedFor(address));
  }

  /**
   * Counts `error` when it is a wrong credential and returns what to answer: the error itself, or
   * a 429 once the address has used up its failures. Fails open when the limiter cannot be reached.
   */
  async recordFailure<E>(attempt: AuthAttempt, error: E): Promise<E | SynapseError> {
    if (!(error instanceof SynapseError) || !COUNTED.has(error.code)) return error;
    this.logger.warn({ address: attempt.address, reason: error.code, method: attempt.method, path: attempt.path }, 'authentication failed');
    let admitted: boolean;
    let waitMs: number;
    try {
      const decision = await this.limiter.consume(`auth_failure:ip:${attempt.address}`, this.rule);
      admitted = decision.allowed;
      waitMs = decision.retryAfterMs;
    } catch {
      return error;
    }
    if (admitted) return error;
    if (this.blockedUntil.size >= MAX_BLOCKED) this.blockedUntil.delete(this.blockedUntil.keys().next().value as string);
    this.blockedUntil.delete(attempt.address);
    this.blockedUntil.set(attempt.address, this.now() + waitMs);
    return rateLimited(waitMs);
  }
}

function rateLimited(waitMs: number): SynapseError {
  const retryAfterSecs = Math.max(1, Math.ceil(waitMs / 1000));
  return new SynapseError(
    'rate_limited',
    { group: 'failed authentications from this address', retryAfterSecs },
    { retryAfterSecs, retryAfterMs: Math.max(1, Math.ceil(waitMs)) },
  );
}
