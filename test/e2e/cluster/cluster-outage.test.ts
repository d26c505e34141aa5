// Redis going away under two running instances: proxy requests still succeed through the upstream
// (each instance on its own cache, limits and coalescing), /ready answers 503, the outage is
// counted, and once Redis is back everything recovers by itself: /ready 200, shared hits again.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, startClusterPair, type ClusterPair } from '../../helpers/cluster-pair.js';
import { ask, uniq } from '../../helpers/proxy-test-kit.js';
import { testRedisTarget, testRedisUrlAt } from '../../helpers/redis-test-connection.js';
import { needRedis } from '../../helpers/test-services.js';
import { TcpRelay } from '../../helpers/tcp-relay.js';
import { ADMIN_KEY, type TestGateway } from '../../helpers/test-gateway.js';
import { CLEAR, inPartition, metricValue, preview, prime, send } from '../../semantic/semantic-kit.js';

const FAST_MS = 2_000;
const relay = new TcpRelay(testRedisTarget());

describe('two instances losing Redis', await needRedis(), () => {
  let pair: ClusterPair;
  before(async () => {
    await relay.start();
    pair = await startClusterPair({ label: 'outage', redisUrl: testRedisUrlAt('127.0.0.1', relay.port) });
  });
  after(async () => {
    await pair.close(); // the key clean-up goes straight to Redis, not through the relay
    await relay.cut();
  });

  const readyStatus = async (gw: TestGateway): Promise<number> => {
    const res = await fetch(gw.url + '/ready');
    await res.arrayBuffer();
    return res.status;
  };

  test('losing Redis: requests still work, /ready is 503; Redis back: everything recovers', async () => {
    assert.deepEqual([await readyStatus(pair.a), await readyStatus(pair.b)], [200, 200]);
    const before = ask(uniq('before the outage'));
    await prime(pair.a, ADMIN_KEY, before);
    assert.equal((await send(pair.b, ADMIN_KEY, before)).cache, 'HIT');

    await relay.cut();
    let started = performance.now();
    const ready = await fetch(pair.a.url + '/ready');
    assert.equal(ready.status, 503);
    assert.equal(((await ready.json()) as { error: { type: string } }).error.type, 'service_unavailable');
    assert.ok(performance.now() - started < FAST_MS, '/ready answers fast');
    assert.equal(await readyStatus(pair.b), 503);

    const during = ask(uniq('during the outage'));
    started = performance.now();
    const miss = await send(pair.a, ADMIN_KEY, during);
    assert.equal(miss.status, 200, JSON.stringify(miss.body));
    assert.equal(miss.cache, 'MISS');
    assert.equal(miss.upstreamCalls, 1);
    assert.ok(performance.now() - started < FAST_MS, 'a miss does not wait for Redis');
    assert.equal((await send(pair.a, ADMIN_KEY, during)).cache, 'HIT', "A's own cache still serves");
    const elsewhere = await send(pair.b, ADMIN_KEY, ask(uniq('B during the outage'), { stream: true }));
    assert.equal(elsewhere.status, 200);
    const coalesced = await Promise.all([pair.a, pair.b].map((gw) => send(gw, ADMIN_KEY, ask(uniq('both during the outage')))));
    assert.deepEqual(coalesced.map((r) => r.status), [200, 200]);
    assert.ok((await metricValue(pair.a, 'synapse_shared_backend_fallbacks_total')) > 0, 'the skipped uses are counted');

    await relay.start();
    await eventually('both instances are ready again', 5_000, async () => (await readyStatus(pair.a)) === 200 && (await readyStatus(pair.b)) === 200);
    const afterwards = ask(uniq('after the outage'));
    await eventually('an answer cached through A is a hit through B again', 5_000, async () => {
      const body = ask(uniq('after the outage, probe'));
      await send(pair.a, ADMIN_KEY, body);
      return (await preview(pair.b, ADMIN_KEY, body)).action === 'hit';
    });
    await prime(pair.a, ADMIN_KEY, afterwards);
    assert.equal((await send(pair.b, ADMIN_KEY, afterwards)).cache, 'HIT');
    // The bus is subscribed again: a paraphrase stored through A is served by meaning through B.
    const cached = inPartition(uniq('after-outage-semantic'), CLEAR.cached);
    const query = { ...cached, messages: [cached.messages[0], { role: 'user', content: CLEAR.query }] };
    await prime(pair.a, ADMIN_KEY, cached);
    await eventually('B indexes paraphrases again', 1_000, async () => (await preview(pair.b, ADMIN_KEY, query)).source === 'semantic');
  });
});
