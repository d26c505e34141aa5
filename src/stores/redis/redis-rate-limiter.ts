// RateLimiter on Redis: one token bucket per key shared by every gateway instance, taken atomically
// by a Lua script (EVALSHA, loaded on first use). Fails fast with a StoreError while Redis is down.
import { decideFromBucket } from '../ports/token-bucket-decision.js';
import type { RateLimitDecision, RateLimitRule, RateLimiter } from '../ports/rate-limiter.js';
import type { RedisConnection } from './redis-connection.js';
import { toRedisError } from './redis-errors.js';
import { TOKEN_BUCKET_LUA } from './token-bucket-script.js';

const COMMAND = 'synapseTokenBucket';

/** The command ioredis defines from the script (see defineCommand). */
interface TokenBucketCommand {
  [COMMAND](key: string, limit: string, windowMs: string): Promise<[number, string]>;
}

export interface RedisRateLimiterOptions {
  /** Closed with the limiter when true (the limiter was given a connection of its own). */
  ownsConnection?: boolean;
}

export class RedisRateLimiter implements RateLimiter {
  private readonly commands: TokenBucketCommand;

  constructor(
    private readonly connection: RedisConnection,
    private readonly options: RedisRateLimiterOptions = {},
  ) {
    connection.client.defineCommand(COMMAND, { numberOfKeys: 1, lua: TOKEN_BUCKET_LUA });
    this.commands = connection.client as unknown as TokenBucketCommand;
  }

  async consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    let reply: [number, string];
    try {
      reply = await this.commands[COMMAND](
        this.connection.key(`ratelimit:${key}`),
        String(rule.limit),
        String(rule.windowSecs * 1000),
      );
    } catch (error) {
      throw toRedisError(error);
    }
    return decideFromBucket(rule, Number(reply[1]), reply[0] === 1);
  }

  async close(): Promise<void> {
    if (this.options.ownsConnection) await this.connection.close();
  }
}
