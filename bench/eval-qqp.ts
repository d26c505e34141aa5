// QQP part of the cache evaluation: every question1 is a cache entry with its own answer, every
// question2 a lookup through the real SemanticMatcher (vector index + equivalence verifier).
// Each hit is judged by the labels (eval-qqp-truth.ts): right, wrong, or unknown when no label
// links the two questions. Precision is given both ways: unknown counted as wrong (strict), and
// over the hits the labels decide.
import { writeFileSync } from 'node:fs';
import type { VectorSpace } from '../src/domain/cache/semantic/vectors/vector-space.js';
import type { EquivalenceVerifier } from '../src/domain/cache/semantic/equivalence-verifier.js';
import { SemanticMatcher } from '../src/domain/cache/semantic/semantic-matcher.js';
import type { QuestionPair } from './eval-data.js';
import { createJudge, type Verdict } from './eval-qqp-truth.js';

interface Hit {
  id: string;
  verdict: Verdict;
  similarity: number;
}

interface Lookup {
  duplicate: boolean;
  /** The best-scoring entry, as the matcher would serve it without the verifier. */
  nearest?: Hit & { rejectedBecause?: string };
  /** What the matcher serves at the lowest threshold. */
  match?: Hit;
}

export interface QuestionPairResult {
  lookups: Lookup[];
  /** The verifier alone on each pair's own two questions (as if the embedder always found the pair). */
  verifierAlone: { duplicatesAccepted: number; nonDuplicatesAccepted: number; nonDuplicates: number };
  duplicates: number;
  embedMsPerText: number;
  lookupMsPerQuery: number;
}

const PARTITION = 'qqp';

export async function evaluateQuestionPairs(
  embedder: VectorSpace<unknown>,
  verify: EquivalenceVerifier,
  pairs: QuestionPair[],
  thresholds: number[],
): Promise<QuestionPairResult> {
  const started = performance.now();
  const entryVectors = await embedder.embed(pairs.map((pair) => pair.question1));
  const queryVectors = await embedder.embed(pairs.map((pair) => pair.question2));
  const embedMsPerText = (performance.now() - started) / (2 * pairs.length);
  const matcher = new SemanticMatcher(embedder, verify);
  pairs.forEach((pair, row) => matcher.add({ id: String(row), partition: PARTITION, text: pair.question1, vector: entryVectors[row]! }));
  const judge = createJudge(pairs);
  const hit = (row: number, found: { id: string; similarity: number }): Hit => ({
    id: found.id,
    verdict: judge(row, Number(found.id)),
    similarity: found.similarity,
  });
  const lowest = Math.min(...thresholds);
  const lookups: Lookup[] = [];
  const lookupStarted = performance.now();
  for (let row = 0; row < pairs.length; row++) {
    const pair = pairs[row]!;
    // One lookup at the lowest threshold tells the outcome at every higher one: the matcher takes
    // the most similar candidate that passes the verifier, and a higher threshold only cuts the list.
    const outcome = await matcher.findMatch(PARTITION, pair.question2, queryVectors[row]!, lowest);
    const lookup: Lookup = { duplicate: pair.duplicate };
    if (outcome.nearest) lookup.nearest = { ...hit(row, outcome.nearest), ...(outcome.nearest.rejectedBecause ? { rejectedBecause: outcome.nearest.rejectedBecause } : {}) };
    if (outcome.match) lookup.match = hit(row, outcome.match);
    lookups.push(lookup);
  }
  const lookupMsPerQuery = (performance.now() - lookupStarted) / pairs.length;
  // EVAL_DUMP=file keeps every lookup (entry ids, verdicts, similarities) for a closer look.
  if (process.env.EVAL_DUMP) writeFileSync(process.env.EVAL_DUMP, JSON.stringify(lookups));
  await checkOneLookupSuffices(matcher, pairs, queryVectors, lookups, thresholds);
  const verifierAlone = { duplicatesAccepted: 0, nonDuplicatesAccepted: 0, nonDuplicates: 0 };
  for (const pair of pairs) {
    const accepted = verify(pair.question2, pair.question1).equivalent;
    if (!pair.duplicate) verifierAlone.nonDuplicates++;
    if (accepted && pair.duplicate) verifierAlone.duplicatesAccepted++;
    if (accepted && !pair.duplicate) verifierAlone.nonDuplicatesAccepted++;
  }
  return { lookups, verifierAlone, duplicates: pairs.filter((pair) => pair.duplicate).length, embedMsPerText, lookupMsPerQuery };
}

/** Guards the one-lookup shortcut: re-runs a sample at a middle threshold and compares. */
async function checkOneLookupSuffices(
  matcher: SemanticMatcher<unknown>,
  pairs: QuestionPair[],
  vectors: unknown[],
  lookups: Lookup[],
  thresholds: number[],
): Promise<void> {
  const threshold = thresholds[Math.floor(thresholds.length / 2)]!;
  for (let row = 0; row < Math.min(pairs.length, 300); row++) {
    const direct = await matcher.findMatch(PARTITION, pairs[row]!.question2, vectors[row]!, threshold);
    const derived = lookups[row]!.match && lookups[row]!.match!.similarity >= threshold ? lookups[row]!.match!.id : undefined;
    if (direct.match?.id !== derived) throw new Error(`row ${row}: lookup at ${threshold} disagrees with the derived outcome`);
  }
}

interface Row {
  hits: number;
  right: number;
  rightOnDuplicates: number;
  /** Hits for non-duplicate pairs and wrong entries for duplicate pairs: wrong, unknown. */
  onNonDuplicates: [number, number];
  wrongEntry: [number, number];
}

function tally(lookups: Lookup[], threshold: number, pick: (lookup: Lookup) => Hit | undefined): Row {
  const row: Row = { hits: 0, right: 0, rightOnDuplicates: 0, onNonDuplicates: [0, 0], wrongEntry: [0, 0] };
  for (const lookup of lookups) {
    const found = pick(lookup);
    if (!found || found.similarity < threshold) continue;
    row.hits++;
    if (found.verdict === 'right') {
      row.right++;
      if (lookup.duplicate) row.rightOnDuplicates++;
      continue;
    }
    const bucket = lookup.duplicate ? row.wrongEntry : row.onNonDuplicates;
    bucket[found.verdict === 'wrong' ? 0 : 1]++;
  }
  return row;
}

const percent = (part: number, whole: number): string => (whole === 0 ? '-' : ((100 * part) / whole).toFixed(1));

export function printQuestionPairTables(result: QuestionPairResult, thresholds: number[]): void {
  const { lookups, duplicates } = result;
  console.log(
    `QQP: ${lookups.length} pairs, ${duplicates} duplicates; embedding ${result.embedMsPerText.toFixed(3)} ms/text, ` +
      `lookup ${result.lookupMsPerQuery.toFixed(2)} ms/query (${lookups.length} entries)\n`,
  );
  console.log(
    '| threshold | hit rate on duplicates % | precision % (unknown = wrong) | precision % (decided hits) | hits | ' +
      'false hits on non-duplicates (wrong + unknown) | wrong entry on duplicates (wrong + unknown) | ' +
      'nearest without the verifier: hit rate % | nearest without the verifier: precision % (unknown = wrong) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const threshold of thresholds) {
    const v = tally(lookups, threshold, (lookup) => lookup.match);
    const e = tally(lookups, threshold, (lookup) => lookup.nearest);
    const decided = v.right + v.onNonDuplicates[0] + v.wrongEntry[0];
    console.log(
      `| ${threshold.toFixed(2)} | ${percent(v.rightOnDuplicates, duplicates)} | ${percent(v.right, v.hits)} | ${percent(v.right, decided)} | ${v.hits} | ` +
        `${v.onNonDuplicates[0]} + ${v.onNonDuplicates[1]} | ${v.wrongEntry[0]} + ${v.wrongEntry[1]} | ` +
        `${percent(e.rightOnDuplicates, duplicates)} | ${percent(e.right, e.hits)} |`,
    );
  }
  const alone = result.verifierAlone;
  console.log(
    `\nVerifier alone on each pair's own two questions: accepts ${percent(alone.duplicatesAccepted, duplicates)}% of duplicates ` +
      `(${alone.duplicatesAccepted}) and ${percent(alone.nonDuplicatesAccepted, alone.nonDuplicates)}% of non-duplicates ` +
      `(${alone.nonDuplicatesAccepted}); precision ${percent(alone.duplicatesAccepted, alone.duplicatesAccepted + alone.nonDuplicatesAccepted)}%. ` +
      'The rows at 0.70-0.80 above are the verifier deciding nearly alone among the nearest entries.',
  );
  printRejections(lookups, Number(process.env.EVAL_REASONS_AT ?? 0.9));
}

/** Why the verifier refused the nearest entry (above the threshold), by what the labels say of it. */
function printRejections(lookups: Lookup[], threshold: number): void {
  const counts = new Map<string, Record<Verdict, number>>();
  for (const { nearest } of lookups) {
    if (!nearest?.rejectedBecause || nearest.similarity < threshold) continue;
    const kind = nearest.rejectedBecause.replace(/ (?:around|of) ".*"/, '').split(/[:(]/)[0]!.trim();
    const entry = counts.get(kind) ?? { right: 0, wrong: 0, unknown: 0 };
    entry[nearest.verdict]++;
    counts.set(kind, entry);
  }
  const total = (c: Record<Verdict, number>): number => c.right + c.wrong + c.unknown;
  console.log(`\nVerifier refusals of the nearest entry at similarity >= ${threshold.toFixed(2)}:`);
  console.log('| reason | refused a wrong entry (false hit avoided) | refused an unknown entry | refused a right entry (hit lost) |');
  console.log('|---|---:|---:|---:|');
  for (const [kind, c] of [...counts].sort((a, b) => total(b[1]) - total(a[1]))) console.log(`| ${kind} | ${c.wrong} | ${c.unknown} | ${c.right} |`);
  console.log('');
}
