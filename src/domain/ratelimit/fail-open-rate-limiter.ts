// A shared rate limiter (Redis) that falls back to in-process buckets while it cannot be reached:
// limits then hold per instance instead of across all of them, and requests keep flowing.
import type { OutageMonitor } from '../cluster/outage-monitor.js';
import type { RateLimitDecision, RateLimitRule, RateLimiter } from '../../stores/ports/rate-limiter.js';

export class FailOpenRateLimiter implements RateLimiter {
  constructor(
    private readonly shared: RateLimiter,
    private readonly local: RateLimiter,
    private readonly monitor: OutageMonitor,
  ) {}

  async consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    if (this.monitor.skips('ratelimit')) return this.local.consume(key, rule);
    try {
      const decision = await this.shared.consume(key, rule);
      this.monitor.succeeded();
      return decision;
    } catch (error) {
      this.monitor.failed('ratelimit', error);
      return this.local.consume(key, rule);
    }
  }

  async close(): Promise<void> {
    await this.shared.close();
    await this.local.close();
  }
}
