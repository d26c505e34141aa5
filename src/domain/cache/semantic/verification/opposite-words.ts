// Pairs of opposite meanings ("axes"): words on one pole against words on the other. A question
// about the advantages of X and one about its drawbacks have different answers, however close
// their words are. Two-word cues ("turn off") are matched on adjacent stems.
import { stemWord } from '../text/english-words.js';

export interface OppositeAxis {
  /** Stems (or "stem stem" pairs) of each pole. */
  poles: [Set<string>, Set<string>];
  /** A readable name for reasons: "increase / decrease". */
  name: string;
}

const AXES = [
  'increase raise boost grow / decrease reduce shrink',
  'gain / lose loss',
  'eat consume include take / avoid skip exclude',
  'buy purchase buyer / sell seller',
  'advantage benefit pro merit strength upside / disadvantage drawback con downside weakness demerit',
  'minimum min minimal minimize / maximum max maximal maximize',
  'most / least',
  'more / less fewer',
  'before / after',
  'hot warm heat / cold cool chill',
  'best / worst',
  'better / worse',
  'good / bad',
  'high higher highest / low lower lowest',
  'big bigger biggest large larger largest huge / small smaller smallest tiny',
  'long longer longest / short shorter shortest',
  'fast faster fastest quick quicker / slow slower slowest',
  'old older oldest / new newer newest',
  'old older oldest / young younger youngest',
  'early earlier earliest / late later latest',
  'easy easier easiest / hard harder hardest difficult',
  'cheap cheaper cheapest inexpensive affordable / expensive costly pricey',
  'safe safer safest / dangerous risky',
  'true / false',
  'right / wrong',
  'left / right',
  'correct / incorrect wrong',
  'win won winner victory / lose lost loser defeat',
  'love / hate',
  'positive / negative',
  'rich richer richest wealthy / poor poorer poorest',
  'happy happier / sad sadder unhappy',
  'start begin beginning / end finish stop',
  'open / close closed shut',
  'import / export',
  'upload / download',
  'input / output',
  'send sender / receive receiver',
  'push / pull',
  'add / remove delete',
  'enable activate turn on switch on / disable deactivate turn off switch off',
  'include / exclude',
  'accept / reject decline',
  'allow permit / forbid prohibit ban deny block',
  'pass / fail',
  'success successful / failure unsuccessful',
  'male man boy husband father dad son brother he him his king / female woman girl wife mother mom daughter sister she her queen',
  'boyfriend / girlfriend',
  'north northern / south southern',
  'east eastern / west western',
  'top / bottom',
  'above / below',
  'inside indoor / outside outdoor',
  'up / down',
  'upper uppercase / lower lowercase',
  'always / never sometimes rarely',
  'all every / some few',
  'everything / nothing',
  'strong stronger strongest / weak weaker weakest',
  'heavy heavier / light lighter',
  'hard / soft',
  'thick / thin',
  'wide / narrow',
  'deep / shallow',
  'loud / quiet',
  'dark / bright',
  'wet / dry',
  'full / empty',
  'day / night',
  'summer / winter',
  'past / future',
  'ancient / modern',
  'sleep asleep / wake awake',
  'enter entry / exit',
  'arrive arrival / depart departure',
  'attack offense offensive / defend defense defensive',
  'borrow / lend',
  'teach teacher / learn student',
  'employer / employee',
  'parent / child',
  'server / client',
  'frontend / backend',
  'ascending asc / descending desc',
  'majority / minority',
  'introvert / extrovert',
  'similar similarity same alike / different difference differ',
  'cause / effect consequence',
  'pros / cons',
  'vertical / horizontal',
  'clockwise / counterclockwise anticlockwise',
  'inhale / exhale',
  'optimist optimistic / pessimist pessimistic',
  'credit / debit',
  'profit / loss',
  'encrypt / decrypt',
  'compress / decompress',
  'install / uninstall',
  'legal / illegal',
  'possible / impossible',
  'agree / disagree',
  'like / dislike',
  'healthy / unhealthy',
  'plus / minus',
  'even / odd',
  'synonym / antonym',
  'rise / fall',
];

function stemsOf(words: string): Set<string> {
  const stems = new Set<string>();
  // Two-word cues are written with no separator inside a pole: "turn on" appears as two words.
  const list = words.trim().split(/\s+/);
  for (let i = 0; i < list.length; i++) {
    if ((list[i] === 'turn' || list[i] === 'switch') && (list[i + 1] === 'on' || list[i + 1] === 'off')) {
      stems.add(`${list[i]} ${list[i + 1]}`);
      i++;
    } else stems.add(stemWord(list[i]!));
  }
  return stems;
}

export const OPPOSITE_AXES: readonly OppositeAxis[] = AXES.map((line) => {
  const [a, b] = line.split('/') as [string, string];
  return { poles: [stemsOf(a), stemsOf(b)], name: `${a.trim().split(' ')[0]} / ${b.trim().split(' ')[0]}` };
});

/** Prefixes that turn a word into its opposite: "unhappy", "dislike", "non-smoker". */
export const NEGATING_PREFIXES = ['un', 'dis', 'non'];

/** "in-", "im-", "il-", "ir-" negate only some words ("income", "import" are not opposites). */
export const NEGATED_WORDS = new Map(
  (
    'impossible imperfect impatient impolite improper immature immoral impractical imbalanced ' +
    'incorrect incomplete invalid invisible inactive indirect independent inefficient insecure inaccurate ' +
    'inappropriate incapable incompatible inconsistent inconvenient incredible incurable infinite informal ' +
    'inhuman insane intolerant insufficient ineffective inexperienced illegal illogical illiterate irrelevant ' +
    'irregular irresponsible irrational irreversible'
  )
    .split(' ')
    .map((word) => [stemWord(word), stemWord(word.slice(2))] as const),
);
