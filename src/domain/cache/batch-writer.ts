// Collects writes and hands them to the store in batches: one transaction for many entries
// instead of one per cache miss. A batch goes out after `delayMs` or once `maxBatch` items wait,
// and never holds more than `maxBatch`.
// writeIsolated keeps one refused item from costing the others of its batch.
import { isStoreError } from '../../stores/ports/store-error.js';

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

  /**
   * Writes everything added so far; resolves when it is in the store. The batch is taken when the
   * write before it has finished, so items added meanwhile go out together (a group commit), at
   * most `maxBatch` a write: while a slow store kept a write waiting, tens of thousands of items
   * piled up behind it, and one statement for all of them outlasted the statement timeout and
   * lost them all (a third of a 1M fill on PostgreSQL).
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight = this.inFlight.then(async () => {
      const items = this.pending;
      this.pending = [];
      for (let at = 0; at < items.length; at += this.maxBatch) {
        try {
          await this.write(items.length <= this.maxBatch ? items : items.slice(at, at + this.maxBatch));
        } catch (error) {
          this.onError(error);
        }
      }
    });
    return this.inFlight;
  }
}

/**
 * Writes `items` in one call; when the store refuses that call (anything but being unreachable,
 * which is rethrown), writes them one at a time, so an item it refuses costs only itself. Returns
 * the items that could not be written, with why.
 */
export async function writeIsolated<T>(items: T[], write: (items: T[]) => Promise<void>): Promise<Array<{ item: T; error: unknown }>> {
  try {
    await write(items);
    return [];
  } catch (error) {
    if (isStoreError(error) && error.failure === 'unavailable') throw error;
    if (items.length === 1) return [{ item: items[0]!, error }];
  }
  const failed: Array<{ item: T; error: unknown }> = [];
  for (const item of items) {
    try {
      await write([item]);
    } catch (error) {
      if (isStoreError(error) && error.failure === 'unavailable') throw error;
      failed.push({ item, error });
    }
  }
  return failed;
}
