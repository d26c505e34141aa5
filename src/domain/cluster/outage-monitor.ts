// Tracks whether a shared backend (Redis) is reachable, for the parts that fail open without it:
// each skipped use is counted, and the outage is logged once when it starts and once when it ends,
// never per request. During an outage the backend is tried again only every PROBE_MS, so a backend
// that hangs (rather than refusing at once) costs one command timeout per interval, not per request.
import type { Logger } from '../logger.js';
import type { BackendHealth } from '../../stores/ports/cluster-bus.js';

export interface FallbackMetrics {
  /** One use of the shared backend skipped (the operation fell back to local behaviour). */
  recordSharedFallback(backend: string, operation: string): void;
}

/** While the backend is down, uses within this long of the last failure skip it without trying. */
const PROBE_MS = 500;

export class OutageMonitor implements BackendHealth {
  private down = false;
  private retryAt = 0;

  constructor(
    readonly backend: string,
    private readonly metrics: FallbackMetrics,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get isDown(): boolean {
    return this.down;
  }

  /** True when a use should not even try the backend (it failed moments ago); counted as a fallback. */
  skips(operation: string): boolean {
    if (!this.down || this.now() >= this.retryAt) return false;
    this.metrics.recordSharedFallback(this.backend, operation);
    return true;
  }

  failed(operation: string, error: unknown): void {
    this.metrics.recordSharedFallback(this.backend, operation);
    this.retryAt = this.now() + PROBE_MS;
    if (this.down) return;
    this.down = true;
    this.logger.warn(
      { err: error, backend: this.backend, operation },
      `${this.backend} is unreachable; working without it (local cache, limits and coalescing) until it is back`,
    );
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info({ backend: this.backend }, `${this.backend} is reachable again`);
  }

  /** Runs a use of the backend, answering `fallback` (and recording the failure) when it fails. */
  async attempt<T>(operation: string, work: () => Promise<T>, fallback: T): Promise<T> {
    if (this.skips(operation)) return fallback;
    try {
      const result = await work();
      this.succeeded();
      return result;
    } catch (error) {
      this.failed(operation, error);
      return fallback;
    }
  }
}
