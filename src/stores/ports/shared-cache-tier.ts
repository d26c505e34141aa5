// Port for the exact-match tier every gateway instance shares (Redis), between each instance's own
// LRU and the durable store: an answer cached through one instance is served by all at once, even
// before the store has it. Implementations may throw; the response cache wraps them to fail open.

/** An entry as served: its metadata and the exact JSON text of the response body. */
export interface CachedResponse {
  id: string;
  tenantId: string;
  model: string;
  bodyText: string;
  promptTokens: number;
  completionTokens: number;
  /** What serving this entry instead of calling the upstream saves, in USD (estimate). */
  costSavedUsd: number;
  createdAt: number;
  expiresAt: number;
}

export interface SharedCacheTier {
  get(tenantId: string, cacheKey: string): Promise<CachedResponse | undefined>;
  /** Stores the entry until its expiresAt, replacing any under the same tenant and key. */
  put(cacheKey: string, entry: CachedResponse): Promise<void>;
  remove(keys: Array<{ tenantId: string; cacheKey: string }>): Promise<void>;
}
