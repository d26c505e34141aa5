// Checks on meaning that flips with one word: negation ("not", "never", "without", "n't"),
// opposite words ("increase" / "decrease", "possible" / "impossible"), the kind of question
// ("why" / "when" / "how many", "Can I ...?" / "How can I ...?") and whose thing it is ("my" / "your").
import { strippedWords } from '../text/canonical-words.js';
import { lookupTable } from '../text/lookup-table.js';
import { analyzeText, hasCue, quoteList, type AnalyzedText } from './analyzed-text.js';
import type { Check } from './lexical-checks.js';
import { NEGATED_WORDS, NEGATING_PREFIXES, OPPOSITE_AXES } from './opposite-words.js';

const NEGATIONS = new Set([
  'not', 'no', 'never', 'none', 'nobody', 'nothing', 'nowhere', 'neither', 'nor', 'without', 'unable', 'unless',
  'hardly', 'barely', 'scarcely', 'lack', 'lacks', 'lacking',
  // the commonest negations of other languages (the language check catches the rest)
  'pas', 'jamais', 'nicht', 'kein', 'keine', 'nie', 'nunca', 'não', 'nao', 'niet', 'geen', 'non',
]);

/** Negation words, except in "whether or not", "no matter", "not only ... but". */
function negationCount(text: AnalyzedText): number {
  let count = 0;
  text.words.forEach((word, index) => {
    if (!NEGATIONS.has(word)) return;
    const previous = text.words[index - 1];
    const next = text.words[index + 1];
    if (word === 'not' && (previous === 'or' || next === 'only')) return;
    if (word === 'no' && (next === 'matter' || next === 'doubt')) return;
    count++;
  });
  return count;
}

export const checkNegation: Check = (query, candidate) => {
  const a = negationCount(query);
  const b = negationCount(candidate);
  return a === b ? undefined : `negation differs (${a} vs ${b} negations)`;
};

/** Opposite poles of one axis on the two sides ("pros" alone vs "cons", or vs "pros and cons"). */
export const checkOpposites: Check = (query, candidate) => {
  for (const axis of OPPOSITE_AXES) {
    const a = polesOf(query, axis.poles);
    const b = polesOf(candidate, axis.poles);
    if (a === b || a === 0 || b === 0) continue;
    // Different, both non-empty: one side has a pole the other lacks while that other side has the opposite one.
    return `opposite meanings (${axis.name})`;
  }
  return prefixOpposite(query, candidate) ?? prefixOpposite(candidate, query);
};

/** Bit 1: first pole present, bit 2: second pole present. */
function polesOf(text: AnalyzedText, poles: readonly [Set<string>, Set<string>]): number {
  let mask = 0;
  for (const cue of poles[0]) if (hasCue(text, cue)) mask |= 1;
  for (const cue of poles[1]) if (hasCue(text, cue)) mask |= 2;
  return mask;
}

/** "possible" on one side, "impossible" (and no "possible") on the other. */
function prefixOpposite(one: AnalyzedText, other: AnalyzedText): string | undefined {
  for (const stem of other.stemSet) {
    const bases = NEGATING_PREFIXES.filter((prefix) => stem.length > prefix.length + 2 && stem.startsWith(prefix)).map((prefix) =>
      stem.slice(prefix.length),
    );
    const listed = NEGATED_WORDS.get(stem);
    if (listed) bases.push(listed);
    for (const base of bases) {
      if (one.stemSet.has(base) && !one.stemSet.has(stem) && !other.stemSet.has(base)) return `opposite meanings (${base} / ${stem})`;
    }
  }
  return undefined;
}

const QUESTION_KINDS = lookupTable<string>({ why: 'why', when: 'when', where: 'where', who: 'who', whom: 'who', whose: 'whose' });
const HOW_KINDS = lookupTable<string>({ many: 'how many', much: 'how much', long: 'how long', often: 'how often', old: 'how old', far: 'how far', come: 'why' });
const AUXILIARIES = new Set(
  'is are am was were do does did can could should would will shall may might must have has had'.split(' '),
);

/** Why, when, where, who, how (manner), how many, ...: what kind of answer is asked for. */
function questionKinds(text: AnalyzedText): Set<string> {
  const kinds = new Set<string>();
  text.words.forEach((word, index) => {
    const kind = QUESTION_KINDS[word] ?? (word === 'how' ? (HOW_KINDS[text.words[index + 1] ?? ''] ?? 'how') : undefined);
    if (kind) kinds.add(kind);
  });
  return kinds;
}

/** "What is it like ...", "What does it feel like ...": a question about an experience. */
function asksForExperience(text: AnalyzedText): boolean {
  return text.words.some((word, index) => word === 'like' && ['it', 'feel', 'feels', 'be', 'being'].includes(text.words[index - 1] ?? ''));
}

/** "yes/no" when the text opens with an auxiliary ("Can I ...?"), "open" with a question word. */
const POLITE_MODALS = new Set(['could', 'can', 'would', 'will']);
const POLITE_VERBS = new Set(['tell', 'show', 'explain', 'give', 'let', 'help']);

/** Words that open a clause put before the question: "When making pasta, should I ...?". */
const FRONTED = new Set(['when', 'while', 'if', 'after', 'before', 'during', 'for', 'in', 'on', 'at', 'since', 'as', 'without', 'with', 'once', 'until', 'from', 'to', 'by', 'between', 'among', 'under', 'over']);

function questionForm(text: AnalyzedText): 'yes/no' | 'open' | undefined {
  const comma = text.text.indexOf(',');
  if (FRONTED.has(text.words[0] ?? '') && comma > 0) return questionForm(analyzeText(text.text.slice(comma + 1)));
  const words = withoutPoliteWrapper(text.words);
  // Greetings, "please", "do you know", "would you mind telling me" (canonical-words.ts) wrap the question.
  const stripped = strippedWords(words);
  const first = stripped[0];
  if (first === undefined) return undefined;
  if (words !== text.words || first !== words[0]) return isOpenQuestionWord(first) ? 'open' : undefined;
  if (AUXILIARIES.has(first)) return 'yes/no';
  return isOpenQuestionWord(first) ? 'open' : undefined;
}

function isOpenQuestionWord(word: string): boolean {
  return word in QUESTION_KINDS || word === 'how' || word === 'what' || word === 'which';
}

/** "Could you (please) tell me what ..." asks what follows the wrapper, not a yes/no question. */
function withoutPoliteWrapper(words: readonly string[]): readonly string[] {
  if (!POLITE_MODALS.has(words[0] ?? '') || words[1] !== 'you') return words;
  let at = 2;
  if (words[at] === 'please') at++;
  if (!POLITE_VERBS.has(words[at] ?? '')) return words;
  at++;
  while (words[at] === 'me' || words[at] === 'us' || words[at] === 'know' || words[at] === 'understand') at++;
  return words.slice(at);
}

/**
 * "Why ..." and "When ..." ask for different answers, and so do "Can I ...?" and "How can I ...?";
 * "What is the reason ..." and "Why ..." may not, so a side with no question word passes.
 */
export const checkQuestionKind: Check = (query, candidate) => {
  const formA = questionForm(query);
  const formB = questionForm(candidate);
  if (formA && formB && formA !== formB) return `different question: ${formA} vs ${formB}`;
  if (asksForExperience(query) !== asksForExperience(candidate)) return 'different question: what it is vs what it is like';
  const a = questionKinds(query);
  const b = questionKinds(candidate);
  if (a.size === 0 || b.size === 0) return undefined;
  const same = a.size === b.size && [...a].every((kind) => b.has(kind));
  return same ? undefined : `different question: ${quoteList([...a])} vs ${quoteList([...b])}`;
};

/**
 * Words that change which things a request is about: "only use the euro" / "also use the euro",
 * "every day" / "every other day", "except". Each must occur as often on both sides. "or" in
 * place of an "and" ("stocks or bonds" / "stocks and bonds") is a choice instead of both; an "or"
 * added on its own ("(or someone you know)") is left to the threshold, like any added words.
 */
const CONNECTIVES = ['only', 'also', 'other', 'except'];

export const checkConnectives: Check = (query, candidate) => {
  // "whether or not", "true or not", "more or less" choose nothing.
  const count = (words: readonly string[], word: string): number =>
    words.filter((w, i) => w === word && !(w === 'or' && (words[i + 1] === 'not' || (words[i - 1] === 'more' && words[i + 1] === 'less')))).length;
  for (const word of CONNECTIVES) {
    const a = count(query.words, word);
    const b = count(candidate.words, word);
    if (a !== b) return `different connective: "${word}" ${a} vs ${b} times`;
  }
  const or = count(query.words, 'or') - count(candidate.words, 'or');
  const and = count(query.words, 'and') - count(candidate.words, 'and');
  if (or * and < 0) return `different connective: "or" and "and" swapped`;
  return undefined;
};

const FIRST_PERSON = new Set(['my', 'mine', 'our', 'ours']);
const SECOND_PERSON = new Set(['your', 'yours']);
const THIRD_PERSON = new Set(['their', 'theirs']);

/** Whose thing it is: "my mother", "your mother" and "their mother" are different people. */
export const checkPossessor: Check = (query, candidate) => {
  const owners = (text: AnalyzedText): string =>
    [
      text.words.some((w) => FIRST_PERSON.has(w)) ? 'mine' : '',
      text.words.some((w) => SECOND_PERSON.has(w)) ? 'yours' : '',
      text.words.some((w) => THIRD_PERSON.has(w)) ? 'theirs' : '',
    ]
      .filter(Boolean)
      .join(' ');
  const a = owners(query);
  const b = owners(candidate);
  return a && b && a !== b ? `different possessor: ${a} vs ${b}` : undefined;
};
