// Port for the exact-match tier every gateway instance shares (Redis), between each instance's own
// LRU and the durable store: an answer cached through one instance is served by all at once, even
// before the store has it. Implementations may throw; the response cache wraps them to fail open.
import type { OutageMonitor } from '../cluster/outage-monitor.js';
import type { CachedResponse } from './response-cache.js';

export interface SharedCacheTier {
  get(tenantId: string, cacheKey: string): Promise<CachedResponse | undefined>;
  /** Stores the entry until its expiresAt, replacing any under the same tenant and key. */
  put(cacheKey: string, entry: CachedResponse): Promise<void>;
  remove(keys: Array<{ tenantId: string; cacheKey: string }>): Promise<void>;
}

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
