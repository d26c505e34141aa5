// The matcher's second look at its nearest candidates: the cosine of the two requests' canonical
// words (canonical-words.ts) as bags, so that a request reworded by politeness ("Hi! Could you
// tell me ..."), by moving a phrase ("In Python, how do I ..." / "How do I ... in Python?") or by
// listed synonyms scores as the same words. It ignores word order on purpose: the verifier, which
// every candidate still has to pass, checks the order of compared and related things.
import { canonicalWords } from './text/canonical-words.js';
import { tokenize } from './text/tokenize-text.js';

export type WordBag = Map<string, number>;

const ARTICLES = new Set(['a', 'an', 'the']);
const FUNCTION_WEIGHT = 0.5;

/** A text's canonical words with their weights: content words and numbers 1, other words 0.5, articles 0. */
export function wordBagOf(text: string): WordBag {
  const words = tokenize(text)
    .filter((token) => token.kind === 'word' || token.kind === 'number')
    .map((token) => token.norm);
  const bag: WordBag = new Map();
  for (const word of canonicalWords(words)) {
    if (ARTICLES.has(word.stem)) continue;
    const weight = word.role === 'function' ? FUNCTION_WEIGHT : 1;
    bag.set(word.stem, (bag.get(word.stem) ?? 0) + weight);
  }
  return bag;
}

/** Cosine of two word bags (0 when either is empty). */
export function bagSimilarity(a: WordBag, b: WordBag): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [word, weight] of a) {
    normA += weight * weight;
    dot += weight * (b.get(word) ?? 0);
  }
  for (const weight of b.values()) normB += weight * weight;
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
