// Ranking quality of one result list against a question's gold items: recall@k (the share of gold
// items in the top k) and the reciprocal rank of the first gold item; averaged over questions.

export interface RetrievalScores {
  recallAt5: number;
  recallAt10: number;
  /** Reciprocal rank of the first gold item within the top 10 (0 when none is there). */
  reciprocalRank: number;
}

export function scoreRanking(ranked: string[], gold: Set<string>): RetrievalScores {
  const recallAt = (k: number) => ranked.slice(0, k).filter((id) => gold.has(id)).length / gold.size;
  const first = ranked.slice(0, 10).findIndex((id) => gold.has(id));
  return { recallAt5: recallAt(5), recallAt10: recallAt(10), reciprocalRank: first < 0 ? 0 : 1 / (first + 1) };
}

export function averageScores(scores: RetrievalScores[]): RetrievalScores {
  const mean = (pick: (s: RetrievalScores) => number) => scores.reduce((sum, s) => sum + pick(s), 0) / Math.max(1, scores.length);
  return { recallAt5: mean((s) => s.recallAt5), recallAt10: mean((s) => s.recallAt10), reciprocalRank: mean((s) => s.reciprocalRank) };
}
