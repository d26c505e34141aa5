// Checks on facts that are written out literally: numbers (with their units), arithmetic
// operators, code, identifiers, URLs, and dates and times. Any difference changes the answer.
import { lookupTable } from '../text/lookup-table.js';
import { STOPWORDS } from '../text/english-words.js';
import { analyzeText, multisetMissing, quoteList, type AnalyzedText } from './analyzed-text.js';

export type Check = (query: AnalyzedText, candidate: AnalyzedText) => string | undefined;

/** Numbers (digits and spelled out, cardinals and ordinals); a written "one" may be a pronoun. */
export const checkNumbers: Check = (query, candidate) => {
  const a = numbersOf(query);
  const b = numbersOf(candidate);
  const extraA = unmatched(a.hard, b);
  const extraB = unmatched(b.hard, a);
  if (extraA.length > 0 || extraB.length > 0) return `different numbers: ${quoteList(extraA)} vs ${quoteList(extraB)}`;
  const unitsA = unitsOf(query);
  const unitsB = unitsOf(candidate);
  for (const [number, unit] of unitsA) {
    const other = unitsB.get(number);
    if (other !== undefined && other !== unit) return `different units: "${number} ${unit}" vs "${number} ${other}"`;
  }
  return undefined;
};

interface Numbers {
  hard: string[];
  /** How many times "one" was written as a word ("which one", "no one"). */
  softOnes: number;
}

function numbersOf(text: AnalyzedText): Numbers {
  const hard: string[] = [];
  let softOnes = 0;
  for (const token of text.tokens) {
    if (token.kind !== 'number') continue;
    if (token.norm === '1' && /^one$/i.test(token.surface)) softOnes++;
    else hard.push(token.norm);
  }
  return { hard, softOnes };
}

/** Hard numbers of one side missing on the other side; a missing 1 may be the other's "one". */
function unmatched(hard: string[], other: Numbers): string[] {
  const missing = multisetMissing(hard, other.hard);
  let ones = other.softOnes;
  return missing.filter((number) => !(number === '1' && ones-- > 0));
}

const UNIT_NAMES = lookupTable<string>();
for (const [canonical, names] of Object.entries({
  km: 'km kilometer kilometers kilometre kilometres', mi: 'mi mile miles', m: 'm meter meters metre metres',
  cm: 'cm centimeter centimeters centimetre centimetres', mm: 'mm millimeter millimeters', ft: 'ft foot feet',
  in: 'inch inches', kg: 'kg kilo kilos kilogram kilograms', g: 'g gram grams', lb: 'lb lbs', mg: 'mg milligram milligrams',
  l: 'l liter liters litre litres', ml: 'ml milliliter milliliters', usd: 'dollar dollars usd buck bucks',
  eur: 'euro euros eur', gbp: 'pound pounds gbp quid', inr: 'rupee rupees inr rs', jpy: 'yen jpy',
  percent: 'percent percentage', s: 'second seconds sec secs', min: 'minute minutes min mins',
  h: 'hour hours hr hrs h', day: 'day days', week: 'week weeks', month: 'month months', year: 'year years yr yrs',
  gb: 'gb gigabyte gigabytes', mb: 'mb megabyte megabytes', tb: 'tb terabyte terabytes', kb: 'kb kilobyte kilobytes',
  celsius: 'c celsius centigrade', fahrenheit: 'f fahrenheit', am: 'am', pm: 'pm', mph: 'mph', kmh: 'kmh kph',
})) {
  for (const name of names.split(' ')) UNIT_NAMES[name] = canonical;
}

/** The unit written right after each number. */
function unitsOf(text: AnalyzedText): Map<string, string> {
  const units = new Map<string, string>();
  text.tokens.forEach((token, index) => {
    const next = text.tokens[index + 1];
    if (token.kind !== 'number' || !next) return;
    const unit = UNIT_NAMES[next.norm];
    if (unit !== undefined) units.set(token.norm, unit);
  });
  return units;
}

/** Arithmetic and comparison operators, written as symbols or as words between numbers. */
export const checkOperators: Check = (query, candidate) => {
  const a = operatorsOf(query);
  const b = operatorsOf(candidate);
  const extraA = multisetMissing(a, b);
  const extraB = multisetMissing(b, a);
  if (extraA.length > 0 || extraB.length > 0) return `different operators: ${quoteList(extraA)} vs ${quoteList(extraB)}`;
  return undefined;
};

function operatorsOf(text: AnalyzedText): string[] {
  // A dash between words is punctuation, not a minus.
  return text.terms.filter((term, index) => {
    if (!/^[=<>!&|+\-*/^~%]+$/.test(term)) return false;
    // A lone "!" after a word ends a sentence; after a number it is a factorial.
    if (term === '!') return /^\d/.test(text.terms[index - 1] ?? '');
    if (term !== '-') return true;
    return /^\d/.test(text.terms[index - 1] ?? '') || /^\d/.test(text.terms[index + 1] ?? '');
  });
}

/** Code spans, URLs, emoji, identifiers (snake_case, camelCase, dotted names, calls, flags) and file names. */
export const checkCode: Check = (query, candidate) => {
  const codeA = query.tokens.filter((t) => t.kind === 'code' || t.kind === 'url').map((t) => t.norm);
  const codeB = candidate.tokens.filter((t) => t.kind === 'code' || t.kind === 'url').map((t) => t.norm);
  const extraA = multisetMissing(codeA, codeB);
  const extraB = multisetMissing(codeB, codeA);
  if (extraA.length > 0 || extraB.length > 0) return `different code: ${quoteList(extraA)} vs ${quoteList(extraB)}`;
  const symbolsA = symbolsOf(query.text);
  const symbolsB = symbolsOf(candidate.text);
  if (symbolsA.join(' ') !== symbolsB.join(' ')) return `different symbols: ${quoteList(symbolsA)} vs ${quoteList(symbolsB)}`;
  const missingA = [...identifiersOf(query)].filter((id) => !mentions(candidate, id));
  const missingB = [...identifiersOf(candidate)].filter((id) => !mentions(query, id));
  if (missingA.length > 0 || missingB.length > 0) return `different identifiers: ${quoteList(missingA)} vs ${quoteList(missingB)}`;
  return undefined;
};

const EMOJI_OR_EMOTICON = /\p{Extended_Pictographic}|(?<![\w])[:;=][-']?[()DPp/|\\](?![\w])/gu;

/** Emoji and emoticons, sorted: "what does ✊ mean" is not "what does :( mean". */
function symbolsOf(text: string): string[] {
  return [...text.matchAll(EMOJI_OR_EMOTICON)].map((match) => match[0]).sort();
}

const CALL_OR_FLAG = /([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\(|(?:^|\s)(--?[A-Za-z][\w-]*)/g;

function identifiersOf(text: AnalyzedText): Set<string> {
  const ids = new Set<string>();
  for (const token of text.tokens) {
    if (token.kind !== 'word') continue;
    const s = token.surface;
    if (s.includes('_') || /\p{L}\.\p{L}/u.test(s) || /\p{Ll}\p{Lu}/u.test(s)) {
      if (!/^(?:\p{L}\.)+\p{L}$/u.test(s)) ids.add(token.norm); // "U.S" is an abbreviation
    }
  }
  for (const match of text.text.matchAll(CALL_OR_FLAG)) ids.add((match[1] ?? match[2]!).toLowerCase());
  return ids;
}

function mentions(text: AnalyzedText, id: string): boolean {
  if (text.words.includes(id)) return true;
  return text.text.toLowerCase().includes(id);
}

const QUOTED = /"([^"\n]{1,80})"|(?:^|[\s(])'([^'\n]{1,40})'(?=[\s?.!,)]|$)/g;

/**
 * Words in quotes are mentioned, not used: "what part of speech is 'was'" is not about "tell",
 * even though both are common words the other checks ignore. Short quotes count every word,
 * longer ones their content words; the other side must have them (in any form).
 */
export const checkQuoted: Check = (query, candidate) => {
  const missingA = quotedStems(query).filter((stem) => !candidate.stemSet.has(stem));
  const missingB = quotedStems(candidate).filter((stem) => !query.stemSet.has(stem));
  if (missingA.length > 0 || missingB.length > 0) return `different quoted words: ${quoteList(missingA)} vs ${quoteList(missingB)}`;
  return undefined;
};

function quotedStems(text: AnalyzedText): string[] {
  const stems: string[] = [];
  const prepared = text.text.replace(/[\u201c\u201d]/g, '"').replace(/[\u2018\u2019]/g, "'");
  for (const match of prepared.matchAll(QUOTED)) {
    const quoted = analyzeText(match[1] ?? match[2]!);
    const short = quoted.words.length <= 3;
    quoted.words.forEach((word, index) => {
      if (short || !STOPWORDS.has(word)) stems.push(quoted.stems[index]!);
    });
  }
  return stems;
}
