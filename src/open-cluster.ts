// What gateway instances share, chosen from configuration: with a Redis URL, exact rate limits, the
// shared cache tier, cross-instance miss coalescing and the event bus, all failing open while Redis
// is unreachable; without one, their in-process (or no-op) versions, so nothing changes.
import type { Config } from './config/schema.js';
import { failingOpen, noSharedCacheTier } from './domain/cache/shared-tier-wrappers.js';
import { InProcessClusterBus } from './domain/cluster/in-process-cluster-bus.js';
import type { ClusterBus } from './stores/ports/cluster-bus.js';
import type { SharedCacheTier } from './stores/ports/shared-cache-tier.js';
import { OutageMonitor, type FallbackMetrics } from './domain/cluster/outage-monitor.js';
import type { Logger } from './domain/logger.js';
import { ClusterCoalescer } from './domain/proxy/cluster-coalescer.js';
import { FailOpenRateLimiter } from './domain/ratelimit/fail-open-rate-limiter.js';
import { MemoryRateLimiter } from './domain/ratelimit/memory-rate-limiter.js';
import type { RateLimiter } from './stores/ports/rate-limiter.js';
import type { ReadinessCheck } from './http/routes/ops/readiness-check.js';
import { RedisCacheTier } from './stores/redis/redis-cache-tier.js';
import { RedisClusterBus } from './stores/redis/redis-cluster-bus.js';
import { openRedisConnection } from './stores/redis/redis-connection.js';
import { RedisFlightLocks } from './stores/redis/redis-flight-locks.js';
import { RedisRateLimiter } from './stores/redis/redis-rate-limiter.js';

export interface ClusterParts {
  /** True when instances share state (Redis is configured). */
  shared: boolean;
  bus: ClusterBus;
  rateLimiter: RateLimiter;
  cacheTier: SharedCacheTier;
  coalescer: ClusterCoalescer | undefined;
  readiness: ReadinessCheck[];
  /** Closes the bus and the connection; the rate limiter is closed by its owner. */
  close(): Promise<void>;
}

/** A flight lock lives this long unless its leader, still alive, renews it. */
const FLIGHT_LOCK_TTL_MS = 10_000;
/** Followers look for the leader's answer this often between notifications. */
const FLIGHT_POLL_MS = 250;

export async function openCluster(config: Config, metrics: FallbackMetrics, logger: Logger, now: () => number): Promise<ClusterParts> {
  const local = new MemoryRateLimiter(now);
  const url = config.redis.url;
  if (!url) {
    const bus = new InProcessClusterBus();
    return { shared: false, bus, rateLimiter: local, cacheTier: noSharedCacheTier, coalescer: undefined, readiness: [], close: () => bus.close() };
  }
  const connection = await openRedisConnection({ ...config.redis, url });
  const monitor = new OutageMonitor('Redis', metrics, logger);
  let bus: RedisClusterBus;
  try {
    bus = await RedisClusterBus.open(connection, monitor, config.redis.connectTimeoutMs);
  } catch (error) {
    await connection.close();
    throw error;
  }
  const coalescer = new ClusterCoalescer(new RedisFlightLocks(connection), bus, monitor, {
    lockTtlMs: FLIGHT_LOCK_TTL_MS,
    // A leader's upstream call may legitimately take the whole upstream timeout.
    waitMs: config.upstream.timeoutMs,
    pollMs: FLIGHT_POLL_MS,
  });
  return {
    shared: true,
    bus,
    rateLimiter: new FailOpenRateLimiter(new RedisRateLimiter(connection), local, monitor),
    cacheTier: failingOpen(new RedisCacheTier(connection), monitor),
    coalescer,
    readiness: [{ name: 'redis', check: () => connection.ping() }],
    async close() {
      await bus.close();
      await connection.close();
    },
  };
}
