// The semantic layer of the response cache: indexes stored requests by the meaning of their last
// user message and finds a cached request that means the same as a new one. It only ever answers
// with a cache key; the entry itself is served by the exact layer. An embedder failure costs the
// request its semantic lookup (logged and counted), never an error. A request whose text the store
// cannot keep (src/domain/storable-text.ts) is not indexed: it is served by exact matches only.
import type { CacheStore, SemanticFields } from '../../../stores/ports/cache-store.js';
import type { Logger } from '../../logger.js';
import { isStorableText } from '../../storable-text.js';
import { BatchWriter, writeIsolated } from '../batch-writer.js';
import type { EquivalenceVerifier } from './equivalence-verifier.js';
import { SemanticMatcher, type MatchOutcome } from './semantic-matcher.js';
import { describeSemantically, type SemanticKey } from './semantic-request.js';
import type { VectorSpace } from './vectors/vector-space.js';

export interface SemanticLookup {
  /** The cache key of the equivalent entry, when one passed every check. */
  cacheKey?: string;
  similarity?: number;
  /** The closest entry considered, with why it was refused (for previews). */
  nearest?: { cacheKey: string; similarity: number; rejectedBecause?: string };
}

export interface SemanticMetrics {
  recordEmbedderFailure(): void;
}

export class SemanticCache<V = unknown> {
  private readonly matcher: SemanticMatcher<V>;
  private readonly writer: BatchWriter<{ tenantId: string; cacheKey: string; semantic: SemanticFields }>;

  constructor(
    private readonly space: VectorSpace<V>,
    verifier: EquivalenceVerifier,
    private readonly store: CacheStore,
    private readonly metrics: SemanticMetrics,
    private readonly logger: Logger,
    /** Writes pending exact entries, so the semantic fields never arrive before their row. */
    private readonly flushEntries: () => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {
    this.matcher = new SemanticMatcher(space, verifier);
    this.writer = new BatchWriter(
      async (rows) => {
        await this.flushEntries();
        for (const { item, error } of await writeIsolated(rows, (items) => this.store.putSemantic(items))) {
          this.logger.error({ err: error, tenantId: item.tenantId }, 'writing the semantic fields of a cache entry failed');
        }
      },
      (error) => this.logger.error({ err: error }, 'writing semantic cache fields failed'),
      20,
    );
  }

  get size(): number {
    return this.matcher.size;
  }

  /** Rebuilds the index from the store: entries embedded in this vector space that are still live. */
  async start(): Promise<void> {
    for (const row of await this.store.listSemantic(this.space.id, this.now())) {
      const vector = this.space.deserialize(row.vector);
      if (vector === undefined) continue;
      this.matcher.add({ id: idOf(row.tenantId, row.cacheKey), partition: row.partition, text: row.text, vector, context: row.context });
    }
  }

  describe(tenantId: string, body: { messages: unknown[]; [field: string]: unknown }): SemanticKey | undefined {
    return describeSemantically(tenantId, this.space.id, body);
  }

  /** `exhaustive` also reports the nearest entry below the threshold (previews); lookups skip that search. */
  async find(tenantId: string, key: SemanticKey, threshold: number, exhaustive = false): Promise<SemanticLookup> {
    const vector = await this.embedOne(key.text);
    if (vector === undefined) return {};
    let outcome: MatchOutcome;
    try {
      outcome = await this.matcher.findMatch(key.partition, key.text, vector, threshold, key.context, exhaustive);
    } catch (error) {
      this.embedderFailed(error); // context turns are embedded on demand
      return {};
    }
    const prefix = tenantId + ':';
    const keyOf = (id: string): string => (id.startsWith(prefix) ? id.slice(prefix.length) : id);
    return {
      ...(outcome.match ? { cacheKey: keyOf(outcome.match.id), similarity: outcome.match.similarity } : {}),
      ...(outcome.nearest
        ? {
            nearest: {
              cacheKey: keyOf(outcome.nearest.id),
              similarity: outcome.nearest.similarity,
              ...(outcome.nearest.rejectedBecause ? { rejectedBecause: outcome.nearest.rejectedBecause } : {}),
            },
          }
        : {}),
    };
  }

  /** Adds a stored entry to the index and records its semantic fields in the store; returns them. */
  async index(tenantId: string, cacheKey: string, key: SemanticKey): Promise<SemanticFields | undefined> {
    if (!isStorableText(key.text) || !key.context.every(isStorableText)) {
      this.logger.info({ tenantId, reason: 'the request holds a character the store cannot keep' }, 'cache entry not indexed by meaning');
      return undefined;
    }
    const vector = await this.embedOne(key.text);
    if (vector === undefined) return undefined;
    this.matcher.add({ id: idOf(tenantId, cacheKey), partition: key.partition, text: key.text, vector, context: key.context });
    const semantic = { partition: key.partition, text: key.text, context: key.context, embedderId: this.space.id, vector: this.space.serialize(vector) };
    this.writer.add({ tenantId, cacheKey, semantic });
    return semantic;
  }

  /** Adds an entry another instance stored and indexed (its fields are in the store already). */
  indexShared(tenantId: string, cacheKey: string, fields: SemanticFields): void {
    if (fields.embedderId !== this.space.id) return;
    const vector = this.space.deserialize(fields.vector);
    if (vector === undefined) return;
    this.matcher.add({ id: idOf(tenantId, cacheKey), partition: fields.partition, text: fields.text, vector, context: fields.context });
  }

  remove(tenantId: string, cacheKey: string): void {
    this.matcher.remove(idOf(tenantId, cacheKey));
  }

  async close(): Promise<void> {
    await this.writer.flush();
  }

  private async embedOne(text: string): Promise<V | undefined> {
    try {
      const [vector] = await this.space.embed([text]);
      return vector;
    } catch (error) {
      this.embedderFailed(error);
      return undefined;
    }
  }

  private embedderFailed(error: unknown): void {
    this.metrics.recordEmbedderFailure();
    this.logger.warn({ err: error, embedder: this.space.id }, 'embedder failed; exact-match cache only for this request');
  }
}

function idOf(tenantId: string, cacheKey: string): string {
  return tenantId + ':' + cacheKey;
}
