// Adversarial part of the cache evaluation: the hand-written must-miss pairs and paraphrases of
// test/semantic (the development pairs, and the check pairs that were never tuned on), each pair
// in its own partition. Two readings: the tiered matcher as the gateway runs it (embedder,
// threshold, verifier), and the verifier alone (every pair handed to it, as a perfect embedder
// would), so that the verifier's safety is measured on its own and not only behind the embedder.
import type { EquivalenceVerifier } from '../src/domain/cache/semantic/equivalence-verifier.js';
import { SemanticMatcher } from '../src/domain/cache/semantic/semantic-matcher.js';
import type { VectorSpace } from '../src/domain/cache/semantic/vectors/vector-space.js';
import { MUST_MISS, PARAPHRASES, type MustMissPair, type ParaphrasePair } from '../test/semantic/adversarial-pairs.js';
import { CHECK_MUST_MISS, CHECK_PARAPHRASES } from '../test/semantic/check-pairs.js';

type Pair = MustMissPair | ParaphrasePair;

interface Outcome {
  pair: Pair;
  /** Served by the matcher at each threshold (by index). */
  servedAt: boolean[];
  /** Accepted by the verifier alone. */
  verifierAccepts: boolean;
  similarity: number;
  reason?: string;
}

export interface AdversarialResult {
  set: string;
  thresholds: number[];
  outcomes: Outcome[];
}

const groupOf = (pair: Pair): string => (pair.kind === 'paraphrase' ? `paraphrase: ${pair.style}` : pair.kind);

export async function evaluateAdversarial(space: VectorSpace<unknown>, verify: EquivalenceVerifier, thresholds: number[]): Promise<AdversarialResult[]> {
  const sets: [string, Pair[]][] = [
    ['development pairs (test/semantic/adversarial-pairs.ts)', [...MUST_MISS, ...PARAPHRASES]],
    ['check pairs, never tuned on (test/semantic/check-pairs.ts)', [...CHECK_MUST_MISS, ...CHECK_PARAPHRASES]],
  ];
  const results: AdversarialResult[] = [];
  for (const [set, pairs] of sets) {
    const matcher = new SemanticMatcher(space, verify);
    const outcomes: Outcome[] = [];
    for (const [index, pair] of pairs.entries()) {
      const partition = `pair ${index}`;
      const [cached, query] = await space.embed([pair.cached, pair.query]);
      matcher.add({ id: String(index), partition, text: pair.cached, vector: cached! });
      const servedAt: boolean[] = [];
      let similarity = 0;
      let reason: string | undefined;
      for (const threshold of thresholds) {
        const outcome = await matcher.findMatch(partition, pair.query, query!, threshold, [], true);
        servedAt.push(outcome.match !== undefined);
        similarity = outcome.nearest?.similarity ?? 0;
        reason ??= outcome.nearest?.rejectedBecause;
      }
      const verdict = verify(pair.query, pair.cached);
      outcomes.push({ pair, servedAt, verifierAccepts: verdict.equivalent, similarity, ...(verdict.reason ? { reason: verdict.reason } : {}) });
    }
    results.push({ set, thresholds, outcomes });
  }
  return results;
}

export function printAdversarialTables(results: AdversarialResult[]): void {
  for (const { set, thresholds, outcomes } of results) {
    const groups = [...new Set(outcomes.map((o) => groupOf(o.pair)))];
    console.log(`Adversarial, ${set}. Must-miss cells: wrong answers served (of pairs); paraphrase cells: served (of pairs).\n`);
    console.log(`| category | pairs | ${thresholds.map((t) => `tiered at ${t.toFixed(2)}`).join(' | ')} | verifier alone |`);
    console.log(`|---|---:|${thresholds.map(() => '---:').join('|')}|---:|`);
    const line = (name: string, list: Outcome[]): void => {
      const cells = thresholds.map((_, i) => String(list.filter((o) => o.servedAt[i]).length));
      console.log(`| ${name} | ${list.length} | ${cells.join(' | ')} | ${list.filter((o) => o.verifierAccepts).length} |`);
    };
    for (const group of groups) line(group, outcomes.filter((o) => groupOf(o.pair) === group));
    const mustMiss = outcomes.filter((o) => o.pair.kind !== 'paraphrase');
    const paraphrases = outcomes.filter((o) => o.pair.kind === 'paraphrase');
    line('**all must-miss (wrong answers)**', mustMiss);
    line('**all paraphrases (served)**', paraphrases);
    const rate = (list: Outcome[], pick: (o: Outcome) => boolean): string => ((100 * list.filter(pick).length) / Math.max(1, list.length)).toFixed(1);
    console.log(
      `\nParaphrase hit rate: ${thresholds.map((t, i) => `${rate(paraphrases, (o) => o.servedAt[i]!)}% at ${t.toFixed(2)}`).join(', ')}; ` +
        `verifier alone ${rate(paraphrases, (o) => o.verifierAccepts)}%.`,
    );
    const leaks = mustMiss.filter((o) => o.verifierAccepts);
    if (leaks.length > 0) {
      console.log('Must-miss pairs the verifier alone accepts (similarity):');
      for (const o of leaks) console.log(`- ${o.pair.kind} ${o.similarity.toFixed(3)}: "${o.pair.cached}" / "${o.pair.query}"`);
    }
    const refused = paraphrases.filter((o) => !o.verifierAccepts);
    if (refused.length > 0) {
      console.log('Paraphrases the verifier alone refuses:');
      for (const o of refused) console.log(`- ${groupOf(o.pair)}: "${o.pair.cached}" / "${o.pair.query}": ${o.reason}`);
    }
    console.log('');
  }
}
