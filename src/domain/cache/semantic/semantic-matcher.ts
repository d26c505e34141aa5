// Finds a cached request that means the same as a new one: the nearest vectors of the same
// partition, scored again on their canonical words (reword-similarity.ts: politeness, phrase
// order and listed synonyms do not count), those at or above the threshold each checked by the
// equivalence verifier (numbers, negation, entities, changed words, ...), and for conversations,
// earlier user turns that match one by one. The best-scoring candidate that passes is the match;
// a close candidate that fails is reported with the reason.
import type { EquivalenceVerifier } from './equivalence-verifier.js';
import { bagSimilarity, wordBagOf, type WordBag } from './reword-similarity.js';
import type { NearestIndex } from './vectors/nearest-index.js';
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

interface StoredEntry<V> {
  text: string;
  context: string[];
  contextVectors?: V[];
  /** Canonical words, computed when the entry is first a candidate. */
  bag?: WordBag;
}

const CANDIDATES = 5;
/**
 * Vector similarity from which the nearest entries get the second look. A reworded request with
 * the same canonical words scores 1 there whatever its vector similarity; below this floor its
 * words differ too much for that (measured on the built-in embedder, docs/cache-quality.md).
 */
export const REWORD_FLOOR = 0.6;

export class SemanticMatcher<V> {
  private readonly index: NearestIndex<V>;
  private readonly entries = new Map<string, StoredEntry<V>>();

  constructor(
    readonly space: VectorSpace<V>,
    private readonly verify: EquivalenceVerifier,
  ) {
    this.index = space.createIndex();
  }

  get size(): number {
    return this.index.size;
  }

  add(entry: SemanticEntry<V>): void {
    this.index.add(entry.id, entry.partition, entry.vector);
    this.entries.set(entry.id, { text: entry.text, context: entry.context ?? [] });
  }

  remove(id: string): void {
    this.index.remove(id);
    this.entries.delete(id);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /**
   * The first of the nearest entries that passes every check. Only candidates at or above the
   * threshold are searched for exhaustively; `exhaustive` also finds the nearest one below it,
   * for previews.
   */
  async findMatch(
    partition: string,
    text: string,
    vector: V,
    threshold: number,
    context: string[] = [],
    exhaustive = false,
  ): Promise<MatchOutcome> {
    const neighbours = this.index.nearest(partition, vector, CANDIDATES, exhaustive ? 0 : Math.min(threshold, REWORD_FLOOR));
    if (neighbours.length === 0) return {};
    const queryBag = wordBagOf(text);
    const scored = neighbours
      .map((neighbour) => {
        const stored = this.entries.get(neighbour.id)!;
        stored.bag ??= wordBagOf(stored.text);
        return { id: neighbour.id, similarity: Math.max(neighbour.similarity, bagSimilarity(queryBag, stored.bag)), stored };
      })
      .sort((a, b) => b.similarity - a.similarity);
    let nearest: MatchOutcome['nearest'];
    let queryContextVectors: V[] | undefined;
    for (const { stored, ...candidate } of scored) {
      let rejectedBecause: string | undefined;
      if (candidate.similarity < threshold) {
        rejectedBecause = 'below threshold';
      } else {
        const verdict = this.verify(text, stored.text);
        if (!verdict.equivalent) rejectedBecause = verdict.reason ?? 'not equivalent';
      }
      if (rejectedBecause === undefined) {
        queryContextVectors ??= context.length > 0 ? await this.space.embed(context) : [];
        rejectedBecause = await this.compareContext(stored, context, queryContextVectors, threshold);
      }
      nearest ??= { ...candidate, ...(rejectedBecause ? { rejectedBecause } : {}) };
      if (rejectedBecause === undefined) return { match: candidate, nearest };
      if (candidate.similarity < threshold) break; // the rest score lower still
    }
    return { ...(nearest ? { nearest } : {}) };
  }

  /** Earlier user turns must be the same text or mean the same, turn by turn. */
  private async compareContext(
    stored: StoredEntry<V>,
    context: string[],
    contextVectors: V[],
    threshold: number,
  ): Promise<string | undefined> {
    if (stored.context.length !== context.length) return 'different conversation length';
    if (context.length === 0) return undefined;
    for (let turn = 0; turn < context.length; turn++) {
      if (normalizeForComparison(stored.context[turn]!) === normalizeForComparison(context[turn]!)) continue;
      stored.contextVectors ??= await this.space.embed(stored.context);
      const vectorSimilarity = this.space.similarity(stored.contextVectors[turn]!, contextVectors[turn]!);
      const similarity = Math.max(vectorSimilarity, bagSimilarity(wordBagOf(stored.context[turn]!), wordBagOf(context[turn]!)));
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
