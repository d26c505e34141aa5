// End-to-end tests of the semantic cache across time and configuration, each on a gateway of its
// own: entries expire for paraphrases as for exact repeats (injected clock), the index is rebuilt
// from the store after a restart, an embedder failure degrades to exact-match only, and an
// OpenAI-compatible embeddings endpoint is called with batched inputs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { ADMIN_KEY, startTestGateway } from '../helpers/test-gateway.js';
import {
  assertMissFor,
  assertSemanticHit,
  CLEAR,
  NEAR,
  inPartition,
  metricValue,
  prime,
  send,
  thresholdOf,
  type Json,
} from '../semantic/semantic-kit.js';

const embeddingCalls = (upstream: FakeUpstream): Json[] =>
  upstream.calls.filter((call) => call.path === '/v1/embeddings').map((call) => call.body as Json);

describe('semantic cache lifecycle', () => {
  test('x-synapse-cache-ttl: a paraphrase misses once the entry expired on the injected clock', async () => {
    let clock = Date.now();
    const gw = await startTestGateway({ now: () => clock });
    try {
      const threshold = await thresholdOf(gw, ADMIN_KEY);
      const res = await send(gw, ADMIN_KEY, inPartition('ttl', CLEAR.cached), { 'x-synapse-cache-ttl': '60' });
      assert.equal(res.cache, 'MISS');
      clock += 30_000;
      assertSemanticHit(await send(gw, ADMIN_KEY, inPartition('ttl', CLEAR.query)), CLEAR.cached, threshold);
      clock += 31_000;
      assertMissFor(await send(gw, ADMIN_KEY, inPartition('ttl', CLEAR.query)), CLEAR.query, 'after the 60 s TTL');
      // The expired answer is gone for the exact repeat too, and the fresh one is served from now on.
      assertMissFor(await send(gw, ADMIN_KEY, inPartition('ttl', CLEAR.cached)), CLEAR.cached, 'the exact repeat after expiry');
    } finally {
      await gw.close();
    }
  });

  test('after a restart on the same data dir the index is rebuilt and paraphrases still hit', async () => {
    const upstream = await startFakeUpstream();
    const dataDir = mkdtempSync(join(tmpdir(), 'synapse-semantic-restart-'));
    try {
      const first = await startTestGateway({ upstream, dataDir });
      let threshold: number;
      try {
        threshold = await thresholdOf(first, ADMIN_KEY);
        await prime(first, ADMIN_KEY, inPartition('restart', CLEAR.cached));
        await prime(first, ADMIN_KEY, inPartition('restart', 'What is 2+2?'));
      } finally {
        await first.close();
      }
      const second = await startTestGateway({ upstream, dataDir });
      try {
        assertSemanticHit(await send(second, ADMIN_KEY, inPartition('restart', CLEAR.query)), CLEAR.cached, threshold);
        // The verifier still guards rebuilt entries.
        assertMissFor(await send(second, ADMIN_KEY, inPartition('restart', 'What is 2+3?')), 'What is 2+3?', 'a different number after restart');
      } finally {
        await second.close();
      }
    } finally {
      await upstream.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a failing embedder degrades to exact-match only: requests succeed, failures are counted', async () => {
    const upstream = await startFakeUpstream();
    const gw = await startTestGateway({
      upstream,
      env: { SYNAPSE_EMBEDDER: 'openai', SYNAPSE_EMBEDDING_MODEL: 'fake-500', SYNAPSE_EMBEDDING_BASE_URL: upstream.url },
    });
    try {
      const body = inPartition('failing embedder', CLEAR.cached);
      await prime(gw, ADMIN_KEY, body);
      const repeat = await send(gw, ADMIN_KEY, body);
      assert.equal(repeat.status, 200);
      assert.equal(repeat.cache, 'HIT', 'exact repeats are still served');
      assert.equal(repeat.metadata?.source, 'l1');
      assert.equal(repeat.upstreamCalls, 0);
      assertMissFor(await send(gw, ADMIN_KEY, inPartition('failing embedder', CLEAR.query)), CLEAR.query, 'no semantic layer');
      const streamed = await gw.request('/v1/chat/completions', { body: inPartition('failing embedder', 'streamed', { stream: true }) });
      assert.equal(streamed.status, 200);
      assert.match(await streamed.text(), /data: \[DONE\]/);
      assert.ok(embeddingCalls(upstream).length > 0, 'the embeddings endpoint was tried');
      assert.ok(embeddingCalls(upstream).every((call) => call.model === 'fake-500'));
      assert.ok((await metricValue(gw, 'synapse_embedder_failures_total')) > 0);
      const preview = await gw.request('/api/v1/cache/preview', { body: { model: 'gpt-4o', messages: inPartition('failing embedder', CLEAR.cached.toUpperCase()).messages } });
      assert.equal(preview.status, 200, 'a preview survives the embedder failing');
      assert.equal(((await preview.json()) as Json).action, 'miss');
    } finally {
      await gw.close();
      await upstream.close();
    }
  });

  test('an OpenAI-compatible embedder: exact repeats hit, nothing fails, inputs are sent as batched arrays', async () => {
    const upstream = await startFakeUpstream();
    const gw = await startTestGateway({
      upstream,
      env: { SYNAPSE_EMBEDDER: 'openai', SYNAPSE_EMBEDDING_MODEL: 'text-embedding-3-small', SYNAPSE_EMBEDDING_BASE_URL: upstream.url },
    });
    try {
      const body = inPartition('openai embedder', CLEAR.cached);
      await prime(gw, ADMIN_KEY, body);
      const repeat = await send(gw, ADMIN_KEY, body);
      assert.equal(repeat.cache, 'HIT');
      assert.equal(repeat.upstreamCalls, 0);
      // The fake's vectors are hashes of the text: a paraphrase is not close by vector, but the
      // matcher's second look on canonical words (any embedder) finds the same words and serves it;
      // one with other words misses.
      assertSemanticHit(await send(gw, ADMIN_KEY, inPartition('openai embedder', CLEAR.query)), CLEAR.cached, 0.96);
      assertMissFor(await send(gw, ADMIN_KEY, inPartition('openai embedder', NEAR.query)), NEAR.query, 'hash vectors, other words');

      // A conversation whose last turn matches exactly: the earlier turns are embedded in one call.
      const convo = (first: string, second: string): Json => ({
        model: 'gpt-4o',
        messages: [
          { role: 'user', content: first },
          { role: 'assistant', content: 'Noted.' },
          { role: 'user', content: second },
          { role: 'assistant', content: 'Noted again.' },
          { role: 'user', content: 'Now summarize both.' },
        ],
      });
      await prime(gw, ADMIN_KEY, convo('Remember the number seven.', 'Remember the colour blue.'));
      assertMissFor(await send(gw, ADMIN_KEY, convo('Remember the number eight.', 'Remember the colour red.')), 'Now summarize both.', 'other earlier turns');

      // Concurrent misses are gathered too.
      const texts = Array.from({ length: 6 }, (_, i) => `Independent question number ${i} about embeddings`);
      const results = await Promise.all(texts.map((text) => send(gw, ADMIN_KEY, inPartition('openai embedder', text))));
      assert.ok(results.every((r) => r.status === 200 && r.cache === 'MISS'));

      const calls = embeddingCalls(upstream);
      assert.ok(calls.length > 0);
      for (const call of calls) {
        assert.equal(call.model, 'text-embedding-3-small');
        assert.ok(Array.isArray(call.input) && call.input.every((item: unknown) => typeof item === 'string'), JSON.stringify(call.input));
      }
      const batched = calls.filter((call) => call.input.length > 1);
      assert.ok(batched.length > 0, `batch sizes ${calls.map((c) => c.input.length).join(',')}`);
      assert.ok(calls.some((call) => call.input.includes('Remember the number eight.') && call.input.includes('Remember the colour red.')));
      assert.equal(await metricValue(gw, 'synapse_embedder_failures_total'), 0);
      console.log(`[semantic] openai embedder: ${calls.length} embedding calls, batch sizes ${calls.map((c) => c.input.length).join(',')}`);
    } finally {
      await gw.close();
      await upstream.close();
    }
  });
});
