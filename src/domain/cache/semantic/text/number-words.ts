// Spelled-out English numbers as digits ("twenty one" -> "21", "a dozen" -> "12", "third" -> "3rd"),
// so "3" and "three" are one token for the embedder and one number for the verifier.
import { lookupTable } from './lookup-table.js';

const UNITS = lookupTable<number>({
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19, dozen: 12,
});
const TENS = lookupTable<number>({
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
});
const SCALES = lookupTable<number>({ hundred: 100, thousand: 1_000, million: 1_000_000, billion: 1_000_000_000, trillion: 1e12 });

const ORDINALS = lookupTable<number>({
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9,
  tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15,
  sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
  fortieth: 40, fiftieth: 50, hundredth: 100, thousandth: 1000,
});

/** After these, "second" is the unit of time ("one second", "per second"). */
const SECOND_AS_TIME = new Set(['a', 'per', 'every', 'each', 'split', 'nano', 'milli', 'micro']);

function isNumberWord(word: string): boolean {
  return word in UNITS || word in TENS || word in SCALES;
}

export function ordinalSuffix(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

/** Parses a run of number words starting at `start`; returns the value and how many words it took. */
function parseRun(words: readonly string[], start: number): { value: number; length: number } | undefined {
  let total = 0;
  let current = 0;
  let index = start;
  let used = 0;
  // "a hundred", "a dozen", "a thousand": the article counts as one.
  if (words[index] === 'a' && (words[index + 1] === 'dozen' || words[index + 1]! in SCALES)) {
    current = 1;
    index++;
    used++;
  }
  for (; index < words.length; index++) {
    const word = words[index]!;
    if (word === 'and' && (words[index - 1] ?? '') in SCALES && isNumberWord(words[index + 1] ?? '') && !(words[index + 1]! in SCALES)) continue;
    if (word in UNITS) {
      current = word === 'dozen' ? Math.max(current, 1) * 12 : current + UNITS[word]!;
    } else if (word in TENS) current += TENS[word]!;
    else if (word in SCALES) {
      const scale = SCALES[word]!;
      if (scale === 100) current = Math.max(current, 1) * 100;
      else {
        total += Math.max(current, 1) * scale;
        current = 0;
      }
    } else if (/^\d+(?:\.\d+)?$/.test(word) && used === 0 && (words[index + 1] ?? '') in SCALES) {
      current = Number(word); // "3 million"
    } else break;
    used = index - start + 1;
  }
  return used > 0 ? { value: total + current, length: used } : undefined;
}

/**
 * Replaces spelled-out numbers and ordinal words in a list of lowercase words. Returns, for each
 * output word, the index of the first input word it came from (callers keep their metadata).
 */
export function replaceNumberWords(words: readonly string[]): { words: string[]; origins: number[] } {
  const out: string[] = [];
  const origins: number[] = [];
  for (let index = 0; index < words.length; ) {
    const word = words[index]!;
    const ordinal = ORDINALS[word];
    if (ordinal !== undefined && !(word === 'second' && isTimeSecond(words, index))) {
      out.push(`${ordinal}${ordinalSuffix(ordinal)}`);
      origins.push(index);
      index++;
      continue;
    }
    const startsRun = isNumberWord(word) || (word === 'a' && (words[index + 1] === 'dozen' || (words[index + 1] ?? '') in SCALES)) ||
      (/^\d+(?:\.\d+)?$/.test(word) && (words[index + 1] ?? '') in SCALES);
    const run = startsRun ? parseRun(words, index) : undefined;
    if (run) {
      out.push(String(run.value));
      origins.push(index);
      index += run.length;
      continue;
    }
    out.push(word);
    origins.push(index);
    index++;
  }
  return { words: out, origins };
}

function isTimeSecond(words: readonly string[], index: number): boolean {
  const previous = words[index - 1] ?? '';
  return SECOND_AS_TIME.has(previous) || /^\d/.test(previous) || isNumberWord(previous);
}
