// The response cache as the proxy sees it: the exact layer first (synchronous from memory), then
// the semantic layer for paraphrases, under the tenant's threshold and TTL. Also answers
// previews: what the cache would do for a request, without counting anything.
import type { TokenUsage } from '../../protocols/protocol-usage.js';
import type { SemanticFields } from '../../stores/ports/cache-store.js';
import type { SemanticView } from '../proxy/completion-protocol.js';
import type { CachedResponse } from '../../stores/ports/shared-cache-tier.js';
import type { ResponseCache } from './response-cache.js';
import type { SemanticCache } from './semantic/semantic-cache.js';
import type { SemanticKey } from './semantic/semantic-request.js';
import type { ThresholdPolicy } from './threshold-policy.js';

export interface CacheHit {
  cached: CachedResponse;
  similarity: number;
  source: 'exact' | 'semantic';
}

export interface CachePreview {
  action: 'hit' | 'miss';
  /**
   * hit; partial: a miss whose nearest cached request is at least as similar as the tenant's
   * partialHitThreshold (a near miss: lowering cacheHitThreshold to it would serve it); miss.
   */
  prediction: 'hit' | 'partial' | 'miss';
  partialHitThreshold: number;
  source: 'exact' | 'semantic' | null;
  similarity: number | null;
  threshold: number;
  entryId: string | null;
  /** The closest cached request of the same partition, matched or not. */
  nearest: { entryId: string; similarity: number; rejectedBecause?: string } | null;
  /** Why the request can only be served by an exact match, when it can. */
  exactOnlyBecause?: string;
}

/** An answer to store, in its protocol's wire shape, with what the semantic layer indexes. */
export interface AnswerToStore {
  model: string;
  answer: unknown;
  usage: TokenUsage;
  /** Undefined when only an exact match may serve this request. */
  semanticView: SemanticView | undefined;
}

/** Told of each entry stored through this instance, with its semantic fields when it was indexed. */
export type StoredListener = (tenantId: string, cacheKey: string, semantic: SemanticFields | undefined) => void;

export class LayeredCache {
  private readonly storedListeners: StoredListener[] = [];

  constructor(
    readonly exact: ResponseCache,
    readonly semantic: SemanticCache | undefined,
    private readonly thresholds: ThresholdPolicy,
  ) {}

  /** Exact first, then by meaning; a miss of both layers is counted for the statistics. */
  /** `view` is asked for only when the exact layer misses. */
  lookup(tenantId: string, cacheKey: string, view: () => SemanticView | undefined): CacheHit | undefined | Promise<CacheHit | undefined> {
    const found = this.exact.lookup(tenantId, cacheKey);
    if (found instanceof Promise) return found.then((cached) => (cached ? exactHit(cached) : this.lookupSemantic(tenantId, view)));
    if (found) return exactHit(found);
    return this.lookupSemantic(tenantId, view);
  }

  /** An exact hit held in memory (counted as lookup() counts it); undefined otherwise, the store unread. */
  exactHitInMemory(tenantId: string, cacheKey: string): CacheHit | undefined {
    const found = this.exact.lookupInMemory(tenantId, cacheKey);
    return found ? exactHit(found) : undefined;
  }

  /** True when an entry is written to the store before store() calls `written` (cache.durability sync). */
  get durable(): boolean {
    return this.exact.durable;
  }

  /**
   * Stores the answer in the exact layer, calls `written` (the entry is in memory, and in the store
   * when durable), then indexes it for the semantic layer and tells the listeners.
   */
  async store(tenantId: string, cacheKey: string, input: AnswerToStore, ttlSecs?: number, written?: () => void): Promise<void> {
    const stored = await this.exact.store({
      tenantId,
      cacheKey,
      model: input.model,
      response: input.answer,
      promptTokens: input.usage.inputTokens,
      completionTokens: input.usage.outputTokens,
      ttlSecs: ttlSecs ?? this.thresholds.effective(tenantId).ttlSecs,
    });
    written?.();
    if (!stored) return;
    const key = input.semanticView && this.semantic?.describe(tenantId, input.semanticView);
    const semantic = key ? await this.semantic!.index(tenantId, cacheKey, key) : undefined;
    for (const listener of this.storedListeners) listener(tenantId, cacheKey, semantic);
  }

  onStored(listener: StoredListener): void {
    this.storedListeners.push(listener);
  }

  async preview(tenantId: string, cacheKey: string, view: SemanticView | undefined): Promise<CachePreview> {
    const { cacheHitThreshold: threshold, partialHitThreshold, semanticTtlSecs } = this.thresholds.effective(tenantId);
    const exact = await this.exact.peek(tenantId, cacheKey);
    const base = { threshold, partialHitThreshold, nearest: null };
    if (exact) {
      return { ...base, action: 'hit', prediction: 'hit', source: 'exact', similarity: 1, entryId: exact.id, nearest: { entryId: exact.id, similarity: 1 } };
    }
    const miss: CachePreview = { ...base, action: 'miss', prediction: 'miss', source: null, similarity: null, entryId: null };
    if (!this.semantic) return { ...miss, exactOnlyBecause: 'the semantic cache is off' };
    const key = view && this.semantic.describe(tenantId, view);
    if (!key) return { ...miss, exactOnlyBecause: 'the last message is not plain user text, or the request offers tools' };
    const found = await this.semantic.find(tenantId, key, threshold, true);
    const nearestEntry = found.nearest && (await this.exact.peek(tenantId, found.nearest.cacheKey));
    const nearest = nearestEntry && found.nearest
      ? { entryId: nearestEntry.id, similarity: round(found.nearest.similarity), ...(found.nearest.rejectedBecause ? { rejectedBecause: found.nearest.rejectedBecause } : {}) }
      : null;
    const matched = found.cacheKey && (await this.exact.peek(tenantId, found.cacheKey));
    if (!matched || !servableByMeaning(matched, semanticTtlSecs)) {
      // A near miss: close enough by partialHitThreshold, and refused only by the threshold or the entry's age.
      const refusedByThreshold = nearest?.rejectedBecause === undefined || nearest.rejectedBecause === 'below threshold';
      const near = nearest !== null && refusedByThreshold && nearest.similarity >= partialHitThreshold;
      return { ...miss, prediction: near ? 'partial' : 'miss', nearest };
    }
    return { ...miss, action: 'hit', prediction: 'hit', source: 'semantic', similarity: round(found.similarity!), entryId: matched.id, nearest };
  }

  private async lookupSemantic(tenantId: string, viewOf: () => SemanticView | undefined): Promise<CacheHit | undefined> {
    const view = this.semantic ? viewOf() : undefined;
    const hit = view === undefined ? undefined : await this.findSemantic(tenantId, view);
    if (!hit) this.exact.recordMiss(tenantId);
    return hit;
  }

  private async findSemantic(tenantId: string, view: SemanticView): Promise<CacheHit | undefined> {
    const key: SemanticKey | undefined = this.semantic?.describe(tenantId, view);
    if (!key) return undefined;
    const { cacheHitThreshold, semanticTtlSecs } = this.thresholds.effective(tenantId);
    const found = await this.semantic!.find(tenantId, key, cacheHitThreshold);
    if (!found.cacheKey) return undefined;
    if (semanticTtlSecs !== null) {
      const entry = await this.exact.peek(tenantId, found.cacheKey);
      if (!entry || !servableByMeaning(entry, semanticTtlSecs)) return undefined;
    }
    const cached = await this.exact.lookup(tenantId, found.cacheKey);
    return cached ? { cached, similarity: round(found.similarity!), source: 'semantic' } : undefined;
  }
}

function exactHit(cached: CachedResponse): CacheHit {
  return { cached, similarity: 1, source: 'exact' };
}

/** An entry older than the tenant's semanticTtlSecs (WorldFlow's l2TtlSecs) is served only exactly. */
function servableByMeaning(entry: CachedResponse, semanticTtlSecs: number | null): boolean {
  return semanticTtlSecs === null || Date.now() - entry.createdAt <= semanticTtlSecs * 1000;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
