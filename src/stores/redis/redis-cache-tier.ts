// The shared exact-match cache tier on Redis: one string per entry, `cache:<tenant>:<cacheKey>`
// under the key prefix, holding a line of metadata then the response body, expiring with the entry.
import type { CachedResponse, SharedCacheTier } from '../ports/shared-cache-tier.js';
import type { RedisConnection } from './redis-connection.js';
import { toRedisError } from './redis-errors.js';

const KEYS_PER_DELETE = 500;

export class RedisCacheTier implements SharedCacheTier {
  constructor(private readonly connection: RedisConnection) {}

  async get(tenantId: string, cacheKey: string): Promise<CachedResponse | undefined> {
    let stored: string | null;
    try {
      stored = await this.connection.client.get(this.keyOf(tenantId, cacheKey));
    } catch (error) {
      throw toRedisError(error);
    }
    return stored === null ? undefined : decode(stored);
  }

  async put(cacheKey: string, entry: CachedResponse): Promise<void> {
    const ttlMs = entry.expiresAt - Date.now();
    if (ttlMs <= 0) return;
    const { bodyText, ...meta } = entry;
    try {
      await this.connection.client.set(this.keyOf(entry.tenantId, cacheKey), JSON.stringify(meta) + '\n' + bodyText, 'PX', ttlMs);
    } catch (error) {
      throw toRedisError(error);
    }
  }

  async remove(keys: Array<{ tenantId: string; cacheKey: string }>): Promise<void> {
    const names = keys.map(({ tenantId, cacheKey }) => this.keyOf(tenantId, cacheKey));
    try {
      for (let i = 0; i < names.length; i += KEYS_PER_DELETE) await this.connection.client.del(...names.slice(i, i + KEYS_PER_DELETE));
    } catch (error) {
      throw toRedisError(error);
    }
  }

  private keyOf(tenantId: string, cacheKey: string): string {
    return this.connection.key(`cache:${tenantId}:${cacheKey}`);
  }
}

/** The metadata line is JSON, so it never holds a raw newline; the body follows the first one. */
function decode(stored: string): CachedResponse | undefined {
  const end = stored.indexOf('\n');
  if (end < 0) return undefined;
  const meta = JSON.parse(stored.slice(0, end)) as Omit<CachedResponse, 'bodyText'>;
  return { ...meta, bodyText: stored.slice(end + 1) };
}
