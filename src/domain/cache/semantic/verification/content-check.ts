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

interface ContentWord {
  stem: string;
  /** The stem and the verb behind a noun of the act ("installation" -> "install"). */
  keys: string[];
}

/** The content words of a text, in order, repeats included, each with the keys it can be matched by. */
export function contentWords(text: AnalyzedText): ContentWord[] {
  const words: ContentWord[] = [];
  for (const word of text.canonical) {
    if (word.role !== 'content' || FILLERS.has(word.stem)) continue;
    const keys = [word.stem];
    for (const suffix of NOMINAL_SUFFIXES) {
      if (word.stem.endsWith(suffix) && word.stem.length - suffix.length >= 4) keys.push(stemWord(word.stem.slice(0, -suffix.length)));
    }
    words.push({ stem: word.stem, keys });
  }
  return words;
}

/**
 * Words of `a` that no word of `b` matches, one for one: "a script that reads a file" / "a script
 * that writes a file" has one "write" matched by one "write", and "read" left over.
 */
export function unmatchedWords(a: readonly ContentWord[], b: readonly ContentWord[]): string[] {
  const available = new Map<string, number>();
  for (const word of b) available.set(word.stem, (available.get(word.stem) ?? 0) + 1);
  const byKey = new Map<string, string[]>();
  for (const word of b) for (const key of word.keys) byKey.set(key, [...(byKey.get(key) ?? []), word.stem]);
  const left: string[] = [];
  for (const word of a) {
    const match = word.keys.flatMap((key) => byKey.get(key) ?? []).find((stem) => (available.get(stem) ?? 0) > 0);
    if (match === undefined) left.push(word.stem);
    else available.set(match, available.get(match)! - 1);
  }
  return [...new Set(left)];
}

export const checkContentWords: Check = (query, candidate) => {
  const a = contentWords(query);
  const b = contentWords(candidate);
  const onlyA = unmatchedWords(a, b);
  const onlyB = unmatchedWords(b, a);
  if (onlyA.length > 0 && onlyB.length > 0) return `different words: ${quoteList(onlyA)} vs ${quoteList(onlyB)}`;
  return undefined;
};
