// A small, hand-checked table of everyday synonyms, so that "buy a car" and "purchase an
// automobile" share their word features. Only words that are interchangeable in questions are
// grouped; near-synonyms that change an answer ("learn" / "study", "good" / "best") are not.
import { stemWord } from '../../../domain/cache/semantic/text/english-words.js';

const GROUPS = [
  'buy purchase', 'big large huge', 'small tiny', 'car automobile', 'begin start commence', 'movie film',
  'phone smartphone cellphone', 'fast quick rapid', 'quickly rapidly', 'tip advice suggestion', 'improve enhance',
  'use utilize utilise', 'help assist', 'find locate', 'obtain acquire', 'choose select pick', 'answer reply respond',
  'problem issue', 'benefit advantage', 'drawback disadvantage downside', 'easy simple', 'hard difficult',
  'important significant', 'kid child', 'doctor physician', 'shop store', 'picture photo image pic', 'website site',
  'happen occur', 'meaning definition', 'fix repair', 'need require', 'rich wealthy', 'cheap inexpensive',
  'expensive costly pricey', 'smart intelligent clever', 'scared afraid frightened', 'pretty beautiful', 'famous well-known',
  'recommend suggest', 'exam examination', 'college university', 'company firm', 'salary wage', 'method technique',
  'stop quit', 'end finish', 'show display', 'angry mad', 'sad unhappy', 'kill murder', 'speak talk',
  'correct right', 'error mistake blunder', 'goal aim objective', 'job occupation', 'reason cause',
];

const CANONICAL = new Map<string, string>();
for (const group of GROUPS) {
  const stems = group.split(' ').map((word) => stemWord(word));
  for (const stem of stems) if (!CANONICAL.has(stem)) CANONICAL.set(stem, stems[0]!);
}

/** The group's first stem for a stem that has synonyms, the stem itself otherwise. */
export function canonicalStem(stem: string): string {
  return CANONICAL.get(stem) ?? stem;
}
