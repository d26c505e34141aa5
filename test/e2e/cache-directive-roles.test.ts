// Cache directives that write are for `user` keys: a readonly caller gets 403 for
// x-synapse-force-refresh and x-synapse-cache-ttl (in the Anthropic shape on the Messages API),
// and its Cache-Control: no-cache fetches a fresh answer without replacing the entry. A TTL asked
// for is capped by cache.maxTtlSecs (7 days unless configured).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ask, chat, type Json, uniq } from '../helpers/proxy-test-kit.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let gw: TestGateway;
let user: string;
let readonly: string;

before(async () => {
  gw = await startTestGateway({ overrides: { cache: { maxTtlSecs: 3_600 } } });
  user = (await gw.createKey({ role: 'user', name: 'writer' })).key;
  readonly = (await gw.createKey({ role: 'readonly', name: 'reader' })).key;
});
after(async () => {
  await gw.close();
});

async function errorOf(response: Response): Promise<Json> {
  return ((await response.json()) as Json).error;
}

describe('cache directives and roles', () => {
  test('a readonly key may not force a refresh or choose a TTL: 403, nothing reaches the upstream', async () => {
    const body = ask(uniq('pinned'));
    const calls = gw.upstream.callCount();
    const writes: Array<Record<string, string>> = [{ 'x-synapse-force-refresh': 'true' }, { 'x-synapse-cache-ttl': '600' }];
    for (const headers of writes) {
      const response = await chat(gw, readonly, body, headers);
      assert.equal(response.status, 403, JSON.stringify(headers));
      const error = await errorOf(response);
      assert.equal(error.type, 'authorization_error');
      assert.equal(error.code, 'role_forbidden');
      assert.match(error.message, /readonly/);
    }
    assert.equal(gw.upstream.callCount(), calls);
  });

  test('the Messages API answers that 403 in its own shape', async () => {
    const response = await fetch(`${gw.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': readonly, 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-synapse-force-refresh': 'true' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 32, messages: [{ role: 'user', content: uniq('hi') }] }),
    });
    assert.equal(response.status, 403);
    const body = (await response.json()) as Json;
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'permission_error');
  });

  test("a readonly key's Cache-Control: no-cache gets a fresh answer and leaves the entry as it was", async () => {
    const body = ask(uniq('kept'));
    const original = (await (await chat(gw, user, body)).json()) as Json;
    const calls = gw.upstream.callCount();
    const fresh = await chat(gw, readonly, body, { 'cache-control': 'no-cache' });
    assert.equal(fresh.status, 200);
    assert.equal(fresh.headers.get('x-synapse-cache-status'), 'MISS');
    const freshJson = (await fresh.json()) as Json;
    assert.equal(gw.upstream.callCount(), calls + 1, 'the upstream answered again');
    assert.notEqual(freshJson.id, original.id);
    const hit = (await (await chat(gw, readonly, body)).json()) as Json;
    assert.equal(hit.synapse_metadata.cache_hit, true);
    assert.equal(hit.id, original.id, 'the entry was not replaced');
  });

  test('a user key may refresh and choose a TTL up to cache.maxTtlSecs, not beyond', async () => {
    const body = ask(uniq('ttl'));
    const refreshed = await chat(gw, user, body, { 'x-synapse-force-refresh': 'true', 'x-synapse-cache-ttl': '3600' });
    assert.equal(refreshed.status, 200, await refreshed.clone().text());
    await refreshed.arrayBuffer();
    const tooLong = await chat(gw, user, body, { 'x-synapse-cache-ttl': '3601' });
    assert.equal(tooLong.status, 400);
    const error = await errorOf(tooLong);
    assert.equal(error.code, 'validation_failed');
    assert.match(error.message, /x-synapse-cache-ttl must be a whole number of seconds from 1 to 3600/);
  });
});
