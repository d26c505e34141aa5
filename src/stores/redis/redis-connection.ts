// One Redis connection with a key prefix, set up never to hang: commands fail at once while the
// link is down (no offline queue), time out after commandTimeoutMs, and the client reconnects by itself.
import { Redis } from 'ioredis';
import { StoreError } from '../ports/store-error.js';
import { toRedisError } from './redis-errors.js';

export interface RedisOptions {
  url: string;
  /** Prepended to every key and channel this connection names. */
  keyPrefix: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
}

/** Reconnection backoff: quick at first, then at most one attempt a second so recovery is prompt. */
const reconnectDelay = (attempt: number): number => Math.min(50 * 2 ** attempt, 1_000);

export class RedisConnection {
  readonly client: Redis;
  readonly keyPrefix: string;
  /** The last connection error, so that a start that times out can say why (refused, unknown host). */
  private lastError: (Error & { code?: string }) | undefined;

  constructor(private readonly options: RedisOptions) {
    this.keyPrefix = options.keyPrefix;
    this.client = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: options.connectTimeoutMs,
      retryStrategy: reconnectDelay,
      connectionName: 'synapse',
    });
    // Connection errors surface through the commands that need Redis; unhandled, they would crash.
    this.client.on('error', (error: Error) => {
      this.lastError = error;
    });
  }

  /** The prefixed name of a key or channel. */
  key(name: string): string {
    return this.keyPrefix + name;
  }

  /** Resolves once the connection is ready; rejects with a StoreError after connectTimeoutMs. */
  async waitUntilReady(): Promise<void> {
    if (this.client.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.client.off('ready', onReady);
        const why = this.lastError ? `: ${this.lastError.message}` : '';
        const cause = new Error(`not ready within ${this.options.connectTimeoutMs} ms${why}`);
        reject(new StoreError('Redis', 'unavailable', cause, this.lastError?.code));
      }, this.options.connectTimeoutMs);
      const onReady = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.client.once('ready', onReady);
    });
  }

  async ping(): Promise<void> {
    try {
      await this.client.ping();
    } catch (error) {
      throw toRedisError(error);
    }
  }

  async close(): Promise<void> {
    if (this.client.status === 'end') return;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}

/** Connects and waits until Redis answers; rejects with a StoreError (and closes) when it cannot. */
export async function openRedisConnection(options: RedisOptions): Promise<RedisConnection> {
  const connection = new RedisConnection(options);
  try {
    await connection.waitUntilReady();
  } catch (error) {
    connection.client.disconnect();
    throw error;
  }
  return connection;
}
