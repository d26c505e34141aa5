// A request's words with what does not change its answer taken out or merged: greetings, "please",
// "thanks", wrappers such as "could you tell me", "I was wondering", "quick question"; "how do I",
// "how can I" and "how should I" as "how to"; listed phrases and synonyms as one word. The
// verifier compares requests on these words, and the matcher's second look scores them.
import { STOPWORDS, stemWord } from './english-words.js';
import { canonicalStem, rewritePhrases } from './synonyms.js';

export type WordRole = 'content' | 'function' | 'number';

export interface CanonicalWord {
  /** Stem, with synonyms merged (for content words). */
  stem: string;
  role: WordRole;
}

const GREETINGS = ['hi there', 'hello there', 'hey there', 'good morning', 'good afternoon', 'good evening', 'hi', 'hello', 'hey', 'hiya', 'greetings', 'yo', 'dear'].map(
  (greeting) => greeting.split(' '),
);
const THANKS_TAILS = ['a lot for your help', 'so much for your help', 'for your help', 'for the help', 'in advance', 'a lot', 'so much', 'very much', 'again'].map(
  (tail) => tail.split(' '),
);
const GREETING_WORDS = new Set(GREETINGS.flat().filter((word) => word !== 'good' && word !== 'there'));
const ANYWHERE = new Set(['please', 'pls', 'plz', 'kindly', 'thanks', 'thx', 'cheers']);
/** After these, "please" or "thank you" is the thing asked about ("how do I say thank you in Japanese"). */
const MENTIONED_AFTER = new Set(['say', 'says', 'said', 'saying', 'write', 'spell', 'pronounce', 'translate', 'word', 'words', 'phrase', 'mean', 'means', 'is', 'of', 'for', 'to', 'than', 'a', 'the', 'like', 'as']);
/** Words that open a request or question, so that a greeting before them is only a greeting. */
const REQUEST_STARTS = new Set(
  'what how why when where who whom whose which is are am was were do does did can could would will shall should may might must have has had i please quick just tell give show explain write help list describe recommend suggest'.split(' '),
);
const OPENERS = [
  'quick question', 'just curious', 'out of curiosity', 'i have a question',
  'i was wondering if', 'i was wondering whether', 'i was wondering', 'i am wondering if', 'i am wondering whether', 'i am wondering',
  'i wonder if', 'i wonder whether', 'i wonder', 'i would like to know', 'i would love to know', 'i want to know', 'i need to know',
  'i am curious', 'any idea', 'any ideas', 'would you mind telling me',
  'i would like you to', 'i want you to', 'i need you to', 'do you know', 'does anyone know', 'anyone know', 'can anyone tell me',
  'can someone tell me', 'could anyone tell me', 'could someone tell me', 'help me understand', 'help me figure out', 'explain to me', 'tell me', 'let me know',
].map((opener) => opener.split(' '));
const OPENER_STARTS = new Set(OPENERS.map((words) => words[0]!));
const WRAP_QUESTIONS_ONLY = new Set(['tell me', 'let me know', 'do you know', 'does anyone know', 'anyone know']);
const MODALS = new Set(['can', 'could', 'would', 'will']);
const HEDGES = new Set(['possibly', 'perhaps', 'maybe', 'just', 'also']);
/** After "could you (please)": the request itself starts here. */
const REQUEST_VERBS = new Set(
  'tell show give explain help list describe recommend suggest write provide share summarize summarise name find let create teach compose draft translate send'.split(' '),
);
const QUESTION_STARTS = new Set(['what', 'how', 'why', 'when', 'where', 'who', 'which', 'whether', 'if']);
/** Ways of asking how to do something, said as "how to" ("what can I do to sleep better" / "how do I sleep better"). */
const HOW_TO_PHRASES = [
  'what can i do to', 'what should i do to', 'what do i do to', 'what do i need to do to', 'what are some ways to', 'what are ways to',
  'what is a way to', 'in what ways can i', 'how is it possible to',
].map((phrase) => phrase.split(' '));
/** "how do I" and "how does one" ask for a way; "how do we", "how do you" may ask about people ("how do we look"). */
const HOW_SUBJECTS = new Set(['i', 'one', 'someone']);
const HOW_MODALS = new Set(['do', 'can', 'could', 'should', 'would', 'might', 'may', 'does']);

/**
 * How many words of a greeting open the text ("Hi! What is ...", "Good morning, can you ..."),
 * 0 when none does or when the greeting is what is asked about ("Hello in Japanese?").
 */
export function greetingLength(words: readonly string[]): number {
  const greeting = GREETINGS.find((phrase) => phrase.every((word, k) => words[k] === word));
  return greeting && REQUEST_STARTS.has(words[greeting.length] ?? '') ? greeting.length : 0;
}

/** Lowercase words without greetings, thanks, "please" and request wrappers, with "how do I" as "how to". */
export function strippedWords(words: readonly string[]): string[] {
  const polite = (i: number): boolean =>
    (ANYWHERE.has(words[i]!) && !MENTIONED_AFTER.has(words[i - 1] ?? '')) ||
    (words[i] === 'thank' && words[i + 1] === 'you' && !MENTIONED_AFTER.has(words[i - 1] ?? '')) ||
    (words[i] === 'you' && words[i - 1] === 'thank' && polite(i - 1));
  // "thanks in advance", "thank you so much", "thanks a lot for your help": the tail goes with the thanks.
  const dropped = new Set<number>();
  words.forEach((_, i) => {
    if (!polite(i)) return;
    dropped.add(i);
    const tail = THANKS_TAILS.find((phrase) => phrase.every((word, k) => words[i + 1 + k] === word));
    const thanks = words[i] === 'thanks' || words[i] === 'thx' || (words[i] === 'you' && words[i - 1] === 'thank');
    if (tail && thanks) tail.forEach((_, k) => dropped.add(i + 1 + k));
  });
  let list = words.filter((_, i) => !dropped.has(i));
  for (let changed = true; changed; ) {
    changed = false;
    const greeting = greetingLength(list);
    if (greeting > 0) {
      list = list.slice(greeting);
      changed = true;
    }
    // "could you (possibly) explain ..." -> "explain ..."
    const verbAt = MODALS.has(list[0] ?? '') && list[1] === 'you' ? (HEDGES.has(list[2] ?? '') ? 3 : 2) : 0;
    if (verbAt > 0 && REQUEST_VERBS.has(list[verbAt] ?? '')) {
      list = list.slice(verbAt);
      changed = true;
    }
    const opener = OPENER_STARTS.has(list[0] ?? '') ? OPENERS.find((words) => words.every((word, k) => list[k] === word)) : undefined;
    // "tell me", "let me know", "do you know" only before the question they wrap ("tell me a joke", "do you know Python" stay).
    const wraps = opener && (!WRAP_QUESTIONS_ONLY.has(opener.join(' ')) || QUESTION_STARTS.has(list[opener.length] ?? ''));
    if (opener && wraps && list.length > opener.length) {
      list = list.slice(opener.length);
      changed = true;
    }
  }
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const word = list[i]!;
    const asking = (word === 'what' || word === 'in' || word === 'how') && HOW_TO_PHRASES.find((phrase) => phrase.every((w, k) => list[i + k] === w));
    if (asking) {
      out.push('how', 'to');
      i += asking.length - 1;
      continue;
    }
    if (word === 'how' && HOW_MODALS.has(list[i + 1] ?? '') && HOW_SUBJECTS.has(list[i + 2] ?? '')) {
      out.push('how', 'to');
      i += 2;
      continue;
    }
    out.push(word);
  }
  return out;
}

/** The canonical words of a request (see the file header), in order. */
export function canonicalWords(words: readonly string[]): CanonicalWord[] {
  return rewritePhrases(strippedWords(words)).words.map((word) => {
    if (/\d/.test(word)) return { stem: word, role: 'number' };
    const stem = stemWord(word);
    // A "please" or "hello" still here is what the request is about ("how do I say please").
    if (ANYWHERE.has(word) || GREETING_WORDS.has(word)) return { stem, role: 'content' };
    if (STOPWORDS.has(word) || STOPWORDS.has(stem)) return { stem, role: 'function' };
    return { stem: canonicalStem(stem), role: 'content' };
  });
}
