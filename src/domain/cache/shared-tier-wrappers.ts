// The shared cache tier as the response cache uses it: none without Redis, and the Redis one
// wrapped to fail open (a failed read is a miss, a failed write or delete is dropped).
import type { OutageMonitor } from '../cluster/outage-monitor.js';
import type { SharedCacheTier } from '../../stores/ports/shared-cache-tier.js';

/** The tier of a gateway without Redis: there is nothing shared. */
export const noSharedCacheTier: SharedCacheTier = {
  get: async () => undefined,
  put: async () => undefined,
  remove: async () => undefined,
};

/** The tier, skipped while unreachable: a failed read is a miss, a failed write or delete is dropped. */
export function failingOpen(tier: SharedCacheTier, monitor: OutageMonitor): SharedCacheTier {
  return {
    get: (tenantId, cacheKey) => monitor.attempt('cache.get', () => tier.get(tenantId, cacheKey), undefined),
    put: (cacheKey, entry) => monitor.attempt('cache.put', () => tier.put(cacheKey, entry), undefined),
    remove: (keys) => monitor.attempt('cache.remove', () => tier.remove(keys), undefined),
  };
}
