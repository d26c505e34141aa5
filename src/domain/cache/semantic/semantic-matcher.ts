// Finds a cached request that means the same as a new one: the nearest entries of the same
// partition by vector and by canonical words (reword-similarity.ts: politeness, phrase order and
// listed synonyms do not count), scored by the higher similarity; those at or above the threshold
// are checked by the equivalence verifier and, for conversations, earlier user turns must match
// one by one. The best-scoring candidate that passes is the match; the closest one that fails is
// reported with the reason. Memory holds the indexes only: candidates' texts come from an
// EntryTextReader (the store, behind an LRU, for the cache). With a byte budget, the least
// recently matched or added entries leave the indexes when the estimate exceeds it.
import { HeldEntryTexts, type EntryTextReader, type EntryTexts } from './entry-texts.js';
import type { EquivalenceVerifier } from './equivalence-verifier.js';
import { REWORD_MIN_SIMILARITY, rewordVector } from './reword-similarity.js';
import type { NearestIndex } from './vectors/nearest-index.js';
import { SPARSE_BYTES_PER_COMPONENT, SparseVectorIndex } from './vectors/sparse-vector-index.js';
import type { VectorSpace } from './vectors/vector-space.js';

export interface SemanticEntry<V> {
  id: string;
  partition: string;
  /** The text that was embedded: the last user message. */
  text: string;
  vector: V;
  /** Earlier user turns of the conversation, oldest first. */
  context?: string[];
}

export interface SemanticCandidate {
  id: string;
  similarity: number;
}

export interface MatchOutcome {
  match?: SemanticCandidate;
  /** The most similar candidate, whether it matched or not, with why it was refused. */
  nearest?: SemanticCandidate & { rejectedBecause?: string };
}

export interface MatcherOptions {
  /** Where candidates' texts are read; default: held in memory. */
  texts?: EntryTextReader;
  /** Estimated bytes the indexes may hold; 0: no bound. */
  indexBytes?: number;
}

interface Scored {
  id: string;
  similarity: number;
}

const CANDIDATES = 5;
/**
 * Bytes an entry costs beyond its vectors, measured with heap snapshots at 100k and 1M entries:
 * its id (about 100 bytes, one flat string shared by every structure), the id maps of both
 * indexes and the recency map (about 40 bytes an entry each), and the row columns of both indexes.
 */
const ENTRY_OVERHEAD_BYTES = 300;

export class SemanticMatcher<V> {
  /** The vectors' index (its snapshot is handled by SemanticCache). */
  readonly index: NearestIndex<V>;
  /** The canonical words of every entry, searched beside the vectors. */
  private readonly rewordIndex = new SparseVectorIndex();
  private readonly texts: EntryTextReader;
  private readonly budget: number;
  /** Estimated bytes of each indexed entry, least recently used first. */
  private readonly recency = new Map<string, number>();
  private bytes = 0;
  private evictedForBudget = 0;

  constructor(
    readonly space: VectorSpace<V>,
    private readonly verify: EquivalenceVerifier,
    options: MatcherOptions = {},
  ) {
    this.index = space.createIndex();
    this.texts = options.texts ?? new HeldEntryTexts();
    this.budget = options.indexBytes ?? 0;
  }

  get size(): number {
    return this.index.size;
  }

  /** The indexes' estimated size, and how many entries left them to stay within the budget. */
  get memory(): { bytes: number; budget: number; evicted: number } {
    return { bytes: this.bytes, budget: this.budget, evicted: this.evictedForBudget };
  }

  /** `holdTexts` false: its texts are read back when needed (an entry loaded from the store). */
  add(entry: SemanticEntry<V>, holdTexts = true): void {
    this.remove(entry.id);
    const words = rewordVector(entry.text);
    this.index.add(entry.id, entry.partition, entry.vector);
    this.rewordIndex.add(entry.id, entry.partition, words);
    if (holdTexts) this.texts.added(entry.id, { text: entry.text, context: entry.context ?? [] });
    const size = ENTRY_OVERHEAD_BYTES + this.space.bytesOf(entry.vector) + words.indices.length * SPARSE_BYTES_PER_COMPONENT;
    this.recency.set(entry.id, size);
    this.bytes += size;
    if (this.budget > 0) this.keepWithinBudget();
  }

  remove(id: string): void {
    const size = this.recency.get(id);
    if (size === undefined) return;
    this.recency.delete(id);
    this.bytes -= size;
    this.index.remove(id);
    this.rewordIndex.remove(id);
    this.texts.removed(id);
  }

  has(id: string): boolean {
    return this.recency.has(id);
  }

  /** Gives back the indexes' spare capacity (after a bulk load). */
  trim(): void {
    this.index.trim?.();
    this.rewordIndex.trim();
  }

  /** Marks an entry as just used, so the budget evicts it last. */
  private touch(id: string): void {
    const size = this.recency.get(id);
    if (size === undefined) return;
    this.recency.delete(id);
    this.recency.set(id, size);
  }

  private keepWithinBudget(): void {
    for (const id of this.recency.keys()) {
      if (this.bytes <= this.budget || this.recency.size <= 1) break;
      this.remove(id);
      this.evictedForBudget++;
    }
  }

  /**
   * The best-scoring of the nearest entries that passes every check. Only candidates at or above
   * the threshold (by vector or by canonical words) are searched for exhaustively; `exhaustive`
   * also finds the nearest one below it, for previews.
   */
  async findMatch(
    partition: string,
    text: string,
    vector: V,
    threshold: number,
    context: string[] = [],
    exhaustive = false,
  ): Promise<MatchOutcome> {
    const scored = this.candidates(partition, text, vector, exhaustive ? 0 : threshold, context.length === 0);
    if (scored.length === 0) return {};
    let nearest: MatchOutcome['nearest'];
    let queryContextVectors: V[] | undefined;
    for (const candidate of scored) {
      let rejectedBecause: string | undefined;
      let stored: EntryTexts | undefined;
      if (candidate.similarity < threshold) {
        rejectedBecause = 'below threshold';
      } else {
        stored = await this.texts.read(candidate.id);
        // Its texts gone from the store: the entry was removed meanwhile (its removal follows).
        const verdict = stored ? this.verify(text, stored.text) : { equivalent: false, reason: 'entry no longer stored' };
        if (!verdict.equivalent) rejectedBecause = verdict.reason ?? 'not equivalent';
      }
      if (rejectedBecause === undefined) {
        queryContextVectors ??= context.length > 0 ? await this.space.embed(context) : [];
        rejectedBecause = await this.compareContext(stored!, context, queryContextVectors, threshold);
      }
      nearest ??= { ...candidate, ...(rejectedBecause ? { rejectedBecause } : {}) };
      if (rejectedBecause === undefined) {
        this.touch(candidate.id);
        return { match: candidate, nearest };
      }
      if (candidate.similarity < threshold) break; // the rest score lower still
    }
    return { ...(nearest ? { nearest } : {}) };
  }

  /**
   * The nearest entries by vector and, for a request without earlier turns, by canonical words,
   * each scored by the higher similarity, best first. A follow-up in a conversation ("when did it
   * begin") means what its earlier turns make it mean, so it is matched by vector alone, as are
   * the earlier turns: the word look never joins two conversations the vectors keep apart.
   */
  private candidates(partition: string, text: string, vector: V, floor: number, byWords: boolean): Scored[] {
    const query = byWords ? rewordVector(text) : undefined;
    const byId = new Map<string, { vector?: number; words?: number }>();
    for (const { id, similarity } of this.index.nearest(partition, vector, CANDIDATES, floor)) byId.set(id, { vector: similarity });
    const wordFloor = Math.max(floor, REWORD_MIN_SIMILARITY);
    for (const { id, similarity } of query ? this.rewordIndex.nearest(partition, query, CANDIDATES, wordFloor) : []) {
      byId.set(id, { ...byId.get(id), words: similarity });
    }
    const scored: Scored[] = [];
    for (const [id, found] of byId) {
      const words = found.words ?? (query ? this.rewordIndex.similarityTo(id, query) : undefined) ?? 0;
      // Word similarity counts only where it is nearly complete (REWORD_MIN_SIMILARITY).
      scored.push({ id, similarity: Math.max(found.vector ?? 0, words >= REWORD_MIN_SIMILARITY ? words : 0) });
    }
    return scored.sort((a, b) => b.similarity - a.similarity);
  }

  /** Earlier user turns must be the same text or mean the same, turn by turn. */
  private async compareContext(
    stored: EntryTexts,
    context: string[],
    contextVectors: V[],
    threshold: number,
  ): Promise<string | undefined> {
    if (stored.context.length !== context.length) return 'different conversation length';
    if (context.length === 0) return undefined;
    for (let turn = 0; turn < context.length; turn++) {
      if (normalizeForComparison(stored.context[turn]!) === normalizeForComparison(context[turn]!)) continue;
      stored.contextVectors ??= await this.space.embed(stored.context);
      const similarity = this.space.similarity(stored.contextVectors[turn] as V, contextVectors[turn]!);
      if (similarity < threshold) return `earlier turn ${turn + 1} differs`;
      const verdict = this.verify(context[turn]!, stored.context[turn]!);
      if (!verdict.equivalent) return `earlier turn ${turn + 1}: ${verdict.reason ?? 'not equivalent'}`;
    }
    return undefined;
  }
}

function normalizeForComparison(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}
