// Failed authentications are limited per client address (SYNAPSE_AUTH_FAILURES_PER_MIN, here 5),
// so keys cannot be guessed at full speed and the key store is no free load target. Only failures
// count (a wrong key or token, also in a token exchange). Past the limit the address is blocked,
// like fail2ban, for every credential that would need a lookup (raw keys, tokens not seen before,
// token exchanges) until its bucket admits again: 429 with Retry-After. Tokens this gateway has
// already verified keep working, since they cannot be guessed. The gateway runs on a frozen clock.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let clock = Date.parse('2026-03-01T10:00:00Z');
let gw: TestGateway;
let knownToken: string;

const BAD_KEY = 'sk-syn-guessed-key-0000000000000000000000000000';
const probe = (auth: string | null) => gw.request('/api/v1/memory/projects', { auth });

async function statusAndCode(response: Response): Promise<[number, string | undefined]> {
  const body = (await response.json()) as { error?: { code: string } };
  return [response.status, body.error?.code];
}

before(async () => {
  gw = await startTestGateway({ now: () => clock, env: { SYNAPSE_AUTH_FAILURES_PER_MIN: '5' } });
  knownToken = await gw.tokenFor(gw.adminKey);
  assert.equal((await probe(knownToken)).status, 200, 'the token is verified once');
});
after(async () => {
  await gw.close();
});

describe('failed authentications per address', () => {
  test('successful requests and missing credentials do not count', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await probe(gw.adminKey)).status, 200);
    for (let i = 0; i < 10; i++) assert.deepEqual(await statusAndCode(await probe(null)), [401, 'missing_credentials']);
  });

  test('five wrong credentials are 401; the sixth is 429 with the real wait', async () => {
    const wrong = [BAD_KEY, 'not-a-jwt', BAD_KEY, 'eyJhbGciOiJIUzI1NiJ9.e30.forged', BAD_KEY];
    for (const credential of wrong) assert.equal((await probe(credential)).status, 401);
    const refused = await probe(BAD_KEY);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '12', 'one failure of 5/min comes back in 12 s');
    assert.equal(refused.headers.get('retry-after-ms'), '12000');
    const body = (await refused.json()) as { error: { code: string; type: string; retry_after_secs: number } };
    assert.equal(body.error.code, 'rate_limited');
    assert.equal(body.error.retry_after_secs, 12);
  });

  test('while blocked: raw keys, new tokens and token exchanges are refused without a lookup; known tokens work', async () => {
    assert.deepEqual(await statusAndCode(await probe(gw.adminKey)), [429, 'rate_limited'], 'even a valid raw key');
    const exchange = await gw.request('/api/v1/auth/token', { auth: null, body: { api_key: gw.adminKey } });
    assert.equal(exchange.status, 429, 'a token exchange needs a key lookup too');
    assert.equal((await probe(knownToken)).status, 200, 'a token verified before is no guess');
    assert.equal((await gw.request('/health', { auth: null })).status, 200, 'public routes need no credential');
  });

  test('the bucket refills: after the wait a valid key works again, and one more failure is allowed', async () => {
    clock += 12_000;
    assert.equal((await probe(gw.adminKey)).status, 200);
    assert.equal((await probe(BAD_KEY)).status, 401, 'one failure came back');
    assert.equal((await probe(BAD_KEY)).status, 429);
  });

  test('failed token exchanges count too', async () => {
    clock += 60_000; // a full bucket again
    for (let i = 0; i < 5; i++) {
      const response = await gw.request('/api/v1/auth/token', { auth: null, body: { api_key: BAD_KEY } });
      assert.equal(response.status, 401);
    }
    assert.equal((await gw.request('/api/v1/auth/token', { auth: null, body: { api_key: BAD_KEY } })).status, 429);
    assert.equal((await probe(gw.adminKey)).status, 429, 'the address is blocked for every route');
    clock += 60_000;
  });
});
