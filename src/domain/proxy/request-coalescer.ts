// Coalesces concurrent identical cache misses into one upstream call. The call is cancelled
// only when every caller waiting on it has gone away.

export interface Flight<T> {
  result: Promise<T>;
  role: 'original' | 'piggybacked';
}

interface InFlight<T> {
  result: Promise<T>;
  controller: AbortController;
  waiters: number;
}

export class RequestCoalescer<T> {
  private readonly flights = new Map<string, InFlight<T>>();

  /**
   * Joins the call for `key`, starting it with `start` when none is in flight. `callerSignal`
   * aborts when this caller disconnects.
   */
  join(key: string, callerSignal: AbortSignal, start: (signal: AbortSignal) => Promise<T>): Flight<T> {
    let flight = this.flights.get(key);
    const role = flight ? 'piggybacked' : 'original';
    if (!flight) {
      const controller = new AbortController();
      const created: InFlight<T> = { controller, waiters: 0, result: start(controller.signal) };
      created.result.then(
        () => this.settle(key, created),
        () => this.settle(key, created),
      );
      this.flights.set(key, created);
      flight = created;
    }
    this.attach(flight, callerSignal);
    return { result: flight.result, role };
  }

  get size(): number {
    return this.flights.size;
  }

  /** Later callers start new calls; the calls in flight go on for the callers they have. */
  forgetAll(): number {
    const count = this.flights.size;
    this.flights.clear();
    return count;
  }

  private attach(flight: InFlight<T>, callerSignal: AbortSignal): void {
    flight.waiters += 1;
    const leave = (): void => {
      flight.waiters -= 1;
      if (flight.waiters === 0) flight.controller.abort(callerSignal.reason);
    };
    if (callerSignal.aborted) return leave();
    callerSignal.addEventListener('abort', leave, { once: true });
    flight.result.then(
      () => callerSignal.removeEventListener('abort', leave),
      () => callerSignal.removeEventListener('abort', leave),
    );
  }

  private settle(key: string, flight: InFlight<T>): void {
    if (this.flights.get(key) === flight) this.flights.delete(key);
  }
}
