// A prompt tokenised once for all the verifier's checks: the tokens with their surfaces, the
// normalised words, their stems, and adjacent word pairs (for two-word cues like "turn off").
import { lookupTable } from '../text/lookup-table.js';
import { canonicalWords, type CanonicalWord } from '../text/canonical-words.js';
import { stemWord } from '../text/english-words.js';
import { tokenize, type Token } from '../text/tokenize-text.js';

export interface AnalyzedText {
  text: string;
  tokens: Token[];
  /** Normalised words and numbers, in order (no code, URLs or symbols). */
  words: string[];
  /** Stems of `words`, same order. */
  stems: string[];
  stemSet: Set<string>;
  /** "a b" for each pair of adjacent stems. */
  stemPairs: Set<string>;
  /** Stems, numbers and operators in order; arithmetic words between numbers become symbols. */
  terms: string[];
  /** The words that carry the request, politeness taken out and synonyms merged (canonical-words.ts). */
  canonical: CanonicalWord[];
}

const MATH_WORDS = lookupTable<string>({ plus: '+', minus: '-', times: '*', x: '*', multiplied: '*', divided: '/', over: '/', power: '^' });
const isNumeric = (token: Token | undefined): boolean => token?.kind === 'number';

/** Recent analyses: a lookup verifies one query against several candidates, and popular entries recur. */
const recent = new Map<string, AnalyzedText>();
const RECENT = 256;

/** Analyses are shared and must not be changed by callers. */
export function analyzeText(text: string): AnalyzedText {
  const known = recent.get(text);
  if (known) return known;
  const analyzed = analyze(text);
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value!);
  recent.set(text, analyzed);
  return analyzed;
}

function analyze(text: string): AnalyzedText {
  const tokens = tokenize(text);
  const words = tokens.filter((token) => token.kind === 'word' || token.kind === 'number').map((token) => token.norm);
  const stems = words.map((word) => stemWord(word));
  const stemPairs = new Set<string>();
  for (let i = 1; i < stems.length; i++) stemPairs.add(stems[i - 1] + ' ' + stems[i]);
  return { text, tokens, words, stems, stemSet: new Set(stems), stemPairs, terms: termsOf(tokens), canonical: canonicalWords(words) };
}

function termsOf(tokens: Token[]): string[] {
  const terms: string[] = [];
  tokens.forEach((token, index) => {
    if (token.kind === 'code' || token.kind === 'url') return;
    if (token.kind === 'symbol') return terms.push(token.norm);
    const symbol = MATH_WORDS[token.norm];
    // "6 divided by 3", "2 to the power of 8": the operator word sits after a number.
    if (symbol && isNumeric(tokens[index - 1]) && (isNumeric(tokens[index + 1]) || ['by', 'the', 'to'].includes(tokens[index + 1]?.norm ?? ''))) {
      return terms.push(symbol);
    }
    terms.push(token.kind === 'word' ? stemWord(token.norm) : token.norm);
  });
  return terms;
}

/** Whether a cue (one stem, or two stems separated by a space) occurs in the text. */
export function hasCue(text: AnalyzedText, cue: string): boolean {
  return cue.includes(' ') ? text.stemPairs.has(cue) : text.stemSet.has(cue);
}

/** Elements of the multiset `a` missing from the multiset `b`. */
export function multisetMissing(a: readonly string[], b: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of b) counts.set(item, (counts.get(item) ?? 0) + 1);
  const missing: string[] = [];
  for (const item of a) {
    const left = counts.get(item) ?? 0;
    if (left > 0) counts.set(item, left - 1);
    else missing.push(item);
  }
  return missing;
}

/** "a, b" in quotes for a reason message, at most three items. */
export function quoteList(items: readonly string[]): string {
  const shown = items.slice(0, 3).map((item) => `"${item}"`);
  return shown.join(', ') + (items.length > 3 ? ', ...' : '');
}
