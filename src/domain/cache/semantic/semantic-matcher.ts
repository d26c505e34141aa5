// Finds a cached request that means the same as a new one: the nearest vectors of the same
// partition above the threshold, each checked by the equivalence verifier (numbers, negation,
// entities, ...), and for conversations, earlier user turns that match one by one. The first
// candidate that passes is the match; a close candidate that fails is reported with the reason.
import type { Embedder } from './embedder.js';
import type { EquivalenceVerifier } from './equivalence-verifier.js';
import { VectorIndex } from './vector-index.js';

export interface SemanticEntry {
  id: string;
  partition: string;
  /** The text that was embedded: the last user message. */
  text: string;
  vector: Float32Array;
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

interface StoredEntry {
  text: string;
  context: string[];
  contextVectors?: Float32Array[];
}

const CANDIDATES = 5;

export class SemanticMatcher {
  private readonly index: VectorIndex;
  private readonly entries = new Map<string, StoredEntry>();

  constructor(
    readonly embedder: Embedder,
    private readonly verify: EquivalenceVerifier,
  ) {
    this.index = new VectorIndex(embedder.dimensions);
  }

  get size(): number {
    return this.index.size;
  }

  add(entry: SemanticEntry): void {
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

  async findMatch(
    partition: string,
    text: string,
    vector: Float32Array,
    threshold: number,
    context: string[] = [],
  ): Promise<MatchOutcome> {
    const neighbours = this.index.nearest(partition, vector, CANDIDATES);
    if (neighbours.length === 0) return {};
    let nearest: MatchOutcome['nearest'];
    let queryContextVectors: Float32Array[] | undefined;
    for (const candidate of neighbours) {
      const stored = this.entries.get(candidate.id)!;
      let rejectedBecause: string | undefined;
      if (candidate.similarity < threshold) {
        rejectedBecause = 'below threshold';
      } else {
        const verdict = this.verify(text, stored.text);
        if (!verdict.equivalent) rejectedBecause = verdict.reason ?? 'not equivalent';
      }
      if (rejectedBecause === undefined) {
        queryContextVectors ??= context.length > 0 ? await this.embedder.embed(context) : [];
        rejectedBecause = await this.compareContext(stored, context, queryContextVectors, threshold);
      }
      nearest ??= { ...candidate, ...(rejectedBecause ? { rejectedBecause } : {}) };
      if (rejectedBecause === undefined) return { match: candidate, nearest };
      if (candidate.similarity < threshold) break; // the rest are further away still
    }
    return { ...(nearest ? { nearest } : {}) };
  }

  /** Earlier user turns must be the same text or mean the same, turn by turn. */
  private async compareContext(
    stored: StoredEntry,
    context: string[],
    contextVectors: Float32Array[],
    threshold: number,
  ): Promise<string | undefined> {
    if (stored.context.length !== context.length) return 'different conversation length';
    if (context.length === 0) return undefined;
    for (let turn = 0; turn < context.length; turn++) {
      if (normalizeForComparison(stored.context[turn]!) === normalizeForComparison(context[turn]!)) continue;
      stored.contextVectors ??= await this.embedder.embed(stored.context);
      const similarity = dot(stored.contextVectors[turn]!, contextVectors[turn]!);
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

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
