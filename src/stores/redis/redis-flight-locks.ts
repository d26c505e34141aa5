// Flight locks on Redis: SET NX PX takes one, and small scripts renew and release it only for the
// token that holds it, so a leader whose lock expired never frees its successor's.
import { randomBytes } from 'node:crypto';
import type { FlightLocks } from '../ports/flight-locks.js';
import type { RedisConnection } from './redis-connection.js';
import { toRedisError } from './redis-errors.js';

const RENEW = 'synapseRenewLock';
const RELEASE = 'synapseReleaseLock';

/** KEYS[1] lock; ARGV[1] token, ARGV[2] ttl in ms. */
const RENEW_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
/** KEYS[1] lock; ARGV[1] token. */
const RELEASE_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

interface LockCommands {
  [RENEW](key: string, token: string, ttlMs: string): Promise<number>;
  [RELEASE](key: string, token: string): Promise<number>;
}

export class RedisFlightLocks implements FlightLocks {
  private readonly commands: LockCommands;

  constructor(private readonly connection: RedisConnection) {
    connection.client.defineCommand(RENEW, { numberOfKeys: 1, lua: RENEW_LUA });
    connection.client.defineCommand(RELEASE, { numberOfKeys: 1, lua: RELEASE_LUA });
    this.commands = connection.client as unknown as LockCommands;
  }

  async acquire(name: string, ttlMs: number): Promise<string | undefined> {
    const token = randomBytes(12).toString('base64url');
    const taken = await this.run(() => this.connection.client.set(this.connection.key(name), token, 'PX', ttlMs, 'NX'));
    return taken === 'OK' ? token : undefined;
  }

  async renew(name: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.run(() => this.commands[RENEW](this.connection.key(name), token, String(ttlMs)))) === 1;
  }

  async release(name: string, token: string): Promise<void> {
    await this.run(() => this.commands[RELEASE](this.connection.key(name), token));
  }

  async isHeld(name: string): Promise<boolean> {
    return (await this.run(() => this.connection.client.exists(this.connection.key(name)))) === 1;
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw toRedisError(error);
    }
  }
}
