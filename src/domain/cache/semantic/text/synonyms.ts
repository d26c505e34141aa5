// Hand-checked synonyms, so that "buy a car" and "purchase an automobile" share their words for
// the built-in embedder and the verifier's word comparison. A group holds words interchangeable
// wherever a question uses them (not merely related: "learn" / "study", "good" / "effective",
// "cure" / "treat", "keep" / "store", "kill" / "murder", "primary" / "main" change an answer), plus British / American spellings and short forms. Phrases
// ("get rid of") are rewritten to one word first. Used by the embedder and by the verifier.
import { lookupTable } from './lookup-table.js';
import { stemWord } from './english-words.js';

const GROUPS = [
  // everyday verbs of requests
  'buy purchase', 'begin start commence', 'stop quit cease', 'end finish', 'fix repair mend', 'use utilize utilise',
  'help assist aid', 'find locate', 'obtain acquire', 'choose select pick', 'answer reply respond', 'improve enhance',
  'need require', 'show display', 'speak talk converse', 'recommend suggest', 'happen occur', 'explain describe',
  'reduce lower lessen', 'increase boost raise', 'create generate produce', 'build construct', 'remove delete eliminate',
  'understand comprehend grasp', 'write compose', 'calculate compute', 'hire recruit', 'move relocate',
  'postpone delay', 'search seek', 'setup configure', 'register signup', 'login signin',
  'allow permit', 'try attempt', 'shut close',
  // adjectives
  'fast quick rapid speedy swift quickly rapidly swiftly', 'faster quicker speedier', 'fastest quickest speediest',
  'big large', 'bigger larger', 'biggest largest', 'huge enormous massive', 'small tiny', 'easy simple straightforward',
  'hard difficult tough challenging', 'important significant crucial vital', 'main principal chief', 'rich wealthy',
  'cheap inexpensive affordable', 'expensive costly pricey', 'smart intelligent clever', 'scared afraid frightened',
  'scary frightening terrifying', 'pretty beautiful lovely', 'famous well-known renowned', 'angry furious',
  'sad unhappy', 'correct right accurate', 'common typical usual', 'funny humorous hilarious', 'strange weird bizarre',
  'tired exhausted fatigued', 'sick ill unwell', 'healthy nutritious', 'enough sufficient', 'whole entire',
  // nouns
  'car automobile', 'movie film', 'phone smartphone cellphone', 'tip advice', 'problem issue', 'benefit advantage pro',
  'drawback disadvantage downside con', 'kid child', 'doctor physician', 'lawyer attorney', 'student pupil', 'shop store',
  'picture photo photograph image pic', 'website site webpage', 'meaning definition', 'exam examination', 'college university',
  'company firm corporation', 'salary wage', 'method technique approach', 'error mistake', 'goal aim objective', 'job occupation profession',
  'reason cause', 'symptom sign', 'question query', 'trip journey voyage', 'holiday vacation', 'cost price', 'tv television',
  'fridge refrigerator', 'bike bicycle', 'plane airplane aeroplane aircraft', 'math maths mathematics', 'info information',
  'ad advertisement advert', 'lab laboratory', 'flu influenza', 'email e-mail', 'mom mum mother mommy', 'dad father daddy',
  'internet web', 'gift present', 'sofa couch', 'garbage trash rubbish', 'apartment flat', 'elevator lift', 'cookie biscuit',
  // units (the verifier's number check reads them too)
  'km kilometer kilometre', 'cm centimeter centimetre', 'mm millimeter millimetre', 'm meter metre', 'kg kilogram kilo',
  'g gram', 'mg milligram', 'l liter litre', 'ml milliliter millilitre', 'lb lbs', 'mi mile', 'ft foot', 'hr hour',
  'min minute', 'sec second', 'gb gigabyte', 'mb megabyte', 'tb terabyte', 'kb kilobyte', 'c celsius centigrade',
  'f fahrenheit', 'kmh kph', 'yr year',
  // British and American spellings
  'color colour', 'favorite favourite', 'organize organise', 'organization organisation', 'analyze analyse', 'center centre',
  'theater theatre', 'program programme', 'license licence', 'defense defence', 'gray grey', 'optimize optimise',
  'realize realise', 'recognize recognise', 'apologize apologise', 'jewelry jewellery', 'behavior behaviour', 'neighbor neighbour',
  'flavor flavour', 'humor humour', 'labor labour', 'travel travell', 'catalog catalogue', 'dialog dialogue', 'practice practise',
];

/** Phrases with a one-word meaning, rewritten before stemming: "get rid of" -> "remove". */
export const PHRASES: readonly [string[], string][] = (
  [
    ['get rid of', 'remove'], ['gotten rid of', 'remove'], ['got rid of', 'remove'], ['get better at', 'improve at'],
    ['get better', 'improve'], ['set up', 'setup'], ['sign up', 'signup'], ['log in', 'login'], ['sign in', 'signin'],
    ['look for', 'search'], ['search for', 'search'], ['put off', 'postpone'], ['give up', 'quit'], ['in order to', 'to'],
    ['make money', 'earn money'], ['a lot of', 'many'], ['lots of', 'many'], ['cell phone', 'cellphone'], ['mobile phone', 'cellphone'],
    ['well known', 'well-known'], ['e mail', 'email'], ['web site', 'website'], ['web page', 'webpage'],
  ] as const
).map(([from, to]) => [from.split(' '), to] as [string[], string]);

const PHRASES_BY_FIRST = lookupTable<[string[], string][]>();
for (const phrase of PHRASES) (PHRASES_BY_FIRST[phrase[0][0]!] ??= []).push(phrase);

const CANONICAL = lookupTable<string>();
for (const group of GROUPS) {
  const stems = group.split(' ').map((word) => stemWord(word));
  for (const stem of stems) if (!(stem in CANONICAL)) CANONICAL[stem] = stems[0]!;
}

/** The group's first stem for a stem that has synonyms, the stem itself otherwise. */
export function canonicalStem(stem: string): string {
  return CANONICAL[stem] ?? stem;
}

/** Rewrites listed phrases in a list of lowercase words; returns the words and, per output word, its first input index. */
export function rewritePhrases(words: readonly string[]): { words: string[]; origins: number[] } {
  const out: string[] = [];
  const origins: number[] = [];
  for (let i = 0; i < words.length; ) {
    const phrase = PHRASES_BY_FIRST[words[i]!]?.find(([from]) => from.every((word, k) => words[i + k] === word));
    if (phrase) {
      for (const word of phrase[1].split(' ')) {
        out.push(word);
        origins.push(i);
      }
      i += phrase[0].length;
    } else {
      out.push(words[i]!);
      origins.push(i);
      i++;
    }
  }
  return { words: out, origins };
}
