// Coalesces identical cache misses across gateway instances (the in-process RequestCoalescer does it
// within one): the instance that takes the flight's lock calls the upstream; the others wait for its
// answer to reach the shared cache tier (told over the bus, or by looking), within a bound. Nothing
// here can hang or deadlock: the lock expires unless its live leader renews it, a follower stops
// waiting once the lock is gone or after waitMs, and without Redis every instance leads.
import type { ClusterBus } from '../../stores/ports/cluster-bus.js';
import type { FlightLocks } from '../../stores/ports/flight-locks.js';
import type { OutageMonitor } from '../cluster/outage-monitor.js';

export interface ClusterCoalescerOptions {
  /** Lifetime of a flight lock unless renewed; the leader renews it every third of it. */
  lockTtlMs: number;
  /** The longest a follower waits for the leader's answer before calling the upstream itself. */
  waitMs: number;
  /** How often a follower looks for the answer and the leader's lock between notifications. */
  pollMs: number;
}

/** This instance leads the flight (and must call finish once its answer is stored, or has failed), or follows it. */
export type FlightTicket = { leader: true; finish(): void } | { leader: false };

const UNCONTESTED: FlightTicket = { leader: true, finish: () => undefined };

export class ClusterCoalescer {
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(
    private readonly locks: FlightLocks,
    private readonly bus: ClusterBus,
    private readonly monitor: OutageMonitor,
    private readonly options: ClusterCoalescerOptions,
  ) {
    bus.subscribe((event) => {
      if (event.type === 'flight.done') this.wake(event.key);
    });
  }

  /** Takes the flight for `key`; leads without a lock when the lock service is unreachable. */
  async enter(key: string): Promise<FlightTicket> {
    const name = lockName(key);
    if (this.monitor.skips('coalesce.lock')) return UNCONTESTED;
    let token: string | undefined;
    try {
      token = await this.locks.acquire(name, this.options.lockTtlMs);
      this.monitor.succeeded();
    } catch (error) {
      this.monitor.failed('coalesce.lock', error);
      return UNCONTESTED;
    }
    if (token === undefined) return { leader: false };
    const held = token;
    const renewal = setInterval(() => {
      this.locks.renew(name, held, this.options.lockTtlMs).catch(() => undefined);
    }, Math.max(100, Math.floor(this.options.lockTtlMs / 3)));
    renewal.unref();
    let finished = false;
    return {
      leader: true,
      finish: () => {
        if (finished) return;
        finished = true;
        clearInterval(renewal);
        void this.locks
          .release(name, held)
          .catch(() => undefined) // an unreleased lock expires by itself
          .then(() => this.bus.publish({ type: 'flight.done', key }));
      },
    };
  }

  /**
   * Waits for the leader of `key` and answers with what `probe` finds once it is done; undefined
   * when the leader finished without a shareable answer, went away, or took longer than waitMs.
   */
  async awaitLeader<T>(key: string, signal: AbortSignal, probe: () => Promise<T | undefined>): Promise<T | undefined> {
    const deadline = Date.now() + this.options.waitMs;
    while (!signal.aborted) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return undefined;
      const told = await this.notified(key, Math.min(this.options.pollMs, remaining), signal);
      const found = await probe();
      if (found !== undefined || told) return found;
      if (!(await this.isHeld(key))) return probe(); // the leader just finished, or died: one last look
    }
    return undefined;
  }

  private async isHeld(key: string): Promise<boolean> {
    if (this.monitor.skips('coalesce.wait')) return false;
    try {
      return await this.locks.isHeld(lockName(key));
    } catch (error) {
      this.monitor.failed('coalesce.wait', error);
      return false;
    }
  }

  /** Resolves true when told the flight is done, false after ms or on abort. */
  private notified(key: string, ms: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      let waiters = this.waiting.get(key);
      if (!waiters) {
        waiters = new Set();
        this.waiting.set(key, waiters);
      }
      const settle = (told: boolean): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        waiters.delete(onDone);
        if (waiters.size === 0 && this.waiting.get(key) === waiters) this.waiting.delete(key);
        resolve(told);
      };
      const onDone = (): void => settle(true);
      const onAbort = (): void => settle(false);
      const timer = setTimeout(() => settle(false), ms);
      waiters.add(onDone);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private wake(key: string): void {
    for (const onDone of [...(this.waiting.get(key) ?? [])]) onDone();
  }
}

function lockName(key: string): string {
  return `flight:${key}`;
}
