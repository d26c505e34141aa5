// The exact-match response cache: a bounded in-memory LRU of serialized bodies in front of the
// durable CacheStore. New entries are written behind, in batches a few milliseconds apart (served
// from memory meanwhile), and hit counters once a second, so neither a miss nor a hit waits for
// a write of its own; with durability `sync` a store resolves only once its entry is written
// (concurrent ones in one batch). Expired entries are swept each minute; the store is kept under maxEntries.
// With several instances, a shared tier (Redis) sits between the LRU and the store. A batch the
// store refuses is written entry by entry, so one bad entry costs no other; an answer whose model
// name the store cannot keep (src/domain/storable-text.ts) is not cached at all.
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { CacheEntry, CacheStore } from '../../stores/ports/cache-store.js';
import { isStorableText } from '../storable-text.js';
import { BatchWriter, writeIsolated } from './batch-writer.js';
import { summarizeCacheStats, type CacheStats } from './cache-stats.js';
import { estimateCostUsd } from './model-prices.js';
import type { CachedResponse, SharedCacheTier } from '../../stores/ports/shared-cache-tier.js';
import { noSharedCacheTier } from './shared-tier-wrappers.js';
import type { Logger } from '../logger.js';

export interface ResponseCacheOptions {
  ttlSecs: number;
  maxEntries: number;
  memoryEntries: number;
  memoryBytes: number;
  maxEntryBytes: number;
  /** `sync`: store() resolves once the entry is in the store; `async` (default): once it is in memory. */
  durability?: 'async' | 'sync';
}

/** An answer to store: the entry's own fields, and its lifetime when not the default. */
export type StoreResponseInput = Pick<CacheEntry, 'tenantId' | 'cacheKey' | 'model' | 'response' | 'promptTokens' | 'completionTokens'> & {
  ttlSecs?: number;
};

const HIT_FLUSH_MS = 1_000;
const SWEEP_MS = 60_000;

/** What memory answers for an entry whose time is up: a miss that must not read the store. */
const EXPIRED = Symbol('expired');

export class ResponseCache {
  private readonly memory: LRUCache<string, CachedResponse>;
  private readonly pendingHits = new Map<string, { hits: number; lastHitAt: number }>();
  private readonly timers: NodeJS.Timeout[] = [];
  private approximateCount = 0;
  /** Entries stored but not yet written, by memory key: found by lookups until written. */
  private readonly unwritten = new Map<string, CachedResponse>();
  private readonly writer: BatchWriter<{ memoryKey: string; entry: CacheEntry }>;
  private readonly removalListeners: Array<(tenantId: string, cacheKey: string) => void> = [];
  private readonly missesByTenant = new Map<string, number>();

  constructor(
    private readonly entries: CacheStore,
    private readonly options: ResponseCacheOptions,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    /** Never throws (see failingOpen): an unreachable tier is skipped. */
    private readonly shared: SharedCacheTier = noSharedCacheTier,
  ) {
    this.writer = new BatchWriter(
      (batch) => this.writeBatch(batch),
      (error) => this.logger.error({ err: error }, 'writing cache entries failed'),
    );
    this.memory = new LRUCache({
      max: Math.max(1, options.memoryEntries),
      maxSize: options.memoryBytes,
      sizeCalculation: (value) => value.bodyText.length + 256,
    });
  }

  async start(): Promise<void> {
    this.approximateCount = await this.entries.countEntries();
    this.every(HIT_FLUSH_MS, () => this.flushHits());
    this.every(SWEEP_MS, () => this.sweepExpired());
  }

  /** Called for every entry that leaves the cache (deleted, evicted or expired). */
  onRemoved(listener: (tenantId: string, cacheKey: string) => void): void {
    this.removalListeners.push(listener);
  }

  /** Like lookup, but counts nothing and changes no recency: for previews. */
  async peek(tenantId: string, cacheKey: string): Promise<CachedResponse | undefined> {
    const memoryKey = tenantId + ':' + cacheKey;
    const now = this.now();
    const cached = this.memory.peek(memoryKey) ?? this.unwritten.get(memoryKey);
    if (cached) return cached.expiresAt > now ? cached : undefined;
    const shared = await this.shared.get(tenantId, cacheKey);
    if (shared && shared.expiresAt > now) return shared;
    const entry = await this.entries.getEntry(tenantId, cacheKey);
    return entry && entry.expiresAt > now ? toCachedResponse(entry, JSON.stringify(entry.response)) : undefined;
  }

  /**
   * Finds a live entry: synchronously when it is in memory (the hot path), else with a promise
   * that reads the store.
   */
  lookup(tenantId: string, cacheKey: string): CachedResponse | undefined | Promise<CachedResponse | undefined> {
    const memoryKey = tenantId + ':' + cacheKey;
    const cached = this.findInMemory(memoryKey);
    if (cached === undefined) return this.lookupStore(tenantId, cacheKey, memoryKey);
    if (cached === EXPIRED) return undefined;
    this.countHit(cached.id, this.now());
    return cached;
  }

  /**
   * A live entry held in memory, counted as a hit like lookup()'s; undefined when memory does not
   * hold it (or holds it expired), without reading the store: the caller decides what a miss costs.
   */
  lookupInMemory(tenantId: string, cacheKey: string): CachedResponse | undefined {
    const cached = this.findInMemory(tenantId + ':' + cacheKey);
    if (cached === undefined || cached === EXPIRED) return undefined;
    this.countHit(cached.id, this.now());
    return cached;
  }

  /** The entry memory holds for the key: EXPIRED (and dropped) when its time is up. */
  private findInMemory(memoryKey: string): CachedResponse | typeof EXPIRED | undefined {
    const cached = (this.options.memoryEntries > 0 ? this.memory.get(memoryKey) : undefined) ?? this.unwritten.get(memoryKey);
    if (!cached) return undefined;
    if (cached.expiresAt > this.now()) return cached;
    this.memory.delete(memoryKey);
    return EXPIRED;
  }

  private async lookupStore(tenantId: string, cacheKey: string, memoryKey: string): Promise<CachedResponse | undefined> {
    const shared = await this.shared.get(tenantId, cacheKey);
    let now = this.now();
    let cached = shared && shared.expiresAt > now ? shared : undefined;
    if (!cached) {
      const entry = await this.entries.getEntry(tenantId, cacheKey);
      now = this.now();
      if (!entry || entry.expiresAt <= now) return undefined;
      cached = toCachedResponse(entry, JSON.stringify(entry.response));
      if (shared === undefined) void this.shared.put(cacheKey, cached); // e.g. older than the shared tier
    }
    if (this.options.memoryEntries > 0) this.memory.set(memoryKey, cached);
    this.countHit(cached.id, now);
    return cached;
  }

  /** True when store() resolves only once the entry is written (durability `sync`). */
  get durable(): boolean {
    return this.options.durability === 'sync';
  }

  /** Stores a response; returns undefined when it is too large to cache. */
  async store(input: StoreResponseInput): Promise<CachedResponse | undefined> {
    if (!isStorableText(input.model)) {
      // The body is JSON (escaped), the model a column of its own: skipped, on every backend alike.
      this.logger.info({ tenantId: input.tenantId, reason: 'the model name holds a character the store cannot keep' }, 'response not cached');
      return undefined;
    }
    const bodyText = JSON.stringify(input.response);
    const sizeBytes = Buffer.byteLength(bodyText);
    if (sizeBytes > this.options.maxEntryBytes) return undefined;
    const now = this.now();
    const entry: CacheEntry = {
      id: `ce_${randomBytes(12).toString('base64url')}`,
      tenantId: input.tenantId,
      cacheKey: input.cacheKey,
      model: input.model,
      response: input.response,
      promptTokens: input.promptTokens,
      completionTokens: input.completionTokens,
      sizeBytes,
      createdAt: now,
      expiresAt: now + (input.ttlSecs ?? this.options.ttlSecs) * 1000,
      lastHitAt: now,
      hitCount: 0,
    };
    const memoryKey = input.tenantId + ':' + input.cacheKey;
    const cached = toCachedResponse(entry, bodyText);
    if (this.options.memoryEntries > 0) this.memory.set(memoryKey, cached);
    this.unwritten.set(memoryKey, cached);
    this.writer.add({ memoryKey, entry });
    if (this.durable) await Promise.all([this.writer.flush(), this.shared.put(input.cacheKey, cached)]);
    else await this.shared.put(input.cacheKey, cached);
    return cached;
  }

  /** Writes everything stored so far; later reads and deletes then see it in the store. */
  flushWrites(): Promise<void> {
    return this.writer.flush();
  }

  private async writeBatch(batch: Array<{ memoryKey: string; entry: CacheEntry }>): Promise<void> {
    let failed: Array<{ item: { entry: CacheEntry }; error: unknown }>;
    try {
      failed = await writeIsolated(batch, (items) => this.entries.putEntries(items.map((item) => item.entry)));
    } finally {
      for (const { memoryKey, entry } of batch) {
        if (this.unwritten.get(memoryKey)?.id === entry.id) this.unwritten.delete(memoryKey);
      }
    }
    for (const { item, error } of failed) {
      this.logger.error({ err: error, tenantId: item.entry.tenantId, entryId: item.entry.id }, 'writing a cache entry failed; it is not cached');
    }
    this.approximateCount += batch.length - failed.length;
    if (this.approximateCount > this.options.maxEntries) await this.evict();
  }

  async deleteEntry(tenantId: string, id: string): Promise<boolean> {
    await this.flushWrites();
    const removed = await this.entries.deleteEntry(tenantId, id);
    if (!removed) return false;
    await this.forget([{ tenantId, cacheKey: removed.cacheKey }]);
    this.approximateCount = Math.max(0, this.approximateCount - 1);
    return true;
  }

  async clear(tenantId: string, model?: string): Promise<number> {
    await this.flushWrites();
    const keys = await this.entries.deleteEntries(tenantId, model);
    await this.forget(keys.map((cacheKey) => ({ tenantId, cacheKey })));
    this.approximateCount = Math.max(0, this.approximateCount - keys.length);
    return keys.length;
  }

  /** One tenant's statistics, or every tenant's when tenantId is undefined. */
  async stats(tenantId?: string): Promise<CacheStats> {
    await this.flushWrites();
    await this.flushHits();
    const rows = await this.entries.usageByTenantAndModel(tenantId);
    const tenants = tenantId === undefined ? [...this.missesByTenant.keys()] : [tenantId];
    const misses = tenantId === undefined ? this.missesByTenant : new Map([[tenantId, this.missesByTenant.get(tenantId) ?? 0]]);
    return summarizeCacheStats(rows, misses, tenants);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.flushWrites();
    await this.flushHits();
  }

  /** Counts a lookup that no layer could serve (the caller knows when that is). */
  recordMiss(tenantId: string): void {
    this.missesByTenant.set(tenantId, (this.missesByTenant.get(tenantId) ?? 0) + 1);
  }

  private countHit(id: string, now: number): void {
    const pending = this.pendingHits.get(id);
    if (pending) {
      pending.hits += 1;
      pending.lastHitAt = now;
    } else {
      this.pendingHits.set(id, { hits: 1, lastHitAt: now });
    }
  }

  private async flushHits(): Promise<void> {
    if (this.pendingHits.size === 0) return;
    const batch = [...this.pendingHits].map(([id, { hits, lastHitAt }]) => ({ id, hits, lastHitAt }));
    this.pendingHits.clear();
    await this.entries.recordHits(batch);
  }

  /** Evicts down to just under the bound, in batches of about 1%, so eviction is not per insert. */
  private async evict(): Promise<void> {
    await this.flushHits(); // recency must be current before choosing victims
    const keep = this.options.maxEntries - Math.floor(this.options.maxEntries / 100);
    await this.forget(await this.entries.evictBeyond(keep));
    this.approximateCount = await this.entries.countEntries();
  }

  private async sweepExpired(): Promise<void> {
    const removed = await this.entries.deleteExpired(this.now());
    await this.forget(removed);
    if (removed.length > 0) this.approximateCount = await this.entries.countEntries();
  }

  /** Drops an entry from this instance's memory only (another instance changed or removed it). */
  dropFromMemory(tenantId: string, cacheKey: string): void {
    this.memory.delete(tenantId + ':' + cacheKey);
  }

  /** Drops every entry from this instance's memory (after missing other instances' changes). */
  dropAllFromMemory(): void {
    this.memory.clear();
  }

  /** Removes from memory and the shared tier first, so listeners that tell other instances come last. */
  private async forget(keys: Array<{ tenantId: string; cacheKey: string }>): Promise<void> {
    if (keys.length === 0) return;
    for (const { tenantId, cacheKey } of keys) this.memory.delete(tenantId + ':' + cacheKey);
    await this.shared.remove(keys);
    for (const { tenantId, cacheKey } of keys) {
      for (const listener of this.removalListeners) listener(tenantId, cacheKey);
    }
  }

  private every(ms: number, task: () => Promise<void>): void {
    const timer = setInterval(() => {
      task().catch((error: unknown) => this.logger.error({ err: error }, 'cache maintenance failed'));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }
}

function toCachedResponse(entry: CacheEntry, bodyText: string): CachedResponse {
  return {
    id: entry.id,
    tenantId: entry.tenantId,
    model: entry.model,
    bodyText,
    promptTokens: entry.promptTokens,
    completionTokens: entry.completionTokens,
    costSavedUsd: estimateCostUsd(entry.model, entry.promptTokens, entry.completionTokens),
    createdAt: entry.createdAt,
    expiresAt: entry.expiresAt,
  };
}
