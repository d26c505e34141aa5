// Two gateway instances on one Redis behave as one cache: an answer cached through A is an exact or
// semantic hit through B, deletes, clears and threshold changes made through A reach B within a
// second, and identical misses through both at once make a single upstream call.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeCacheKey } from '../../../src/domain/cache/cache-key.js';
import { RedisFlightLocks } from '../../../src/stores/redis/redis-flight-locks.js';
import { eventually, startClusterPair, type ClusterPair } from '../../helpers/cluster-pair.js';
import { openTestRedis } from '../../helpers/redis-test-connection.js';
import { ask, uniq } from '../../helpers/proxy-test-kit.js';
import { needRedis } from '../../helpers/test-services.js';
import { ADMIN_KEY, type TestGateway } from '../../helpers/test-gateway.js';
import { assertSemanticHit, CLEAR, inPartition, NEAR, preview, prime, send, thresholdOf, type Json } from '../../semantic/semantic-kit.js';

const WITHIN_MS = 1_000;

describe('two instances on one Redis', await needRedis(), () => {
  let pair: ClusterPair;
  before(async () => {
    pair = await startClusterPair({ label: 'cache' });
  });
  after(() => pair.close());

  /** B's preview of a request: what B's cache would do now, without side effects. */
  const previewOn = (gw: TestGateway, body: Json): Promise<Json> => preview(gw, ADMIN_KEY, body);

  describe('one cache across instances', () => {
    test('a miss through A is an exact hit through B', async () => {
      const body = ask(uniq('cross-instance exact'));
      await prime(pair.a, ADMIN_KEY, body);
      const hit = await send(pair.b, ADMIN_KEY, body);
      assert.equal(hit.status, 200);
      assert.equal(hit.cache, 'HIT');
      assert.equal(hit.metadata?.source, 'l1');
      assert.equal(hit.upstreamCalls, 0);
      assert.equal(hit.content, `Echo: ${body.messages[0].content}`);
    });

    test('a paraphrase stored through A is a semantic hit through B within 1 s', async () => {
      const cached = inPartition(uniq('cluster-semantic'), CLEAR.cached);
      const query = { ...cached, messages: [cached.messages[0], { role: 'user', content: CLEAR.query }] };
      await prime(pair.a, ADMIN_KEY, cached);
      await eventually('B indexes the paraphrase', WITHIN_MS, async () => (await previewOn(pair.b, query)).source === 'semantic');
      assertSemanticHit(await send(pair.b, ADMIN_KEY, query), CLEAR.cached, await thresholdOf(pair.b, ADMIN_KEY));
    });

    test('DELETE /api/v1/cache/{id} through A makes B miss within 1 s', async () => {
      const body = ask(uniq('deleted through A'));
      await prime(pair.a, ADMIN_KEY, body);
      assert.equal((await send(pair.b, ADMIN_KEY, body)).cache, 'HIT', 'B holds it in memory now');
      const { entryId } = await previewOn(pair.a, body);
      const deleted = await pair.a.request(`/api/v1/cache/${entryId}`, { method: 'DELETE' });
      assert.equal(deleted.status, 200, await deleted.text());
      await eventually('B forgets the entry', WITHIN_MS, async () => (await previewOn(pair.b, body)).action === 'miss');
      const after = await send(pair.b, ADMIN_KEY, body);
      assert.equal(after.cache, 'MISS');
      assert.equal(after.upstreamCalls, 1);
    });

    test('DELETE /api/v1/cache through A makes B miss within 1 s, by meaning too', async () => {
      const exact = ask(uniq('cleared through A'));
      const cached = inPartition(uniq('cluster-clear'), NEAR.cached);
      const paraphrase = { ...cached, messages: [cached.messages[0], { role: 'user', content: NEAR.query }] };
      await prime(pair.a, ADMIN_KEY, exact);
      await prime(pair.a, ADMIN_KEY, cached);
      assert.equal((await send(pair.b, ADMIN_KEY, exact)).cache, 'HIT');
      await eventually('B indexes the paraphrase', WITHIN_MS, async () => (await previewOn(pair.b, paraphrase)).action === 'hit');
      const cleared = await pair.a.request('/api/v1/cache', { method: 'DELETE' });
      assert.equal(cleared.status, 200);
      assert.ok(((await cleared.json()) as Json).deleted >= 2);
      await eventually('B misses both', WITHIN_MS, async () => {
        const [one, two] = await Promise.all([previewOn(pair.b, exact), previewOn(pair.b, paraphrase)]);
        return one.action === 'miss' && two.action === 'miss';
      });
      assert.equal((await send(pair.b, ADMIN_KEY, exact)).cache, 'MISS');
      assert.equal((await send(pair.b, ADMIN_KEY, paraphrase)).cache, 'MISS');
    });

    test('PUT /api/v1/thresholds through A changes what B serves within 1 s', async () => {
      const cached = inPartition(uniq('cluster-threshold'), NEAR.cached);
      const paraphrase = { ...cached, messages: [cached.messages[0], { role: 'user', content: NEAR.query }] };
      await prime(pair.a, ADMIN_KEY, cached);
      await eventually('B serves the paraphrase', WITHIN_MS, async () => (await previewOn(pair.b, paraphrase)).action === 'hit');
      const put = await pair.a.request('/api/v1/thresholds', { method: 'PUT', body: { cacheHitThreshold: 1 } });
      assert.equal(put.status, 200, await put.text());
      try {
        await eventually('B takes the new threshold', WITHIN_MS, async () => (await thresholdOf(pair.b, ADMIN_KEY)) === 1);
        assert.equal((await previewOn(pair.b, paraphrase)).action, 'miss');
        const refused = await send(pair.b, ADMIN_KEY, paraphrase);
        assert.equal(refused.cache, 'MISS');
      } finally {
        const reset = await pair.a.request('/api/v1/thresholds', { method: 'PUT', body: { cacheHitThreshold: null } });
        assert.equal(reset.status, 200);
      }
      await eventually('B takes the default back', WITHIN_MS, async () => (await thresholdOf(pair.b, ADMIN_KEY)) < 1);
    });
  });

  describe('miss coalescing across instances', () => {
    const countBy = (values: Array<string | null>): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
      return counts;
    };

    for (const stream of [false, true]) {
      test(`50 identical concurrent misses split across A and B make one upstream call${stream ? ' (streamed)' : ''}`, async () => {
        const body = ask(uniq('everyone everywhere asks this'), { model: 'fake-slow-1000', ...(stream ? { stream: true } : {}) });
        const before = pair.upstream.callCount('fake-slow-1000');
        const responses = await Promise.all(
          Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? pair.a : pair.b).request('/v1/chat/completions', { body })),
        );
        const texts = await Promise.all(responses.map((r) => r.text()));
        assert.deepEqual(countBy(responses.map((r) => String(r.status))), { '200': 50 });
        assert.equal(pair.upstream.callCount('fake-slow-1000') - before, 1, 'one upstream call in all');
        assert.deepEqual(countBy(responses.map((r) => r.headers.get('x-coalesced'))), { original: 1, piggybacked: 49 });
        const expected = `Echo: ${body.messages[0].content}`;
        for (const text of texts) {
          if (stream) assert.ok(text.includes('[DONE]') && text.includes('"finish_reason":"stop"'), text.slice(0, 200));
          else assert.equal((JSON.parse(text) as Json).choices[0].message.content, expected);
        }
      });
    }

    test('a follower whose leader fails calls the upstream itself, without hanging', async () => {
      const body = ask(uniq('the leader fails'), { model: 'fake-500' });
      const started = performance.now();
      const responses = await Promise.all([pair.a, pair.b].map((gw) => gw.request('/v1/chat/completions', { body })));
      await Promise.all(responses.map((r) => r.text()));
      assert.deepEqual(responses.map((r) => r.status), [502, 502]);
      assert.ok(performance.now() - started < 5_000);
    });

    test('a leader that died holding the lock delays a miss only until the lock expires', async () => {
      const body = ask(uniq('the leader died'));
      const connection = await openTestRedis(pair.keyPrefix);
      try {
        // A "leader" that took the flight and vanished: nobody renews or releases its lock.
        assert.ok(await new RedisFlightLocks(connection).acquire(`flight:default:${computeCacheKey('default', body)}`, 500));
        const started = performance.now();
        const result = await send(pair.a, ADMIN_KEY, body);
        const elapsed = performance.now() - started;
        assert.equal(result.status, 200);
        assert.equal(result.upstreamCalls, 1);
        assert.ok(elapsed >= 400 && elapsed < 2_000, `answered after ${Math.round(elapsed)} ms`);
      } finally {
        await connection.close();
      }
    });

    test('identical misses with different provider keys through A and B make one call each, with its own key', async () => {
      const body = ask(uniq('two accounts, two instances'), { model: 'fake-slow-1000' });
      const keys = [`sk-own-a-${uniq('k').slice(2)}`, `sk-own-b-${uniq('k').slice(2)}`];
      const sameKey = `sk-own-same-${uniq('k').slice(2)}`;
      const content = body.messages[0].content as string;
      const calls = () => pair.upstream.calls.filter((c) => JSON.stringify(c.body).includes(content));
      const send = (gw: TestGateway, key: string) => gw.request('/v1/chat/completions', { body, headers: { 'x-api-key': key } });
      const responses = await Promise.all([send(pair.a, keys[0]!), send(pair.b, keys[1]!), send(pair.b, keys[0]!)]);
      await Promise.all(responses.map((r) => r.text()));
      assert.deepEqual(responses.map((r) => r.status), [200, 200, 200]);
      assert.deepEqual(calls().map((c) => c.authorization).sort(), keys.map((k) => `Bearer ${k}`).sort(), 'one call per key');
      // The same key on both instances still shares one call.
      const shared = { ...body, messages: [{ role: 'user', content: `${content} again` }] };
      const both = await Promise.all([pair.a, pair.b].map((gw) => gw.request('/v1/chat/completions', { body: shared, headers: { 'x-api-key': sameKey } })));
      await Promise.all(both.map((r) => r.text()));
      assert.equal(pair.upstream.calls.filter((c) => JSON.stringify(c.body).includes(`${content} again`)).length, 1);
    });
  });
});
