// The request log's writer: record() adds a row to the store's batch in memory (nothing awaited),
// and the batch is appended to the store once a second, or as soon as it holds `flushRows` rows; the
// store's batch keeps rows in its own form (encoded, not as objects that would outlive the garbage
// collector's young generation). Another timer prunes rows past the retention in small batches,
// yielding between them, so neither the hot path nor other queries wait on it.
import { randomBytes } from 'node:crypto';
import type { RequestLogBatch, RequestLogRow, RequestLogStore } from '../../stores/ports/request-log-store.js';
import type { Logger } from '../logger.js';

const COUNTER_SPAN = 36 ** 4;
/** Rows that start a flush without waiting for the timer: large enough for efficient batches. */
const FLUSH_ROWS = 512;


export interface RequestLogWriterOptions {
  /** False: record() drops everything (the routes then read an empty log). */
  enabled: boolean;
  retentionDays: number;
  now?: () => number;
  flushIntervalMs?: number;
  pruneIntervalMs?: number;
  /** Rows waiting at most; further rows are dropped (and counted in a warning) until a flush. */
  maxPending?: number;
  /** Rows one prune statement deletes at most. */
  pruneBatch?: number;
  /** Queued rows that start a flush before the timer does (once started). */
  flushRows?: number;
}

export class RequestLogWriter {
  private pending: RequestLogBatch;
  /** The rows whose append failed, kept for the next flush (before those recorded since); they count against maxPending. */
  private unwritten: RequestLogBatch | undefined;
  private unwrittenRows = 0;
  private dropped = 0;
  private flushes: Promise<void> = Promise.resolve();
  private flushesQueued = 0;
  private pruning: Promise<number> | undefined;
  private timers: NodeJS.Timeout[] = [];
  private counter = 0;
  /** The time part of the ids, and the millisecond it is for: many rows share one. */
  private idTime = -1;
  private idPrefix = '';
  private readonly instance = randomBytes(6).toString('base64url');
  private readonly now: () => number;
  private readonly maxPending: number;
  private readonly pruneBatch: number;

  constructor(
    private readonly store: RequestLogStore,
    private readonly logger: Logger,
    private readonly options: RequestLogWriterOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.maxPending = options.maxPending ?? 50_000;
    this.pruneBatch = options.pruneBatch ?? 1_000;
    this.pending = store.newBatch();
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  /** Queues one call's row, taking it over: its `id` is set here (the domain makes ids). */
  record(entry: RequestLogRow): void {
    if (!this.options.enabled) return;
    if (this.pending.rows + this.unwrittenRows >= this.maxPending) {
      this.dropped++;
      return;
    }
    entry.id = this.nextId(entry.timestamp);
    this.pending.add(entry);
    if (this.pending.rows >= (this.options.flushRows ?? FLUSH_ROWS) && this.flushesQueued === 0 && this.timers.length > 0) void this.flush();
  }

  start(): void {
    if (!this.options.enabled || this.timers.length > 0) return;
    const flush = setInterval(() => {
      if (this.flushesQueued === 0) void this.flush();
    }, this.options.flushIntervalMs ?? 1_000);
    const prune = setInterval(() => void this.prune(), this.options.pruneIntervalMs ?? 3_600_000);
    flush.unref();
    prune.unref();
    this.timers = [flush, prune];
    setImmediate(() => void this.prune());
  }

  /** Writes every queued row; never rejects (a failed batch is logged and kept for the next flush). */
  flush(): Promise<void> {
    this.flushesQueued++;
    this.flushes = this.flushes.then(() => this.writePending()).finally(() => void this.flushesQueued--);
    return this.flushes;
  }

  /** Deletes rows older than the retention, a batch at a time; returns how many. Never rejects. */
  prune(): Promise<number> {
    this.pruning ??= this.pruneAll().finally(() => (this.pruning = undefined));
    return this.pruning;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.pruning;
    await this.flush();
    const lost = this.pending.rows + this.unwrittenRows;
    if (lost > 0) this.logger.error({ rows: lost }, 'request log: rows not written before shutdown are lost');
  }

  /**
   * Ids that sort by time (then by this writer's counter), so each batch appends to the end of the
   * id index instead of landing all over it as random ids would; the instance part keeps the ids
   * of several instances on one database apart.
   */
  private nextId(timestamp: number): string {
    this.counter = (this.counter + 1) % COUNTER_SPAN;
    if (timestamp !== this.idTime) {
      this.idTime = timestamp;
      this.idPrefix = timestamp.toString(36).padStart(9, '0') + this.instance;
    }
    return this.idPrefix + this.counter.toString(36).padStart(4, '0');
  }

  private async writePending(): Promise<void> {
    if (this.dropped > 0) {
      this.logger.warn({ rows: this.dropped, maxPending: this.maxPending }, 'request log: too many rows waiting to be written; rows dropped');
      this.dropped = 0;
    }
    let batch = this.unwritten;
    this.unwritten = undefined;
    this.unwrittenRows = 0;
    if (this.pending.rows > 0) {
      if (batch) batch.absorb(this.pending);
      else batch = this.pending;
      this.pending = this.store.newBatch();
    }
    if (!batch) return;
    try {
      await this.store.append(batch);
    } catch (error) {
      this.logger.error({ err: error, rows: batch.rows }, 'request log: rows not written; kept for the next flush');
      this.unwritten = batch;
      this.unwrittenRows = batch.rows;
    }
  }

  private async pruneAll(): Promise<number> {
    const cutoff = this.now() - this.options.retentionDays * 86_400_000;
    let total = 0;
    try {
      for (;;) {
        const deleted = await this.store.deleteOlderThan(cutoff, this.pruneBatch);
        total += deleted;
        if (deleted < this.pruneBatch) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.logger.error({ err: error }, 'request log: pruning old rows failed; retried at the next interval');
    }
    if (total > 0) this.logger.info({ rows: total }, 'request log: old rows pruned');
    return total;
  }
}
