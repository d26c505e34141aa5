// Prepositions that set how a thing relates to the request: time ("during" / "after" / "before" /
// "since" / "until"), company ("with" / "without"), stance ("for" / "against"), direction ("to" /
// "from"), place ("above" / "below"). A word governed by one preposition on one side and by
// another on the other side ("eat during pregnancy" / "eat after pregnancy", "ship to Germany" /
// "ship from Germany") changes the answer, unless the two prepositions are listed as
// interchangeable ("in" / "within", "to" / "into", "about" / "regarding"). Moving a phrase
// ("In Python, how do I ..." / "How do I ... in Python?") keeps each word's preposition, and a
// word with a preposition on one side only ("a poem about the sea" / "a sea poem") passes.
import { STOPWORDS, stemWord } from '../text/english-words.js';
import { quoteList, type AnalyzedText } from './analyzed-text.js';
import type { Check } from './lexical-checks.js';

// "of" (a genitive more than a relation) and the symmetric "between", "among" are left out.
const PREPOSITIONS = new Set(
  (
    'about above across after against along around at before behind below beneath beside besides beyond by ' +
    'concerning despite during except for from in inside into near off on onto opposite outside over past per regarding since ' +
    'through throughout till til to toward towards under underneath unlike until unto upon via while with within without'
  ).split(' '),
);

/** Pairs that mean the same relation, in either order. */
const INTERCHANGEABLE = new Set(
  [
    'in within', 'in inside', 'in into', 'in during', 'in at', 'in on', 'at on', 'on about', 'on upon', 'about regarding',
    'about concerning', 'regarding concerning', 'about around', 'to into', 'to towards', 'to toward', 'to for', 'for in', 'for on',
    'with in', 'with on', 'with by', 'with from', 'from on', 'from in', 'from at',
    'to onto', 'to unto', 'into onto', 'toward towards', 'until till', 'until til', 'till til',
    'under underneath', 'under beneath', 'below beneath', 'below under', 'above over', 'through via', 'near by', 'during throughout',
  ].flatMap((pair) => {
    const [a, b] = pair.split(' ');
    return [`${a} ${b}`, `${b} ${a}`];
  }),
);

/** Words that open a clause: a preposition before them governs something else ("and", "or" do not: "between X and Y"). */
const CLAUSE_WORDS = new Set(['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'that', 'but', 'if', 'because', 'so', 'then']);
const REACH = 3;

/** Words that can stand between a preposition and the word it governs ("to the airport", "during a long ride"). */
const DETERMINERS = new Set(['a', 'an', 'the', 'my', 'your', 'his', 'her', 'its', 'our', 'their', 'this', 'that', 'these', 'those', 'some', 'any', 'each', 'every', 'all', 'no']);

/**
 * For each word (stem) after a preposition, the prepositions that govern it: the word right after
 * the preposition, or, after a determiner or a number, the next few words ("to improve my English":
 * "to" governs "improve" only).
 */
function governors(text: AnalyzedText): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const words = text.words;
  words.forEach((word, index) => {
    if (!isGovernable(word)) return;
    for (let back = index - 1; back >= Math.max(0, index - REACH); back--) {
      const before = words[back]!;
      if (CLAUSE_WORDS.has(before)) return;
      if (PREPOSITIONS.has(before)) {
        const next = words[back + 1]!;
        if (back + 1 !== index && !DETERMINERS.has(next) && !/\d/.test(next)) return;
        const stem = stemWord(word);
        const set = found.get(stem) ?? new Set<string>();
        found.set(stem, set.add(before));
        return;
      }
    }
  });
  return found;
}

const isGovernable = (word: string): boolean => !PREPOSITIONS.has(word) && (!STOPWORDS.has(word) || /\d/.test(word));

/** The words a preposition governs, by preposition. */
function objects(governed: Map<string, Set<string>>): Map<string, Set<string>> {
  const byPreposition = new Map<string, Set<string>>();
  for (const [word, prepositions] of governed) {
    for (const preposition of prepositions) byPreposition.set(preposition, (byPreposition.get(preposition) ?? new Set()).add(word));
  }
  return byPreposition;
}

/**
 * "30 degrees Celsius in Fahrenheit" / "30 degrees Fahrenheit in Celsius": the same preposition
 * governs a word on one side and another word on the other, both words being on both sides.
 */
function swappedObject(a: Map<string, Set<string>>, b: Map<string, Set<string>>, wordsA: Set<string>, wordsB: Set<string>): string | undefined {
  const objectsA = objects(a);
  const objectsB = objects(b);
  for (const [preposition, governedA] of objectsA) {
    const governedB = objectsB.get(preposition);
    if (!governedB) continue;
    const leftA = [...governedA].filter((word) => !governedB.has(word) && wordsB.has(word));
    const leftB = [...governedB].filter((word) => !governedA.has(word) && wordsA.has(word));
    if (leftA.length > 0 && leftB.length > 0) return `different relation around "${preposition}": "${leftA[0]}" and "${leftB[0]}" swapped`;
  }
  return undefined;
}

const compatible = (a: string, b: string): boolean => a === b || INTERCHANGEABLE.has(`${a} ${b}`);

export const checkRelations: Check = (query, candidate) => {
  const a = governors(query);
  const b = governors(candidate);
  for (const [word, prepositionsA] of a) {
    const prepositionsB = b.get(word);
    if (!prepositionsB) continue;
    const onlyA = [...prepositionsA].filter((p) => ![...prepositionsB].some((q) => compatible(p, q)));
    const onlyB = [...prepositionsB].filter((q) => ![...prepositionsA].some((p) => compatible(p, q)));
    if (onlyA.length > 0 || onlyB.length > 0) return `different relation of "${word}": ${quoteList([...prepositionsA])} vs ${quoteList([...prepositionsB])}`;
  }
  return swappedObject(a, b, query.stemSet, candidate.stemSet);
};
