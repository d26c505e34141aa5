// End-to-end tests of SPEC section 4 (rate limits) through HTTP: token buckets per tenant for the
// proxy, per client address for token exchange, tiers assigned by an admin, 429 shape and metrics.
// The gateway runs on a frozen clock, so buckets refill only when a test moves time forward.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

interface RateLimitError {
  message: string;
  type: string;
  code: string;
  retry_after_secs: number;
}

let sequence = 0;

/** A proxied chat call that always reaches the upstream when admitted (unique body, no cache). */
function proxyCall(gw: TestGateway, auth: string): Promise<Response> {
  sequence += 1;
  return gw.request('/v1/chat/completions', {
    auth,
    body: { model: 'gpt-4o', messages: [{ role: 'user', content: `rate limit probe ${sequence}` }] },
    headers: { 'x-synapse-skip-cache': 'true' },
  });
}

function integerHeader(response: Response, name: string): number {
  const raw = response.headers.get(name);
  assert.ok(raw !== null, `${name} is present`);
  assert.match(raw, /^\d+$/, `${name} is an integer`);
  return Number(raw);
}

async function expect429(response: Response): Promise<RateLimitError> {
  const text = await response.text();
  assert.equal(response.status, 429, text);
  const body = JSON.parse(text) as { error: RateLimitError };
  assert.equal(body.error.type, 'rate_limit_error');
  assert.ok(Number.isInteger(body.error.retry_after_secs) && body.error.retry_after_secs >= 1, text);
  const retryAfter = integerHeader(response, 'retry-after');
  assert.ok(retryAfter >= 1);
  assert.equal(retryAfter, body.error.retry_after_secs, 'header and body agree');
  return body.error;
}

describe('rate limits end to end', () => {
  let clock = Date.parse('2026-02-10T14:00:00Z');
  let gw: TestGateway;

  before(async () => {
    gw = await startTestGateway({
      now: () => clock,
      env: { SYNAPSE_PROXY_RPS: '5', SYNAPSE_TOKEN_PER_MIN: '3' },
    });
  });
  after(async () => {
    await gw.close();
  });

  test('the proxy admits 5 quick calls with X-RateLimit-* headers, then answers 429', async () => {
    const remaining: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await proxyCall(gw, gw.adminKey);
      assert.equal(response.status, 200, await response.clone().text());
      assert.equal(integerHeader(response, 'x-ratelimit-limit'), 5);
      remaining.push(integerHeader(response, 'x-ratelimit-remaining'));
      assert.ok(integerHeader(response, 'x-ratelimit-reset') >= 1);
      await response.arrayBuffer();
    }
    assert.deepEqual(remaining, [4, 3, 2, 1, 0]);

    const upstreamCalls = gw.upstream.calls.length;
    for (let i = 0; i < 5; i++) {
      const error = await expect429(await proxyCall(gw, gw.adminKey));
      assert.equal(error.code, 'rate_limited');
      assert.match(error.message, /proxy/);
    }
    const refused = await gw.request('/v1/models');
    await expect429(refused.clone());
    assert.equal(refused.headers.get('retry-after'), '1', 'whole seconds, rounded up');
    assert.equal(refused.headers.get('retry-after-ms'), '200', 'the exact wait: one token of 5/s (the clock is frozen)');
    assert.equal(gw.upstream.calls.length, upstreamCalls, 'a 429 never reaches the upstream');
  });

  test('the bucket refills as time passes', async () => {
    clock += 1_000;
    const response = await proxyCall(gw, gw.adminKey);
    assert.equal(response.status, 200);
    assert.equal(integerHeader(response, 'x-ratelimit-remaining'), 4);
  });

  test('a clock that steps backwards does not lock a tenant out', async () => {
    clock -= 60_000;
    try {
      const response = await proxyCall(gw, gw.adminKey);
      assert.equal(response.status, 200, await response.clone().text());
    } finally {
      clock += 120_000;
    }
  });

  test("limits are per tenant: another tenant's key is unaffected", async () => {
    clock += 10_000;
    const beta = await gw.createKey({ role: 'user', name: 'beta-user', tenant_id: 'beta' });
    for (let i = 0; i < 5; i++) assert.equal((await proxyCall(gw, gw.adminKey)).status, 200);
    await expect429(await proxyCall(gw, gw.adminKey));

    const response = await proxyCall(gw, beta.key);
    assert.equal(response.status, 200);
    assert.equal(integerHeader(response, 'x-ratelimit-remaining'), 4, 'beta has its own full bucket');
    await expect429(await proxyCall(gw, gw.adminKey));
  });

  test("an admin assigning tier pro raises that tenant's proxy limit to 25", async () => {
    clock += 10_000;
    const gammaAdmin = (await gw.createKey({ role: 'admin', name: 'gamma-admin', tenant_id: 'gamma' })).key;
    const initial = await gw.request('/api/v1/rate-limits', { auth: gammaAdmin });
    const initialBody = (await initial.json()) as { tier: string; limits: { proxy: { limit: number } } };
    assert.equal(initialBody.tier, 'starter');
    assert.equal(initialBody.limits.proxy.limit, 5);

    const assigned = await gw.request('/api/v1/rate-limits/tenants/gamma', { method: 'PUT', body: { tier: 'pro' } });
    assert.equal(assigned.status, 200);
    const assignedBody = (await assigned.json()) as { tenantId: string; tier: string; limits: { proxy: { limit: number } } };
    assert.equal(assignedBody.tenantId, 'gamma');
    assert.equal(assignedBody.tier, 'pro');
    assert.equal(assignedBody.limits.proxy.limit, 25);

    const view = (await (await gw.request('/api/v1/rate-limits', { auth: gammaAdmin })).json()) as typeof assignedBody;
    assert.equal(view.tenantId, 'gamma');
    assert.equal(view.tier, 'pro');
    assert.equal(view.limits.proxy.limit, 25);
    const own = (await (await gw.request('/api/v1/rate-limits')).json()) as typeof assignedBody;
    assert.equal(own.tier, 'starter', "the operator's own tenant keeps its tier");

    for (let i = 0; i < 25; i++) {
      const response = await gw.request('/v1/models', { auth: gammaAdmin });
      assert.equal(response.status, 200, `call ${i + 1} of 25`);
      assert.equal(integerHeader(response, 'x-ratelimit-limit'), 25);
      await response.arrayBuffer();
    }
    await expect429(await gw.request('/v1/models', { auth: gammaAdmin }));
  });

  test('an invalid tier is 400 and changes nothing', async () => {
    for (const [path, method] of [
      ['/api/v1/rate-limits/tenants/gamma', 'PUT'],
      ['/api/v1/rate-limits', 'PUT'],
    ] as const) {
      const response = await gw.request(path, { method, body: { tier: 'platinum' } });
      const text = await response.text();
      assert.equal(response.status, 400, text);
      assert.equal((JSON.parse(text) as { error: { type: string } }).error.type, 'validation_error');
    }
    const gamma = (await (await gw.request('/api/v1/rate-limits/tenants/gamma')).json()) as { tier: string };
    assert.equal(gamma.tier, 'pro');
    const own = (await (await gw.request('/api/v1/rate-limits')).json()) as { tier: string };
    assert.equal(own.tier, 'starter');
  });

  test('token exchange is limited per client address: the 4th in a minute is 429', async () => {
    const exchange = () => gw.request('/api/v1/auth/token', { auth: null, body: { api_key: gw.adminKey } });
    for (let i = 0; i < 3; i++) {
      const response = await exchange();
      assert.equal(response.status, 200);
      assert.equal(integerHeader(response, 'x-ratelimit-limit'), 3);
      assert.equal(integerHeader(response, 'x-ratelimit-remaining'), 2 - i);
      await response.arrayBuffer();
    }
    const refused = await exchange();
    const error = await expect429(refused.clone());
    assert.match(error.message, /token exchange/);
    assert.equal(error.retry_after_secs, 20, 'one token of 3/min comes back in 20 s');
    assert.equal(refused.headers.get('retry-after-ms'), '20000');

    clock += 60_000;
    assert.equal((await exchange()).status, 200, 'the bucket refills within the minute window');
  });

  test('GET /metrics counts rate-limited requests by group', async () => {
    const response = await fetch(`${gw.url}/metrics`);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /synapse_rate_limited_requests_total/);
    const count = (group: string) => {
      const match = new RegExp(`^synapse_rate_limited_requests_total\\{group="${group}"\\} (\\d+)`, 'm').exec(text);
      assert.ok(match, `a series for ${group}`);
      return Number(match[1]);
    };
    assert.ok(count('proxy') >= 9, `proxy refusals counted: ${count('proxy')}`);
    assert.equal(count('token_exchange'), 1);
  });
});
