// The semantic cache's promise, measured through HTTP: no must-miss pair (a different number,
// unit, negation, entity, ordinal, comparison order, identifier, language or date) is ever served
// the other request's answer, and paraphrases are served from the cache. Each pair lives in its
// own partition (its own system prompt), so pairs cannot hit each other. Prints per-kind results.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { MUST_MISS, PARAPHRASES, TRIVIAL_STYLES, type MustMissKind, type ParaphraseStyle } from '../semantic/adversarial-pairs.js';
import { CHECK_MUST_MISS, CHECK_PARAPHRASES } from '../semantic/check-pairs.js';
import { inPartition, preview, prime, send, thresholdOf } from '../semantic/semantic-kit.js';

const KINDS: MustMissKind[] = ['numbers', 'units', 'negation', 'entities', 'ordinals', 'comparisons', 'code', 'languages', 'dates', 'prepositions', 'topics'];
const STYLES: ParaphraseStyle[] = ['casing', 'punctuation', 'whitespace', 'contraction', 'number-word', 'polite', 'word-order', 'synonym'];

const fmt = (value: number | null | undefined): string => (typeof value === 'number' ? value.toFixed(4) : '-');

describe('semantic cache: adversarial pairs through HTTP', () => {
  let gw: TestGateway;
  let threshold: number;

  before(async () => {
    gw = await startTestGateway();
    threshold = await thresholdOf(gw, ADMIN_KEY);
  });
  after(async () => {
    await gw?.close();
  });

  test('the data set has what the evaluation needs', () => {
    for (const kind of KINDS) {
      const count = MUST_MISS.filter((p) => p.kind === kind).length;
      assert.ok(count >= 12, `${kind}: ${count} pairs`);
    }
    assert.ok(MUST_MISS.length >= 150, `${MUST_MISS.length} must-miss pairs`);
    assert.ok(PARAPHRASES.length >= 60, `${PARAPHRASES.length} paraphrases`);
    for (const pair of [...MUST_MISS, ...PARAPHRASES]) assert.notEqual(pair.cached, pair.query);
    assert.equal(new Set(MUST_MISS.map((p) => p.cached + '\u0000' + p.query)).size, MUST_MISS.length, 'no duplicate pairs');
  });

  for (const kind of KINDS) {
    test(`must-miss ${kind}: every query misses and is answered by the upstream`, async () => {
      const pairs = MUST_MISS.map((pair, index) => ({ ...pair, index })).filter((p) => p.kind === kind);
      const falseHits: string[] = [];
      const rows: string[] = [];
      let aboveThreshold = 0;
      for (const pair of pairs) {
        const partition = `must-miss ${pair.index}`;
        await prime(gw, ADMIN_KEY, inPartition(partition, pair.cached));
        const seen = await preview(gw, ADMIN_KEY, inPartition(partition, pair.query));
        const nearest = seen.nearest as { similarity: number; rejectedBecause?: string } | null;
        if (nearest && nearest.similarity >= threshold) aboveThreshold++;
        rows.push(`  ${fmt(nearest?.similarity)}  ${nearest?.rejectedBecause ?? '(accepted)'}  | ${pair.cached} | ${pair.query}`);
        const result = await send(gw, ADMIN_KEY, inPartition(partition, pair.query));
        assert.equal(result.status, 200, JSON.stringify(result.body));
        const served = result.cache !== 'MISS' || result.upstreamCalls !== 1 || result.content !== `Echo: ${pair.query}`;
        if (served || seen.action !== 'miss') {
          falseHits.push(
            `${JSON.stringify(pair.cached)} -> ${JSON.stringify(pair.query)}: status ${result.cache}, similarity ${result.similarity}, ` +
              `preview ${seen.action}/${seen.source} ${fmt(seen.similarity)}, content ${JSON.stringify(result.content)}`,
          );
        }
      }
      console.log(
        `[semantic] must-miss ${kind}: ${pairs.length} pairs, ${falseHits.length} false hits, ` +
          `${aboveThreshold} above the threshold ${threshold} (refused by the verifier)\n${rows.join('\n')}`,
      );
      assert.deepEqual(falseHits, [], `false hits among ${kind} pairs`);
    });
  }

  test('check pairs (never tuned on): no wrong answer, and most paraphrases served', async () => {
    const wrong: string[] = [];
    for (const [index, pair] of CHECK_MUST_MISS.entries()) {
      const partition = `check must-miss ${index}`;
      await prime(gw, ADMIN_KEY, inPartition(partition, pair.cached));
      const result = await send(gw, ADMIN_KEY, inPartition(partition, pair.query));
      if (result.cache !== 'MISS' || result.content !== `Echo: ${pair.query}`) wrong.push(`${pair.kind}: ${pair.cached} -> ${pair.query}`);
    }
    let served = 0;
    for (const [index, pair] of CHECK_PARAPHRASES.entries()) {
      const partition = `check paraphrase ${index}`;
      await prime(gw, ADMIN_KEY, inPartition(partition, pair.cached));
      const result = await send(gw, ADMIN_KEY, inPartition(partition, pair.query));
      if (result.cache === 'HIT') {
        assert.equal(result.content, `Echo: ${pair.cached}`);
        served++;
      }
    }
    console.log(`[semantic] check pairs: ${wrong.length} wrong of ${CHECK_MUST_MISS.length}, ${served} of ${CHECK_PARAPHRASES.length} paraphrases served`);
    assert.deepEqual(wrong, []);
    assert.ok(served >= 0.6 * CHECK_PARAPHRASES.length, `${served} of ${CHECK_PARAPHRASES.length} paraphrases served`);
  });

  test('paraphrases: hit rate per style; the trivial styles always hit', async () => {
    const tally = new Map<ParaphraseStyle, { hits: number; total: number }>();
    const trivialMisses: string[] = [];
    const lines: string[] = [];
    for (const [index, pair] of PARAPHRASES.entries()) {
      const partition = `paraphrase ${index}`;
      await prime(gw, ADMIN_KEY, inPartition(partition, pair.cached));
      const seen = await preview(gw, ADMIN_KEY, inPartition(partition, pair.query));
      const result = await send(gw, ADMIN_KEY, inPartition(partition, pair.query));
      assert.equal(result.status, 200);
      const hit = result.cache === 'HIT';
      if (hit) {
        // A hit is the cached request's answer, never the upstream's.
        assert.equal(result.upstreamCalls, 0);
        assert.equal(result.content, `Echo: ${pair.cached}`);
        assert.ok(result.similarity! >= threshold && result.similarity! <= 1, `similarity ${result.similarity}`);
        assert.equal(seen.action, 'hit', 'the preview agrees with the proxy');
      } else {
        assert.equal(result.upstreamCalls, 1);
        assert.equal(result.content, `Echo: ${pair.query}`);
        assert.equal(seen.action, 'miss', 'the preview agrees with the proxy');
      }
      const entry = tally.get(pair.style) ?? { hits: 0, total: 0 };
      entry.total++;
      if (hit) entry.hits++;
      tally.set(pair.style, entry);
      const why = hit ? `${result.metadata?.source ?? 'exact'} ${fmt(result.similarity)}` : `MISS nearest ${fmt(seen.nearest?.similarity)} ${seen.nearest?.rejectedBecause ?? ''}`;
      lines.push(`  ${pair.style.padEnd(11)} ${why} | ${JSON.stringify(pair.cached)} | ${JSON.stringify(pair.query)}`);
      if (!hit && TRIVIAL_STYLES.has(pair.style)) trivialMisses.push(`${pair.style}: ${JSON.stringify(pair.cached)} -> ${JSON.stringify(pair.query)} (${why})`);
    }
    const total = [...tally.values()].reduce((sum, t) => ({ hits: sum.hits + t.hits, total: sum.total + t.total }), { hits: 0, total: 0 });
    const summary = STYLES.map((style) => {
      const t = tally.get(style)!;
      return `${style} ${t.hits}/${t.total}`;
    }).join(', ');
    console.log(`[semantic] paraphrase hit rate ${((100 * total.hits) / total.total).toFixed(1)}% (${total.hits}/${total.total}): ${summary}\n${lines.join('\n')}`);
    assert.deepEqual(trivialMisses, [], 'casing, punctuation, whitespace, contractions and number words must hit');
  });
});
