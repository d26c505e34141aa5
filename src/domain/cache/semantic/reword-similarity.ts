// The matcher's second look: the cosine of two requests' canonical words (canonical-words.ts) as
// bags, so that a request reworded by politeness ("Hi! Could you tell me ..."), by moving a phrase
// ("In Python, how do I ..." / "How do I ... in Python?") or by listed synonyms scores as the same
// words. The bags are sparse vectors with an index of their own, so entries that only this look
// finds close are found exactly, whatever their embedding. Word order is ignored on purpose: the
// verifier, which every candidate still has to pass, checks the order of compared and related
// things and the prepositions that relate them.
import { canonicalWords } from './text/canonical-words.js';
import { tokenize } from './text/tokenize-text.js';
import { hashFeature } from './vectors/feature-hash.js';
import { sparseFromSlots, type SparseVector } from './vectors/sparse-vector.js';

/**
 * The word similarity this look needs, whatever the configured threshold: it stands in for the
 * vector similarity only when the canonical words are nearly all the same, so that a threshold
 * lowered for another embedder does not let through requests whose words differ.
 */
export const REWORD_MIN_SIMILARITY = 0.96;

/** Left out of the bag: articles, and possessive determiners ("improve my sleep" / "improve sleep"; the verifier still tells "my" from "your", "his" from "her"). */
const ARTICLES = new Set(['a', 'an', 'the', 'my', 'your', 'our', 'their', 'his', 'her', 'its']);
const FUNCTION_WEIGHT = 0.5;
const SLOTS = 1 << 20;

/** A text's canonical words as a unit sparse vector: content words and numbers 1, other words 0.5, articles and possessives 0. */
export function rewordVector(text: string): SparseVector {
  const words = tokenize(text)
    .filter((token) => token.kind === 'word' || token.kind === 'number')
    .map((token) => token.norm);
  const slots = new Map<number, number>();
  for (const word of canonicalWords(words)) {
    if (ARTICLES.has(word.stem)) continue;
    const slot = hashFeature(word.stem) & (SLOTS - 1);
    slots.set(slot, (slots.get(slot) ?? 0) + (word.role === 'function' ? FUNCTION_WEIGHT : 1));
  }
  return sparseFromSlots(slots);
}
