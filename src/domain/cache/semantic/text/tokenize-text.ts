// Splits a prompt into normalised tokens for the built-in embedder and the equivalence verifier:
// Unicode NFKC, lowercase, contractions expanded ("what's" -> "what is", "don't" -> "do not"),
// spelled-out numbers as digits, currency and percent signs as words, code spans kept verbatim.
// Each token keeps its surface form, because the verifier reads capitals (names, acronyms).
import { lookupTable } from './lookup-table.js';
import { replaceNumberWords } from './number-words.js';

export type TokenKind = 'word' | 'number' | 'code' | 'symbol' | 'url';

export interface Token {
  /** As written, with its casing (for contractions, the whole written word). */
  surface: string;
  /** Lowercase, normalised form; for code, the code itself with whitespace collapsed. */
  norm: string;
  kind: TokenKind;
  /** The first word of a sentence, whose capital letter says nothing about it being a name. */
  sentenceStart: boolean;
}

const CODE = /```[\s\S]*?```|`[^`\n]+`/g;
const SCAN =
  /(https?:\/\/[^\s<>"')\]]+|www\.[^\s<>"')\]]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)|((?:c\+\+|c#|f#)(?![\w+#])|\.net\b)|([\p{L}\p{M}\p{N}_]+(?:['.,:/-][\p{L}\p{M}\p{N}_]+)*)|([=<>!&|+\-*/^~%]+)|([.?!;\n]+)/giu;
const TECH_NAMES = lookupTable<string>({ 'c++': 'cpp', 'c#': 'csharp', 'f#': 'fsharp', '.net': 'dotnet' });
const CURRENCIES = lookupTable<string>({ $: 'dollar', '€': 'euro', '£': 'pound', '¥': 'yen', '₹': 'rupee' });

const UNIT_SUFFIX =
  /^(\d+(?:\.\d+)?)(mm|cm|m|km|in|ft|mi|mph|kmh|kg|g|mg|lb|lbs|oz|l|ml|gb|mb|kb|tb|gbps|mbps|hz|khz|mhz|ghz|w|kw|kwh|v|mah|am|pm|ms|h|hr|hrs|min|mins|k|x|yr|yrs|yo|c|f)$/;

/** Tokenises a text; see the file header for what is normalised. */
export function tokenize(text: string): Token[] {
  const prepared = text.normalize('NFKC').replace(/[\u2018\u2019\u02bc\u2032]/g, "'").replace(/[\u201c\u201d]/g, '"');
  const raw: Token[] = [];
  let last = 0;
  for (const match of prepared.matchAll(CODE)) {
    scanProse(prepared.slice(last, match.index), raw);
    const inner = match[0].replace(/^`+|`+$/g, '').trim();
    if (inner) raw.push({ surface: inner, norm: inner.replace(/\s+/g, ' '), kind: 'code', sentenceStart: false });
    last = match.index + match[0].length;
  }
  scanProse(prepared.slice(last), raw);
  return spellNumbers(readRomanNumerals(raw));
}

const ROMAN = lookupTable<number>({ I: 1, V: 5, X: 10, L: 50 });

/**
 * "World War II", "Henry VIII", "Rocky IV": a Roman numeral after a capitalised name is a number.
 * A lone "I" is a pronoun except after "War".
 */
function readRomanNumerals(tokens: Token[]): Token[] {
  return tokens.map((token, index) => {
    const previous = tokens[index - 1];
    if (token.kind !== 'word' || !/^[IVXL]+$/.test(token.surface) || !previous || !/^\p{Lu}/u.test(previous.surface)) return token;
    if (token.surface.length === 1 && !(token.surface === 'I' && previous.norm === 'war')) return token;
    let value = 0;
    for (let i = 0; i < token.surface.length; i++) {
      const digit = ROMAN[token.surface[i]!]!;
      value += digit < (ROMAN[token.surface[i + 1] ?? ''] ?? 0) ? -digit : digit;
    }
    return { ...token, norm: String(value), kind: 'number' as const };
  });
}

function scanProse(text: string, out: Token[]): void {
  const rewritten = text
    .replace(/([$€£¥₹])\s?(\d[\d,]*(?:\.\d+)?)/g, (_all, sign: string, amount: string) => `${amount} ${CURRENCIES[sign]}`)
    .replace(/(\d)\s?%/g, '$1 percent');
  let sentenceStart = true;
  for (const match of rewritten.matchAll(SCAN)) {
    const [, url, tech, word, symbol] = match;
    if (url) out.push({ surface: url, norm: url.toLowerCase(), kind: 'url', sentenceStart: false });
    else if (symbol) out.push({ surface: symbol, norm: symbol, kind: 'symbol', sentenceStart: false });
    else if (tech) out.push({ surface: tech, norm: TECH_NAMES[tech.toLowerCase()]!, kind: 'word', sentenceStart });
    else if (word) splitWord(word, sentenceStart, out);
    sentenceStart = !url && !tech && !word && !symbol ? true : symbol ? sentenceStart : false;
  }
}

/** Breaks a scanned word at commas, slashes, colons and hyphens unless it is a number, a date or an identifier. */
function splitWord(word: string, sentenceStart: boolean, out: Token[]): void {
  const push = (surface: string, norm: string, first: boolean): void => {
    out.push({ surface, norm, kind: /\d/.test(norm) ? 'number' : 'word', sentenceStart: first });
  };
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(word)) return push(word, word.replace(/,/g, ''), sentenceStart);
  if (/^\d+(?:[.:/-]\d+)+$/.test(word) && !/^\d+-\d+$/.test(word)) return push(word, word, sentenceStart);
  const parts = word.split(/[,/]|:(?!\d)|-(?=.)/);
  const joined = joinLetterPrefixes(parts.filter((part) => part !== ''));
  joined.forEach((part, index) => {
    const first = sentenceStart && index === 0;
    if (/^(?:[a-z]\.)+[a-z]$/i.test(part)) return push(part, abbreviation(part), first);
    for (const norm of expandWord(part.toLowerCase())) {
      const unit = UNIT_SUFFIX.exec(norm);
      if (unit) {
        push(part, unit[1]!, first);
        push(part, unit[2]!, false);
      } else push(part, norm, first);
    }
  });
}

/** "e-mail" -> "email", "t-shirt" -> "tshirt": a one-letter prefix is part of the word. */
function joinLetterPrefixes(parts: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (/^\p{L}$/u.test(parts[i]!) && i + 1 < parts.length) {
      out.push(parts[i]! + parts[i + 1]!);
      i++;
    } else out.push(parts[i]!);
  }
  return out;
}

function abbreviation(dotted: string): string {
  const letters = dotted.replace(/\./g, '').toLowerCase();
  return letters === 'us' ? 'usa' : letters;
}

const IS_CONTRACTED = new Set(['what', 'who', 'where', 'when', 'why', 'how', 'it', 'that', 'there', 'here', 'he', 'she', 'this']);
const NOT_CONTRACTED = lookupTable<string[]>({
  "can't": ['can', 'not'], cant: ['can', 'not'], cannot: ['can', 'not'], "won't": ['will', 'not'],
  "shan't": ['shall', 'not'], "ain't": ['is', 'not'], dont: ['do', 'not'], doesnt: ['does', 'not'],
  didnt: ['did', 'not'], isnt: ['is', 'not'], arent: ['are', 'not'], wasnt: ['was', 'not'],
  werent: ['were', 'not'], havent: ['have', 'not'], hasnt: ['has', 'not'], hadnt: ['had', 'not'],
  wouldnt: ['would', 'not'], shouldnt: ['should', 'not'], couldnt: ['could', 'not'],
  mustnt: ['must', 'not'], neednt: ['need', 'not'], whats: ['what', 'is'], thats: ['that', 'is'],
  hows: ['how', 'is'], wheres: ['where', 'is'], whos: ['who', 'is'], im: ['i', 'am'], ive: ['i', 'have'],
  youre: ['you', 'are'], theyre: ['they', 'are'], youve: ['you', 'have'], theyve: ['they', 'have'],
  "let's": ['let', 'us'], "o'clock": ['oclock'],
});
const SUFFIXES = lookupTable<string | undefined>({ "'re": 'are', "'ve": 'have', "'ll": 'will', "'d": 'would', "'m": 'am' });

/** Expands contractions in one lowercase word. */
function expandWord(word: string): string[] {
  const fixed = NOT_CONTRACTED[word];
  if (fixed) return fixed;
  if (!word.includes("'")) return [word];
  if (word.endsWith("n't")) return [word.slice(0, -3), 'not'];
  if (word.endsWith("'s")) {
    const base = word.slice(0, -2);
    return IS_CONTRACTED.has(base) ? [base, 'is'] : [base]; // otherwise a possessive
  }
  const at = word.lastIndexOf("'");
  const suffix = word.slice(at);
  if (suffix in SUFFIXES) return [word.slice(0, at), SUFFIXES[suffix]!];
  if (at === word.length - 1) return [word.slice(0, -1)]; // plural possessive: "users'"
  return [word.replace(/'/g, '')];
}

/** Spelled-out numbers become digits; tokens keep the surface of the first word they came from. */
function spellNumbers(tokens: Token[]): Token[] {
  const countable = (token: Token): boolean => token.kind === 'word' || token.kind === 'number';
  const { words, origins } = replaceNumberWords(tokens.map((token) => (countable(token) ? token.norm : '\u0000')));
  return words.map((word, index) => {
    const origin = tokens[origins[index]!]!;
    if (word === origin.norm || !countable(origin)) return origin;
    return { ...origin, norm: word, kind: 'number' as const };
  });
}
