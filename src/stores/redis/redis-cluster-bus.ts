// The cluster bus on Redis pub/sub: one channel (`cluster` under the key prefix) carrying JSON
// `{from, event}`; each instance has an id and skips its own messages. Subscribing takes a
// connection of its own, which reconnects and resubscribes by itself; once it is back after an
// outage, resync listeners are told that events may have been missed.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { BackendHealth, ClusterBus, ClusterEvent, ClusterEventListener } from '../ports/cluster-bus.js';
import type { RedisConnection } from './redis-connection.js';
import { toRedisError } from './redis-errors.js';

interface Envelope {
  from: string;
  event: ClusterEvent;
}

export class RedisClusterBus implements ClusterBus {
  readonly instanceId = randomUUID();
  private readonly channel: string;
  private readonly subscriber: Redis;
  private readonly listeners: ClusterEventListener[] = [];
  private readonly resyncListeners: Array<() => void> = [];
  private subscribed = false;
  private lost = false;

  private constructor(
    private readonly connection: RedisConnection,
    private readonly monitor: BackendHealth,
  ) {
    this.channel = connection.key('cluster');
    this.subscriber = connection.client.duplicate({ connectionName: 'synapse-bus', autoResubscribe: true });
    this.subscriber.on('error', () => {}); // the outage shows in commands and in the monitor
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.deliver(message);
    });
    this.subscriber.on('close', () => {
      if (this.subscribed) this.lost = true;
    });
    this.subscriber.on('ready', () => {
      if (!this.lost) return;
      this.lost = false;
      // ioredis sends its own SUBSCRIBE on ready without waiting for it; a second one queues behind
      // it, so once it is acknowledged every later event is heard, and only then is a resync useful.
      this.subscriber.subscribe(this.channel).then(
        () => {
          for (const listener of this.resyncListeners) listener();
        },
        () => {
          this.lost = true; // the connection went again: the next ready tries once more
        },
      );
    });
  }

  /** Opens the subscriber connection and subscribes; rejects with a StoreError when Redis cannot be reached. */
  static async open(connection: RedisConnection, monitor: BackendHealth, connectTimeoutMs: number): Promise<RedisClusterBus> {
    const bus = new RedisClusterBus(connection, monitor);
    try {
      await bus.listen(connectTimeoutMs);
    } catch (error) {
      bus.subscriber.disconnect();
      throw toRedisError(error);
    }
    return bus;
  }

  publish(event: ClusterEvent): void {
    const message = JSON.stringify({ from: this.instanceId, event } satisfies Envelope);
    this.connection.client.publish(this.channel, message).then(
      () => this.monitor.succeeded(),
      (error: unknown) => this.monitor.failed('bus.publish', error),
    );
  }

  subscribe(listener: ClusterEventListener): void {
    this.listeners.push(listener);
  }

  onResync(listener: () => void): void {
    this.resyncListeners.push(listener);
  }

  async close(): Promise<void> {
    this.subscribed = false;
    if (this.subscriber.status === 'end') return;
    try {
      await this.subscriber.quit();
    } catch {
      this.subscriber.disconnect();
    }
  }

  private async listen(timeoutMs: number): Promise<void> {
    if (this.subscriber.status !== 'ready') {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.subscriber.off('ready', onReady);
          reject(new Error(`the subscriber connection was not ready within ${timeoutMs} ms`));
        }, timeoutMs);
        const onReady = (): void => {
          clearTimeout(timer);
          resolve();
        };
        this.subscriber.once('ready', onReady);
      });
    }
    await this.subscriber.subscribe(this.channel);
    this.subscribed = true;
  }

  private deliver(message: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch {
      return; // not ours
    }
    if (envelope.from === this.instanceId || typeof envelope.event?.type !== 'string') return;
    for (const listener of this.listeners) {
      try {
        listener(envelope.event);
      } catch {
        // one listener's failure must not keep the event from the others
      }
    }
  }
}
