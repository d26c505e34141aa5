// How relevant the window's milestones are to a question, and the calibrated cut that decides
// whether the question is about them at all. The question's score blends the share of its topic
// words the window mentions at all (a capitalised name counting nameWeight times) with the share
// of its topic weight the best milestone covers, where each word weighs its idf among the
// window's milestones (relative to a word found in one milestone; a word found in none weighs
// unknownWeight). The sources are the milestones whose coverage (plus a little of the search's
// cosine) comes close to the best one's. Calibrated on bench/intelligence-set.json (npm run eval:intelligence, EVAL_SWEEP=1;
// figures in docs/memory-quality.md).
import type { MilestoneRecord } from '../../../stores/ports/memory-store.js';
import type { QuestionWord } from './question-words.js';
import { stemOf } from './question-words.js';
import { mentionsStem } from './term-match.js';

export interface RelevanceModel {
  /** The question is about the window when its score reaches this; else "nothing matches". */
  cut: number;
  /** Share of the question score from the words the window mentions at all (the rest from the best milestone). */
  windowShare: number;
  /** Weight of a topic word no milestone of the window mentions, next to 1 for the rarest that is there. */
  unknownWeight: number;
  /** A word written with a capital away from a sentence's start (a name) weighs this many times more. */
  nameWeight: number;
  /** Other milestones are cited when their relevance is at least this share of the best one's. */
  relative: number;
  /** Weight of the search's cosine similarity in a milestone's relevance, next to its coverage (at most 1). */
  cosineWeight: number;
}

export const RELEVANCE_MODEL: RelevanceModel = {
  cut: 0.45,
  windowShare: 0.5,
  unknownWeight: 0.5,
  nameWeight: 2,
  relative: 0.6,
  cosineWeight: 0.3,
};

export interface TopicTerm {
  stem: string;
  /** Milestones of the window mentioning it. */
  df: number;
  name: boolean;
}

export interface Candidate {
  milestone: MilestoneRecord;
  stems: Set<string>;
  /** From the search, 0 when the search did not return it. */
  cosine: number;
  score: number;
}

export interface Assessed extends Candidate {
  /** The topic stems it mentions. */
  matched: string[];
  /** Share of the topic weight it mentions, 0 to 1. */
  coverage: number;
  relevance: number;
}

export interface Relevance {
  /** The question's score against the cut. */
  score: number;
  /** Every candidate, most relevant first (then by search score, then newest). */
  assessed: Assessed[];
  /** Those that answer the question, best first; empty when the score is below the cut. */
  relevant: Assessed[];
}

/** The question's topic words, with how many of the window's milestones (their stems) mention each. */
export function topicTerms(words: QuestionWord[], window: Array<Set<string>>): TopicTerm[] {
  const byStem = new Map<string, boolean>();
  for (const w of words) if (w.kind === 'topic') byStem.set(stemOf(w.word), (byStem.get(stemOf(w.word)) ?? false) || w.capitalised);
  return [...byStem].map(([stem, name]) => ({ stem, name, df: window.reduce((n, stems) => n + (mentionsStem(stems, stem) ? 1 : 0), 0) }));
}

export function assessRelevance(terms: TopicTerm[], windowSize: number, candidates: Candidate[], limit: number, model = RELEVANCE_MODEL): Relevance {
  const idf = (df: number) => Math.log(1 + (windowSize - df + 0.5) / (df + 0.5));
  const weights = terms.map((t) => (t.name ? model.nameWeight : 1) * (t.df > 0 ? idf(t.df) / idf(1) : model.unknownWeight));
  const total = weights.reduce((a, b) => a + b, 0);
  const share = (covered: number) => (total > 0 ? covered / total : 0);
  const counts = terms.map((t) => (t.name ? model.nameWeight : 1));
  const inWindow = terms.reduce((sum, t, i) => sum + (t.df > 0 ? counts[i]! : 0), 0) / Math.max(1e-9, counts.reduce((a, b) => a + b, 0));
  const assessed = candidates
    .map((c) => {
      const hits = terms.map((t) => mentionsStem(c.stems, t.stem));
      const coverage = share(weights.reduce((sum, w, i) => sum + (hits[i] ? w : 0), 0));
      const matched = terms.filter((_, i) => hits[i]).map((t) => t.stem);
      return { ...c, matched, coverage, relevance: coverage + model.cosineWeight * c.cosine };
    })
    .sort(
      (a, b) =>
        b.relevance - a.relevance ||
        b.score - a.score ||
        compare(b.milestone.createdAt, a.milestone.createdAt) ||
        compare(b.milestone.milestoneId, a.milestone.milestoneId),
    );
  const best = assessed.reduce((max, a) => Math.max(max, a.coverage), 0);
  const score = best > 0 ? model.windowShare * inWindow + (1 - model.windowShare) * best : 0;
  if (score < model.cut) return { score, assessed, relevant: [] };
  const floor = model.relative * assessed[0]!.relevance;
  return { score, assessed, relevant: assessed.filter((a) => a.coverage > 0 && a.relevance >= floor).slice(0, limit) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
