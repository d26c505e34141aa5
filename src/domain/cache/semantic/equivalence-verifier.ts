// The last word on a semantic match: given a new prompt and a cached prompt that the embedder
// found close, says whether their correct answers could differ. It is deliberately one-sided: a
// pair is refused on any literal difference that can change an answer (numbers, negation,
// opposite words, names, order of compared things, prepositions, code, language, dates, kind of
// question, a changed content word), and
// a paraphrase that only changes casing, punctuation, contractions, synonyms, word order or
// "3" vs "three" passes. A refused paraphrase costs one upstream call; a wrong answer costs trust.
import { analyzeText } from './verification/analyzed-text.js';
import { checkDates } from './verification/date-check.js';
import { checkEntities } from './verification/entity-check.js';
import { checkLanguage } from './verification/language-check.js';
import { checkCode, checkNumbers, checkOperators, checkQuoted, type Check } from './verification/lexical-checks.js';
import { checkContentWords } from './verification/content-check.js';
import { checkOrder } from './verification/order-check.js';
import { checkConnectives, checkNegation, checkOpposites, checkPossessor, checkQuestionKind } from './verification/polarity-checks.js';
import { checkRelations } from './verification/relation-check.js';

export interface VerificationResult {
  equivalent: boolean;
  /** Why the pair was rejected (for previews, logs and the evaluation). */
  reason?: string;
}

export type EquivalenceVerifier = (query: string, candidate: string) => VerificationResult;

/** The checks in order, cheapest and most decisive first. */
export const VERIFIER_CHECKS: readonly (readonly [string, Check])[] = [
  ['language', checkLanguage],
  ['code', checkCode],
  ['quoted', checkQuoted],
  ['numbers', checkNumbers],
  ['operators', checkOperators],
  ['negation', checkNegation],
  ['opposites', checkOpposites],
  ['connectives', checkConnectives],
  ['question', checkQuestionKind],
  ['possessor', checkPossessor],
  ['dates', checkDates],
  ['entities', checkEntities],
  ['order', checkOrder],
  ['relations', checkRelations],
  ['words', checkContentWords],
];

export const verifyEquivalent: EquivalenceVerifier = (query, candidate) => {
  const a = analyzeText(query);
  const b = analyzeText(candidate);
  for (const [, check] of VERIFIER_CHECKS) {
    const reason = check(a, b);
    if (reason !== undefined) return { equivalent: false, reason };
  }
  return { equivalent: true };
};
