// The order of compared or related things: "is X bigger than Y" is not "is Y bigger than X",
// "convert Celsius to Fahrenheit" is not the reverse, "10 - 3" is not "3 - 10". For each
// directional word present on both sides, a swap is a word that moves from its left to its right
// while another moves from right to left; shared content words serve as pivots too ("do cats chase
// dogs" / "do dogs chase cats"). Other reorderings ("learn Python fast" / "fast learn Python")
// move words one way only and pass.
import { STOPWORDS, stemWord } from '../text/english-words.js';
import type { Check } from './lexical-checks.js';

const DIRECTIONAL = new Set(
  ['than', 'to', 'into', 'from', 'of', 'over', 'by', 'before', 'after', 'per', 'against', '-', '/', '^', '<', '>', '<=', '>=', '->', '=>'].map(
    (word) => stemWord(word),
  ),
);
const STOP_STEMS = new Set([...STOPWORDS, ...[...STOPWORDS].map((word) => stemWord(word))]);
const isContent = (term: string): boolean => !STOP_STEMS.has(term) && !DIRECTIONAL.has(term);
// Bounds on the work for long prompts (the check is quadratic in them otherwise).
const MAX_OCCURRENCES = 4;
const MAX_SHARED_PIVOTS = 32;

export const checkOrder: Check = (query, candidate) => {
  for (const pivot of DIRECTIONAL) {
    // Each occurrence on one side against each on the other: "how to convert C to F" has two.
    for (const a of occurrences(query.terms, pivot)) {
      for (const b of occurrences(candidate.terms, pivot)) {
        const swapped = swapOf(a, b);
        if (swapped) return `different order around "${pivot}": "${swapped[0]}" and "${swapped[1]}" swapped`;
      }
    }
  }
  // A shared word can be a pivot too: "do cats chase dogs" / "do dogs chase cats".
  const candidateTerms = new Set(candidate.terms);
  const shared = [...new Set(query.terms.filter((term) => isContent(term) && candidateTerms.has(term)))].slice(0, MAX_SHARED_PIVOTS);
  for (const pivot of shared) {
    const [a] = occurrences(query.terms, pivot, 1);
    const [b] = occurrences(candidate.terms, pivot, 1);
    const swapped = a && b ? swapOf(a, b) : undefined;
    if (swapped) return `different order around "${pivot}": "${swapped[0]}" and "${swapped[1]}" swapped`;
  }
  return undefined;
};

interface Sides {
  left: Set<string>;
  right: Set<string>;
}

/** A term that crossed the pivot rightwards and one that crossed it leftwards, if both exist. */
function swapOf(a: Sides, b: Sides): [string, string] | undefined {
  const right = [...a.left].find((term) => b.right.has(term) && !b.left.has(term) && !a.right.has(term));
  const left = [...a.right].find((term) => b.left.has(term) && !b.right.has(term) && !a.left.has(term));
  return right !== undefined && left !== undefined ? [right, left] : undefined;
}

/** Content terms before and after each of the first few occurrences of the pivot. */
function occurrences(terms: readonly string[], pivot: string, limit = MAX_OCCURRENCES): Sides[] {
  const found: Sides[] = [];
  for (let at = terms.indexOf(pivot); at >= 0 && found.length < limit; at = terms.indexOf(pivot, at + 1)) {
    found.push({ left: new Set(terms.slice(0, at).filter(isContent)), right: new Set(terms.slice(at + 1).filter(isContent)) });
  }
  return found;
}
