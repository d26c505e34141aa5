// Rate limits on Redis hold across instances: a tenant's N requests per second are shared by both
// gateways together, and a tier assigned through one applies on the other within a second.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, startClusterPair, type ClusterPair } from '../../helpers/cluster-pair.js';
import { needRedis } from '../../helpers/test-services.js';

const LIMIT = 10;

describe('rate limits across two instances', await needRedis(), () => {
  let pair: ClusterPair;
  before(async () => {
    pair = await startClusterPair({ label: 'limits', env: { SYNAPSE_PROXY_RPS: String(LIMIT) } });
  });
  after(() => pair.close());

  test(`a limit of ${LIMIT}/s holds across both instances together`, async () => {
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 4 * LIMIT }, (_, i) => (i % 2 === 0 ? pair.a : pair.b).request('/v1/models')),
    );
    const elapsedSecs = (performance.now() - started) / 1000;
    await Promise.all(responses.map((r) => r.arrayBuffer()));
    const allowed = responses.filter((r) => r.status === 200).length;
    const refused = responses.filter((r) => r.status === 429);
    assert.equal(allowed + refused.length, responses.length);
    // The burst, plus what refilled while the requests were under way.
    assert.ok(allowed >= LIMIT && allowed <= LIMIT + Math.ceil(elapsedSecs * LIMIT), `${allowed} allowed in ${elapsedSecs.toFixed(2)} s`);
    const refusedBy = (gw: ClusterPair['a']) => refused.filter((r) => r.url.startsWith(gw.url)).length;
    assert.ok(refusedBy(pair.a) > 0 && refusedBy(pair.b) > 0, 'both instances refuse once the shared bucket is empty');
    assert.ok(refused.every((r) => Number(r.headers.get('retry-after')) >= 1));
  });

  test('a tier assigned through A applies on B within 1 s', async () => {
    const put = await pair.a.request('/api/v1/rate-limits/tenants/cluster-tier-tenant', { method: 'PUT', body: { tier: 'enterprise' } });
    assert.equal(put.status, 200, await put.text());
    await eventually('B applies the tier', 1_000, async () => {
      const res = await pair.b.request('/api/v1/rate-limits/tenants/cluster-tier-tenant');
      return ((await res.json()) as { tier: string }).tier === 'enterprise';
    });
  });

  test('a tier reset through A (DELETE /api/v1/rate-limits/{tenantId}) applies on B within 1 s', async () => {
    const put = await pair.a.request('/api/v1/rate-limits/cluster-reset-tenant', { method: 'PUT', body: { tier: 'pro' } });
    assert.equal(put.status, 200, await put.text());
    const tierOnB = async () => (await (await pair.b.request('/api/v1/rate-limits/cluster-reset-tenant')).json()) as { tier: string; explicit: boolean };
    await eventually('B applies the tier', 1_000, async () => (await tierOnB()).tier === 'pro');
    const reset = await pair.a.request('/api/v1/rate-limits/cluster-reset-tenant', { method: 'DELETE' });
    assert.equal(reset.status, 200, await reset.text());
    await eventually('B drops the tier', 1_000, async () => {
      const seen = await tierOnB();
      return seen.tier === 'starter' && !seen.explicit;
    });
  });
});
