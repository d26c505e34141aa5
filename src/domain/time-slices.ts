// Long work on the event loop (loading an index from the store) cut into slices of a few
// milliseconds, so requests run between them. A store that answers synchronously (SQLite) resolves
// its promises as microtasks, which never let a request in: only a macrotask turn does.

export class TimeSlices {
  private started = performance.now();

  constructor(private readonly sliceMs = 5) {}

  /** True when the current slice has run its time: the caller should `await yieldTurn()`. */
  get due(): boolean {
    return performance.now() - this.started > this.sliceMs;
  }

  /** Lets the event loop run what waits (requests, timers), then starts a new slice. */
  async yieldTurn(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }
}
