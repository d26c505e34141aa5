// English word lists and a light stemmer shared by the built-in embedder and the equivalence
// verifier, so both see "voting" and "vote", "countries" and "country" as one word.
import { lookupTable } from './lookup-table.js';

/** Function words: they carry little of a question's topic, so the embedder down-weights them. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then else so of to in on at by for with from into onto about as ' +
    'is am are was were be been being do does did doing done have has had having ' +
    'i me my mine myself we us our ours you your yours he him his she her hers it its they them ' +
    'their theirs this that these those there here what which who whom whose when where why how ' +
    'can could will would shall should may might must some any each every all both either ' +
    'such own same than too very just also only even still yet really quite much many ' +
    'get got make made one ones thing things someone something anyone anything way ways ' +
    's t ll ve re d m please tell know like want need'
  ).split(' '),
);

const IRREGULAR = lookupTable<string>({
  children: 'child', men: 'man', women: 'woman', people: 'person', persons: 'person',
  mice: 'mouse', feet: 'foot', teeth: 'tooth', geese: 'goose', lives: 'life', wives: 'wife',
  knives: 'knife', leaves: 'leaf', data: 'datum', criteria: 'criterion', phenomena: 'phenomenon',
  analyses: 'analysis', bought: 'buy', sold: 'sell', taught: 'teach', thought: 'think',
  went: 'go', gone: 'go', ran: 'run', wrote: 'write', written: 'write', ate: 'eat', eaten: 'eat',
  got: 'get', gotten: 'get', made: 'make', said: 'say', told: 'tell', found: 'find',
  became: 'become', began: 'begin', begun: 'begin', chose: 'choose', chosen: 'choose',
  knew: 'know', known: 'know', took: 'take', taken: 'take', gave: 'give', given: 'give',
  saw: 'see', seen: 'see', came: 'come', felt: 'feel', kept: 'keep', left: 'left', lost: 'lose',
  paid: 'pay', built: 'build', sent: 'send', spent: 'spend', won: 'win', held: 'hold',
  is: 'be', am: 'be', are: 'be', was: 'be', were: 'be', been: 'be', being: 'be',
  has: 'have', had: 'have', does: 'do', did: 'do', done: 'do',
});

/** Words whose final "s" is not a plural. */
const KEEP_S = /(?:ss|us|is|ous|ics|ws|ys|as)$/;

/**
 * A deliberately light stemmer: plurals, -ing, -ed and -ly, plus a final silent "e", so that
 * inflections of a word meet ("voting"/"vote" -> "vot"). It never merges comparatives or
 * negated forms ("better", "unable"): those change an answer.
 */
export function stemWord(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular !== undefined) return stripSilentE(irregular);
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let stem = word;
  if (stem.endsWith('ies') && stem.length > 4) stem = stem.slice(0, -3) + 'y';
  else if (/(?:sses|xes|ches|shes|zes)$/.test(stem)) stem = stem.slice(0, -2);
  else if (stem.endsWith('s') && !KEEP_S.test(stem)) stem = stem.slice(0, -1);
  if (stem.endsWith('ing') && hasVowel(stem.slice(0, -3)) && stem.length >= 6) stem = undouble(stem.slice(0, -3));
  else if (stem.endsWith('ied') && stem.length > 4) stem = stem.slice(0, -3) + 'y';
  else if (stem.endsWith('ed') && hasVowel(stem.slice(0, -2)) && stem.length >= 5) stem = undouble(stem.slice(0, -2));
  else if (stem.endsWith('ly') && stem.length >= 6) stem = stem.slice(0, -2);
  return stripSilentE(stem);
}

function hasVowel(text: string): boolean {
  return /[aeiouy]/.test(text);
}

function undouble(stem: string): string {
  return /([bdfgmnprt])\1$/.test(stem) ? stem.slice(0, -1) : stem;
}

function stripSilentE(stem: string): string {
  return stem.length > 3 && stem.endsWith('e') && !stem.endsWith('ee') ? stem.slice(0, -1) : stem;
}
