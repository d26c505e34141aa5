// Redis connections for tests on the development/CI server (REDIS_URL, default
// redis://127.0.0.1:6379), each run under a key prefix of its own whose keys are deleted afterwards.
import { randomBytes } from 'node:crypto';
import { openRedisConnection, type RedisConnection, type RedisOptions } from '../../src/stores/redis/redis-connection.js';

export const TEST_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** The test server's address (without credentials), for messages and relays. */
export function testRedisTarget(): { host: string; port: number; label: string } {
  const url = new URL(TEST_REDIS_URL);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || 6379);
  return { host, port, label: `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}` };
}

/** The test Redis URL with its host and port replaced (to go through a relay on this machine). */
export function testRedisUrlAt(host: string, port: number): string {
  const url = new URL(TEST_REDIS_URL);
  url.hostname = host;
  url.port = String(port);
  return url.toString();
}

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
