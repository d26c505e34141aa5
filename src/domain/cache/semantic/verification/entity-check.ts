// Named entities must be the same on both sides: "Paris" is not "London", "Python" is not "Java".
// A word is a name when it is capitalised inside a sentence, an acronym, camel-cased ("iPhone")
// or a known name ("python", "india"), on either side; then both sides are read in lowercase, so
// casing alone never makes a difference. Names are compared as runs of adjacent name words, and a
// shorter run inside a longer one counts as the same name ("Trump" and "Donald Trump").
import { STOPWORDS, stemWord } from '../text/english-words.js';
import type { Token } from '../text/tokenize-text.js';
import { quoteList, type AnalyzedText } from './analyzed-text.js';
import type { Check } from './lexical-checks.js';
import { KNOWN_NAMES } from './known-names.js';

const NOT_NAMES = new Set(['i', 'ok', 'okay', 'hi', 'hello', 'hey', 'yes', 'no', 'please', 'thanks', 'vs', 'etc', 'eg', 'ie']);

export const checkEntities: Check = (query, candidate) => {
  const names = new Set([...nameStems(query), ...nameStems(candidate)]);
  if (names.size === 0) return undefined;
  const phrasesA = namePhrases(query, names);
  const phrasesB = namePhrases(candidate, names);
  const missingA = phrasesA.filter((phrase) => !foundIn(phrase, candidate, phrasesB));
  const missingB = phrasesB.filter((phrase) => !foundIn(phrase, query, phrasesA));
  if (missingA.length === 0 && missingB.length === 0) return undefined;
  const show = (phrases: string[][], text: AnalyzedText): string[] => phrases.map((phrase) => spell(phrase, text));
  return `different names: ${quoteList(show(missingA, query))} vs ${quoteList(show(missingB, candidate))}`;
};

/** Stems of the words that this text marks as names. */
function nameStems(text: AnalyzedText): Set<string> {
  const words = text.tokens.filter((token) => token.kind === 'word' && /\p{L}/u.test(token.surface));
  const capitalised = words.filter((token) => /^\p{Lu}/u.test(token.surface) && !STOPWORDS.has(token.norm)).length;
  const upper = words.filter((token) => /^\p{Lu}{2,}$/u.test(token.surface)).length;
  // In Title Case or ALL CAPS, capitals say nothing about names.
  const titleCase = words.length >= 4 && capitalised / words.length > 0.6;
  const shouting = words.length >= 3 && upper / words.length > 0.5;
  const stems = new Set<string>();
  for (const token of words) {
    if (NOT_NAMES.has(token.norm)) continue;
    if (KNOWN_NAMES.has(token.norm) || isName(token, titleCase, shouting)) stems.add(stemWord(token.norm));
  }
  return stems;
}

function isName(token: Token, titleCase: boolean, shouting: boolean): boolean {
  const s = token.surface;
  if (/\p{Ll}\p{Lu}/u.test(s)) return true; // iPhone, JavaScript, McDonald
  if (!shouting && /^\p{Lu}[\p{Lu}\d&.]+s?$/u.test(s) && s.length >= 2) return true; // NASA, UK, GPT4
  if (titleCase || token.sentenceStart || STOPWORDS.has(token.norm)) return false;
  return /^\p{Lu}/u.test(s);
}

/** Runs of adjacent tokens whose stems are names, as lists of stems. */
function namePhrases(text: AnalyzedText, names: Set<string>): string[][] {
  const phrases: string[][] = [];
  let current: string[] = [];
  for (const token of text.tokens) {
    const stem = token.kind === 'word' ? stemWord(token.norm) : '';
    if (names.has(stem)) {
      current.push(stem);
      continue;
    }
    if (current.length > 0) phrases.push(current);
    current = [];
  }
  if (current.length > 0) phrases.push(current);
  return phrases;
}

/** A phrase of stems as the text wrote it (for the reason). */
function spell(phrase: string[], text: AnalyzedText): string {
  return phrase.map((stem) => text.tokens.find((token) => token.kind === 'word' && stemWord(token.norm) === stem)?.norm ?? stem).join(' ');
}

/**
 * Whether the other side names the same thing: it has every word of the name, or a shorter name
 * made of some of its words that ends like it, the rest being qualifiers such as first names and
 * initials ("Trump" for "Donald J Trump"). "Lake Sevan" is not "lake", "Harvard University" is not
 * "Stanford University".
 */
function foundIn(phrase: string[], other: AnalyzedText, otherPhrases: string[][]): boolean {
  if (phrase.every((stem) => other.stemSet.has(stem))) return true;
  const last = phrase[phrase.length - 1]!;
  return otherPhrases.some((shorter) => shorter[shorter.length - 1] === last && isSubsequence(shorter, phrase));
}

function isSubsequence(short: string[], long: string[]): boolean {
  let at = 0;
  for (const stem of long) if (stem === short[at]) at++;
  return at === short.length;
}
