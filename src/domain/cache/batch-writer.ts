// Collects writes and hands them to the store in batches: one transaction for many entries
// instead of one per cache miss. A batch goes out after `delayMs` or once `maxBatch` items wait.

export class BatchWriter<T> {
  private pending: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly delayMs = 5,
    private readonly maxBatch = 500,
  ) {}

  add(item: T): void {
    this.pending.push(item);
    if (this.pending.length >= this.maxBatch) {
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.delayMs);
      this.timer.unref();
    }
  }

  /** Writes everything added so far; resolves when it is in the store. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.inFlight = this.inFlight.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.write(batch);
      } catch (error) {
        this.onError(error);
      }
    });
    return this.inFlight;
  }
}
