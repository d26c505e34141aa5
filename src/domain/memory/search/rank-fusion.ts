// How search fuses the lexical (BM25) and vector rankings, with every knob a named constant (the
// knobs of the lexical ranking each store runs are in src/stores/ports/lexical-ranking.ts).
// Measured on the LoCoMo dev set (6 conversations, 3,435 turns, 883 questions; npm run eval:memory,
// results in docs/memory-quality.md): BM25 alone gives recall@10 0.60; the recipe as first built
// (context column weighted 0.3, vectors mixed with the branch's previous two milestones, score
// fusion 0.5/0.5 over the union of both top-N lists) 0.72; with the context column at 0.5 and the
// boost for milestones of an agent the query names, 0.74. Issue 18's changes were tuned on three
// of its conversations (conv-26, conv-30, conv-41) and hold on the other three (0.69 -> 0.72).

/** Weight of the normalised lexical score (BM25 / best BM25 of the query, so the best is 1). */
export const LEXICAL_WEIGHT = 0.5;
/** Weight of the cosine similarity between the query and the milestone's (mixed) vector. */
export const VECTOR_WEIGHT = 0.5;
/**
 * Added to the fused score of a lexical candidate whose agent the query names ("what did Jon say
 * about the studio?" ranks Jon's milestones above Gina's replies about it). A name found in most
 * milestones carries almost no BM25 weight (the branch purpose repeats it on every row), so the
 * words alone cannot tell who said what.
 */
export const NAMED_AGENT_BOOST = 0.25;
/**
 * The stored vector of milestone i is normalize(v_i + 0.5 v_(i-1) + 0.25 v_(i-2)), the earlier
 * ones being the same branch's previous milestones: a short reply ("Yes, last Tuesday") takes
 * meaning from what it answers.
 */
export const CONTEXT_VECTOR_WEIGHTS: readonly number[] = [1, 0.5, 0.25];
/** How deep each ranking is read before fusing, at least. */
export const MIN_CANDIDATES = 100;
/** How deep each ranking is read, as a multiple of the requested limit. */
export const CANDIDATE_FACTOR = 5;
/** Vector neighbours below this cosine similarity are not candidates at all. */
export const MIN_VECTOR_SIMILARITY = 0.02;

export interface Candidate {
  id: string;
  /** Relative lexical relevance in [0, 1]; 0 when the lexical ranking did not return it. */
  lexical: number;
  /** Cosine similarity to the query; 0 without a vector. */
  cosine: number;
  /** The query names the milestone's agent (known for lexical candidates only). */
  named: boolean;
  /** ISO time, for ties. */
  createdAt: string;
}

export interface FusedResult {
  id: string;
  score: number;
  lexical: number;
  cosine: number;
}

export function candidateDepth(limit: number): number {
  return Math.max(MIN_CANDIDATES, limit * CANDIDATE_FACTOR);
}

/**
 * Lexical scores relative to the best one (1 for the best). Scores follow the store's convention,
 * lower is better and proportional to relevance (SQLite's bm25(), a negated ts_rank).
 */
export function normaliseLexical(scores: number[]): number[] {
  const best = scores.length > 0 ? Math.min(...scores) : 0;
  return scores.map((score) => (best < 0 ? score / best : 1));
}

/** Best first; equal scores go to the newer candidate, then to the larger id, so the order is deterministic. */
export function fuseScores(candidates: Candidate[]): FusedResult[] {
  return candidates
    .map((c) => ({
      id: c.id,
      createdAt: c.createdAt,
      score: LEXICAL_WEIGHT * c.lexical + VECTOR_WEIGHT * c.cosine + (c.named ? NAMED_AGENT_BOOST : 0),
      lexical: c.lexical,
      cosine: c.cosine,
    }))
    .sort((a, b) => b.score - a.score || compareText(b.createdAt, a.createdAt) || compareText(b.id, a.id))
    .map(({ id, score, lexical, cosine }) => ({ id, score, lexical, cosine }));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
