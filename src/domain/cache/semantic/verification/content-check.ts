// The words that carry a request must be the same on both sides, up to synonyms and inflection:
// "a haiku about the sea" is not "a haiku about the moon", "bake bread" is not "bake a cake".
// A content word on each side that the other lacks is a changed word, whatever its class (topic,
// form, audience, action, unit, ...), and one changed word can change the answer. A word added on
// one side only is left to the similarity threshold ("How can I earn money on the internet" /
// "How can I earn money on internet" is the same question).
import { stemWord } from '../text/english-words.js';
import { quoteList, type AnalyzedText } from './analyzed-text.js';
import type { Check } from './lexical-checks.js';

/** Words that only colour a request ("what does it do exactly"). */
const FILLERS = new Set(['actually', 'exactly', 'basically', 'honestly', 'simply', 'possibly', 'ever', 'wondering', 'curious'].map(stemWord));
/** Suffixes that turn a verb into a noun of the same act ("install" / "installation", "improve" / "improvement"). */
const NOMINAL_SUFFIXES = ['ation', 'ition', 'ion', 'ment'];

/** The content words of a text, each with the keys it can be matched by. */
export function contentWords(text: AnalyzedText): Map<string, string[]> {
  const words = new Map<string, string[]>();
  for (const word of text.canonical) {
    if (word.role !== 'content' || FILLERS.has(word.stem) || words.has(word.stem)) continue;
    const keys = [word.stem];
    for (const suffix of NOMINAL_SUFFIXES) {
      if (word.stem.endsWith(suffix) && word.stem.length - suffix.length >= 4) keys.push(stemWord(word.stem.slice(0, -suffix.length)));
    }
    words.set(word.stem, keys);
  }
  return words;
}

/** Words of `a` that no word of `b` matches. */
export function unmatchedWords(a: Map<string, string[]>, b: Map<string, string[]>): string[] {
  const keysB = new Set([...b.values()].flat());
  return [...a].filter(([, keys]) => !keys.some((key) => keysB.has(key))).map(([stem]) => stem);
}

export const checkContentWords: Check = (query, candidate) => {
  const a = contentWords(query);
  const b = contentWords(candidate);
  const onlyA = unmatchedWords(a, b);
  const onlyB = unmatchedWords(b, a);
  if (onlyA.length > 0 && onlyB.length > 0) return `different words: ${quoteList(onlyA)} vs ${quoteList(onlyB)}`;
  return undefined;
};
