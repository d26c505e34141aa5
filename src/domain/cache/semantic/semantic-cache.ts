// The semantic layer of the response cache: indexes stored requests by the meaning of their last
// user message and finds a cached request that means the same as a new one. It only ever answers
// with a cache key; the entry itself is served by the exact layer. An embedder failure costs the
// request its semantic lookup (logged and counted), never an error. A request whose text the store
// cannot keep (src/domain/storable-text.ts) is not indexed: it is served by exact matches only.
// At start the index is rebuilt from the store in the background, a page at a time: until it is
// loaded, lookups by meaning miss (the exact layer serves at once) and `state` says so (/ready).
// Memory holds the index only; candidates' texts are read from the store (stored-entry-texts.ts).
// An index that keeps a snapshot (HNSW graphs) reads it back before that load, which confirms
// each entry read back (or adds it anew) and ends by removing those the store no longer has; the
// snapshot is written again once loaded, as the index changes, and at close.
import type { CacheStore, SemanticCursor, SemanticFields } from '../../../stores/ports/cache-store.js';
import type { Logger } from '../../logger.js';
import { TimeSlices } from '../../time-slices.js';
import { isStorableText } from '../../storable-text.js';
import { BatchWriter, writeIsolated } from '../batch-writer.js';
import type { EquivalenceVerifier } from './equivalence-verifier.js';
import { SemanticMatcher, type MatchOutcome } from './semantic-matcher.js';
import { describeSemantically, type SemanticKey } from './semantic-request.js';
import { StoredEntryTexts, entryId as idOf } from './stored-entry-texts.js';
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

export interface SemanticCacheOptions {
  /** Estimated bytes the index may hold (least recently used entries leave it beyond); 0: no bound. */
  indexBytes: number;
  /** Entries whose texts are kept in memory (LRU); the others' are read from the store. */
  textsInMemory: number;
}

/** What /ready reports of the index. */
export interface SemanticIndexState {
  state: 'loading' | 'ready' | 'failed';
  entries: number;
  /** Estimated bytes of the index, and its budget (0: none). */
  bytes: number;
  budgetBytes: number;
  /** Entries that left the index to keep it within the budget. */
  evicted: number;
  loadSecs?: number;
  /** What the index's snapshot gave at start, when it keeps one. */
  snapshot?: string;
}

/** Rows read from the store per page while loading. */
const LOAD_PAGE = 2_000;
/** The load yields to requests after this long (indexing a row takes tens of microseconds). */
const LOAD_SLICE_MS = 5;
/** How often whether to write the index's snapshot is checked. */
const SNAPSHOT_CHECK_MS = 60_000;
/** The snapshot is written again once a tenth of the index changed (at least this many entries)... */
const SNAPSHOT_MIN_CHANGES = 1_000;
/** ...or once any change is this old. */
const SNAPSHOT_MAX_AGE_MS = 30 * 60_000;

export class SemanticCache<V = unknown> {
  private readonly matcher: SemanticMatcher<V>;
  private readonly texts: StoredEntryTexts;
  private readonly writer: BatchWriter<{ tenantId: string; cacheKey: string; semantic: SemanticFields }>;
  private loadState: 'loading' | 'ready' | 'failed' = 'loading';
  private loadSecs: number | undefined;
  /** Entries removed while the load runs: a page read before their removal must not bring them back. */
  private removedWhileLoading = new Set<string>();
  private loading: Promise<void> | undefined;
  private snapshotOutcome: string | undefined;
  private snapshotWritten = performance.now();
  private snapshotTimer: NodeJS.Timeout | undefined;
  private persisting: Promise<void> | undefined;

  constructor(
    private readonly space: VectorSpace<V>,
    verifier: EquivalenceVerifier,
    private readonly store: CacheStore,
    private readonly metrics: SemanticMetrics,
    private readonly logger: Logger,
    /** Writes pending exact entries, so the semantic fields never arrive before their row. */
    private readonly flushEntries: () => Promise<void>,
    private readonly now: () => number = Date.now,
    options: SemanticCacheOptions = { indexBytes: 0, textsInMemory: 10_000 },
  ) {
    const texts = new StoredEntryTexts(store, options.textsInMemory);
    this.texts = texts;
    this.matcher = new SemanticMatcher(space, verifier, { texts, indexBytes: options.indexBytes });
    this.writer = new BatchWriter(
      async (rows) => {
        await this.flushEntries();
        try {
          for (const { item, error } of await writeIsolated(rows, (items) => this.store.putSemantic(items))) {
            this.logger.error({ err: error, tenantId: item.tenantId }, 'writing the semantic fields of a cache entry failed');
          }
        } finally {
          texts.written(rows.map((row) => idOf(row.tenantId, row.cacheKey)));
        }
      },
      (error) => this.logger.error({ err: error }, 'writing semantic cache fields failed'),
      20,
    );
  }

  get size(): number {
    return this.matcher.size;
  }

  state(): SemanticIndexState {
    const { bytes, budget, evicted } = this.matcher.memory;
    return {
      state: this.loadState,
      entries: this.matcher.size,
      bytes,
      budgetBytes: budget,
      evicted,
      ...(this.loadSecs !== undefined ? { loadSecs: this.loadSecs } : {}),
      ...(this.snapshotOutcome !== undefined ? { snapshot: this.snapshotOutcome } : {}),
    };
  }

  /**
   * Starts rebuilding the index from the store (entries embedded in this vector space that are
   * still live, least recently used first, so a budget keeps the most recent) and returns the
   * promise of its end. Lookups by meaning wait for it; nothing else does.
   */
  start(): Promise<void> {
    if (this.loading) return this.loading;
    const started = performance.now();
    if (this.loadState !== 'ready') this.loadState = 'loading'; // a re-index keeps serving
    this.removedWhileLoading = new Set();
    this.loading = this.load()
      .then(() => {
        this.matcher.trim();
        this.loadState = 'ready';
        this.loadSecs = (performance.now() - started) / 1000;
        this.logger.info({ entries: this.matcher.size, secs: this.loadSecs }, 'semantic cache index loaded');
        this.keepSnapshot();
      })
      .catch((error: unknown) => {
        this.loadState = 'failed';
        this.logger.error({ err: error }, 'loading the semantic cache index failed; exact matches only until a restart');
      })
      .finally(() => {
        this.loading = undefined;
        this.removedWhileLoading.clear();
      });
    return this.loading;
  }

  /** Resolves once no load is running (at once when none is). */
  async whenLoaded(): Promise<void> {
    await this.loading;
  }

  private async load(): Promise<void> {
    const index = this.matcher.index;
    if (index.restore && this.matcher.size === 0) {
      const restored = await index.restore();
      this.snapshotOutcome = restored.outcome === 'read' ? `read ${restored.entries} entries` : restored.outcome;
      this.logger.info({ entries: restored.entries, outcome: restored.outcome }, 'semantic cache index snapshot');
    }
    try {
      await this.loadPages();
    } finally {
      const dropped = index.settle?.() ?? 0; // before any lookup: entries the store no longer has
      if (dropped > 0) this.logger.info({ dropped }, 'semantic cache snapshot entries no longer stored were removed');
    }
  }

  private async loadPages(): Promise<void> {
    let after: SemanticCursor | undefined;
    const slices = new TimeSlices(LOAD_SLICE_MS);
    for (;;) {
      const rows = await this.store.listSemantic(this.space.id, this.now(), { ...(after ? { after } : {}), limit: LOAD_PAGE });
      for (const row of rows) {
        if (slices.due) await slices.yieldTurn(); // requests run between slices
        const id = idOf(row.tenantId, row.cacheKey);
        if (this.matcher.has(id) || this.removedWhileLoading.has(id)) continue; // indexed or removed meanwhile
        const vector = this.space.deserialize(row.vector);
        if (vector === undefined) continue;
        this.matcher.add({ id, partition: row.partition, text: row.text, vector, context: row.context }, false);
      }
      if (rows.length < LOAD_PAGE) return;
      after = rows[rows.length - 1]!.cursor;
    }
  }

  describe(tenantId: string, body: { messages: unknown[]; [field: string]: unknown }): SemanticKey | undefined {
    return describeSemantically(tenantId, this.space.id, body);
  }

  /** `exhaustive` also reports the nearest entry below the threshold (previews); lookups skip that search. */
  async find(tenantId: string, key: SemanticKey, threshold: number, exhaustive = false): Promise<SemanticLookup> {
    if (this.loadState !== 'ready') return {};
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
    const id = idOf(tenantId, cacheKey);
    this.matcher.add({ id, partition: key.partition, text: key.text, vector, context: key.context }, false);
    this.texts.addedUnwritten(id, { text: key.text, context: key.context });
    const semantic = { partition: key.partition, text: key.text, context: key.context, embedderId: this.space.id, vector: this.space.serialize(vector) };
    this.writer.add({ tenantId, cacheKey, semantic });
    return semantic;
  }

  /**
   * Adds an entry another instance stored and indexed; its texts are held (LRU) because that
   * instance may not have written them yet.
   */
  indexShared(tenantId: string, cacheKey: string, fields: SemanticFields): void {
    if (fields.embedderId !== this.space.id) return;
    const vector = this.space.deserialize(fields.vector);
    if (vector === undefined) return;
    this.matcher.add({ id: idOf(tenantId, cacheKey), partition: fields.partition, text: fields.text, vector, context: fields.context });
  }

  remove(tenantId: string, cacheKey: string): void {
    const id = idOf(tenantId, cacheKey);
    if (this.loading) this.removedWhileLoading.add(id);
    this.matcher.remove(id);
  }

  /** Writes the semantic fields of every entry indexed so far. */
  flushWrites(): Promise<void> {
    return this.writer.flush();
  }

  async close(): Promise<void> {
    clearInterval(this.snapshotTimer);
    await this.loading;
    await this.writer.flush();
    await this.persisting;
    if (this.loadState === 'ready' && (this.matcher.index.changesSinceSnapshot ?? 0) > 0) await this.persist();
  }

  /** Writes the index's snapshot now, and from now on whenever it changed enough (checked each minute). */
  private keepSnapshot(): void {
    const index = this.matcher.index;
    if (!index.persist) return;
    if ((index.changesSinceSnapshot ?? 0) > 0) void this.persist();
    this.snapshotTimer ??= setInterval(() => {
      const changes = index.changesSinceSnapshot ?? 0;
      const due = changes >= Math.max(SNAPSHOT_MIN_CHANGES, this.matcher.size / 10) || (changes > 0 && performance.now() - this.snapshotWritten > SNAPSHOT_MAX_AGE_MS);
      if (due && !this.persisting && !this.loading) void this.persist();
    }, SNAPSHOT_CHECK_MS).unref();
  }

  private async persist(): Promise<void> {
    const started = performance.now();
    this.persisting = this.matcher.index
      .persist!()
      .then(() => {
        this.snapshotWritten = performance.now();
        this.logger.info({ entries: this.matcher.size, secs: (performance.now() - started) / 1000 }, 'semantic cache index snapshot written');
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'writing the semantic cache index snapshot failed; the next start rebuilds what it lacks'))
      .finally(() => {
        this.persisting = undefined;
      });
    await this.persisting;
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
