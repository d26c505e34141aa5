// Redis connections for tests on the development/CI server (127.0.0.1:6379), each run under a key
// prefix of its own whose keys are deleted afterwards. SYNAPSE_TEST_REDIS_URL points elsewhere.
import { randomBytes } from 'node:crypto';
import { openRedisConnection, type RedisConnection, type RedisOptions } from '../../src/stores/redis/redis-connection.js';

export const TEST_REDIS_URL = process.env.SYNAPSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniqueKeyPrefix(label = 'test'): string {
  return `synapse-test:${label}:${randomBytes(6).toString('hex')}:`;
}

export function testRedisOptions(keyPrefix: string, overrides: Partial<RedisOptions> = {}): RedisOptions {
  return { url: TEST_REDIS_URL, keyPrefix, connectTimeoutMs: 2_000, commandTimeoutMs: 1_000, ...overrides };
}

export function openTestRedis(keyPrefix: string): Promise<RedisConnection> {
  return openRedisConnection(testRedisOptions(keyPrefix));
}

/** Deletes every key under the prefix; returns how many there were. */
export async function deleteKeys(keyPrefix: string): Promise<number> {
  const connection = await openTestRedis(keyPrefix);
  try {
    let deleted = 0;
    const escaped = keyPrefix.replace(/[*?[\]\\]/g, '\\$&');
    for await (const keys of connection.client.scanStream({ match: `${escaped}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) deleted += await connection.client.del(...keys);
    }
    return deleted;
  } finally {
    await connection.close();
  }
}
