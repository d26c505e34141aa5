// The same question in another language wants its answer in that language. Scripts are told
// apart by Unicode property; among Latin-script languages, by their commonest function words
// (only words that are not also English ones).
import { lookupTable } from '../text/lookup-table.js';
import type { AnalyzedText } from './analyzed-text.js';
import type { Check } from './lexical-checks.js';

const SCRIPTS: [string, RegExp][] = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
  ['bengali', /\p{Script=Bengali}/u],
  ['tamil', /\p{Script=Tamil}/u],
  ['thai', /\p{Script=Thai}/u],
  ['japanese', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['han', /\p{Script=Han}/u],
  ['hangul', /\p{Script=Hangul}/u],
];

const FUNCTION_WORDS = lookupTable<Set<string>>({
  english: words('the and is are of to what how why with for you my this that can does which who where was have not'),
  french: words("le la les des du une et est sont pour que qui quoi comment pourquoi avec dans sur pas je vous nous ce cette mon mes aux où quel quelle c'est cest qu"),
  spanish: words('el los las del y es son para qué que cómo por porque con una pero muy mi está están cuál dónde cuando yo tengo puedo hay'),
  german: words('der das und ist sind nicht ein eine mit für auf ich wie warum wo wer den dem zu von sie wir kann ist ich mein'),
  italian: words('il lo gli della di che è sono per non una come perché cosa con mi sono questo quale dove anche più'),
  portuguese: words('os um uma é são para não como com do da dos das em eu você qual onde isso mais meu'),
  dutch: words('het een en zijn niet van voor met ik wat hoe waarom dat je mijn kan ook'),
});

function words(list: string): Set<string> {
  return new Set(list.split(' '));
}

function dominantScript(text: string): string | undefined {
  const counts = new Map<string, number>();
  for (const char of text) {
    if (!/\p{L}/u.test(char)) continue;
    const script = SCRIPTS.find(([, pattern]) => pattern.test(char))?.[0] ?? 'other';
    counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  // Japanese mixes kana with Han characters: any kana makes it Japanese.
  if ((counts.get('japanese') ?? 0) > 0 && (counts.get('han') ?? 0) > 0) {
    counts.set('japanese', counts.get('japanese')! + counts.get('han')!);
    counts.delete('han');
  }
  let best: string | undefined;
  for (const [script, count] of counts) if (best === undefined || count > counts.get(best)!) best = script;
  return best;
}

/** The Latin-script language with clearly the most function words, if any. */
function guessLatinLanguage(text: AnalyzedText): string | undefined {
  const scores = Object.entries(FUNCTION_WORDS).map(([language, list]) => [language, text.words.filter((w) => list.has(w)).length] as const);
  scores.sort((x, y) => y[1] - x[1]);
  const [first, second] = scores;
  return first && first[1] >= 2 && first[1] > (second?.[1] ?? 0) ? first[0] : undefined;
}

export const checkLanguage: Check = (query, candidate) => {
  const scriptA = dominantScript(query.text);
  const scriptB = dominantScript(candidate.text);
  if (scriptA && scriptB && scriptA !== scriptB) return `different script: ${scriptA} vs ${scriptB}`;
  if (scriptA !== 'latin' || scriptB !== 'latin') return undefined;
  const a = guessLatinLanguage(query);
  const b = guessLatinLanguage(candidate);
  return a && b && a !== b ? `different language: ${a} vs ${b}` : undefined;
};
