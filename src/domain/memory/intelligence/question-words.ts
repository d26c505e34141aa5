// The words of an intelligence question, sorted by what they do: function words; the wording of
// a question about activity in general ("what happened this week", "give me a summary"), which
// names no topic; and topic words, which the relevance of milestones is measured on. Names of the
// window's projects, agents and contributors are found separately (window-entities.ts).
import { STOPWORDS, stemWord } from '../../cache/semantic/text/english-words.js';

export interface QuestionWord {
  /** Lowercase, as written. */
  word: string;
  /** Written with a capital away from the start of a sentence ("France", "Okta", "JWT"). */
  capitalised: boolean;
  /** Written with a capital anywhere. */
  upper: boolean;
  kind: 'function' | 'activity' | 'topic';
}

/**
 * Function words: those the lexical search drops, the embedder's (which add fillers such as
 * "thing", "way", "make"), light verbs that carry no topic of their own, and adverbs of frequency.
 */
const FUNCTION_WORDS = new Set([
  ...STOPWORDS,
  ...(
    'a about above after again against all also am an and any are as at be because been before being below between ' +
    'both but by can could did do does doing down during each else ever few for from further had has have having he ' +
    'her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not ' +
    'of off on once only or other our ours ourselves out over own same she should so some such than that the ' +
    'their theirs them themselves then there these those through to too under until up us very was we ' +
    'were what when where which while who whom whose why will with would you your yours yourself yourselves ' +
    'don didn doesn isn aren wasn weren won wouldn couldn shouldn hasn haven hadn mustn needn ain cannot ' +
    's t d ll m re ve please tell know let like get got any anything something really ' +
    'take takes taken took taking use uses used using make makes making ' +
    'often usually always never sometimes frequently'
  ).split(' '),
]);

/**
 * The wording of a question about activity rather than about a topic: when, who in general, and
 * the verbs and nouns of asking for a report. A question made only of these (and of names of the
 * window's projects, agents and contributors) asks for a digest. They are the form of such
 * questions, not topics: "what changed in checkout" keeps "checkout" as its topic.
 */
const ACTIVITY_WORDS = new Set(
  (
    // when
    'today yesterday tonight now currently recent recently lately latest new newest since ago past last next this ' +
    'so far hour hours day days week weeks weekly month months monthly year years quarter sprint weekend morning ' +
    'afternoon evening monday tuesday wednesday thursday friday saturday sunday one two three four five six seven ' +
    'eight nine ten couple few several ' +
    // who, in general
    'team teams everyone everybody anyone anybody someone somebody people folks agent agents contributor contributors ' +
    'project projects branch branches repo repository ' +
    // asking for a report
    'happen happened happening happens going go goes went on done work worked working works change changed changes ' +
    'changing update updates updated progress status activity activities summary summaries summarize summarise ' +
    'summarized summarised overview recap report news highlight highlights everything stuff give show list describe ' +
    'catch whats what s been keep busy accomplish accomplished achieve achieved ship shipped complete completed finish ' +
    'finished deliver delivered'
  ).split(' '),
);

/** Units that make a number part of a time span ("the last 7 days"), not a topic. */
const TIME_UNITS = /^(?:hours?|days?|weeks?|months?|years?|h|d|w)$/;

/** The words of a question, in order. */
export function questionWords(question: string): QuestionWord[] {
  const words: QuestionWord[] = [];
  let sentenceStart = true;
  for (const match of question.matchAll(/[\p{L}\p{N}]+|[.!?]+/gu)) {
    const surface = match[0];
    if (/^[.!?]+$/.test(surface)) {
      sentenceStart = true;
      continue;
    }
    const word = surface.toLowerCase();
    const upper = /^\p{Lu}/u.test(surface);
    const capitalised = !sentenceStart && upper && word !== 'i';
    sentenceStart = false;
    words.push({ word, capitalised, upper, kind: FUNCTION_WORDS.has(word) ? 'function' : ACTIVITY_WORDS.has(word) ? 'activity' : 'topic' });
  }
  words.forEach((w, i) => {
    const next = words[i + 1]?.word ?? '';
    if (w.kind === 'topic' && /^\d+$/.test(w.word) && TIME_UNITS.test(next)) w.kind = 'activity';
    // "10d", "3w": a time span written as one word.
    if (w.kind === 'topic' && /^\d+[hdw]$/.test(w.word)) w.kind = 'activity';
  });
  return words;
}

/** The stem a topic word is matched by (see term-match.ts). */
export function stemOf(word: string): string {
  return stemWord(word);
}

/**
 * The topic words of a question, with two neighbouring words written as one where the window
 * writes them as one word ("log in" -> "login", "roll back" -> "rollback", "set up" -> "setup");
 * the other way round, a milestone's stems include its neighbouring words joined (term-match.ts).
 */
export function topicWords(words: QuestionWord[], used: Set<number>, known: (stem: string) => boolean): QuestionWord[] {
  const topic: QuestionWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.kind !== 'topic' || used.has(i)) continue;
    const next = words[i + 1];
    if (next && !used.has(i + 1) && next.kind !== 'activity' && known(stemOf(word.word + next.word))) {
      topic.push({ ...word, word: word.word + next.word });
      i++;
      continue;
    }
    topic.push(word);
  }
  return topic;
}
