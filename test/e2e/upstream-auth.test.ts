// An upstream that refuses the provider key (401/403) through the gateway: with the gateway's own
// key, or none, the client gets a 502 `upstream_auth_failed` that names the key to fix and keeps the
// upstream's message, never a 401 that reads like a bad Synapse key; on the Anthropic routes it is
// Anthropic's `api_error`; a key the client sent itself keeps the upstream's 401.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

type Json = Record<string, any>;

const chatBody = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hello through a refused key' }] };

async function post(gw: TestGateway, path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: Json }> {
  const response = await fetch(gw.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Json };
}

describe('an upstream refusing the provider key', () => {
  let upstream: FakeUpstream;
  const gateways: TestGateway[] = [];
  const start = async (env: Record<string, string>): Promise<TestGateway> => {
    const gw = await startTestGateway({ upstream, env });
    gateways.push(gw);
    return gw;
  };

  before(async () => {
    upstream = await startFakeUpstream({ apiKey: 'sk-right', anthropicApiKey: 'sk-ant-right' });
  });
  after(async () => {
    for (const gw of gateways) await gw.close();
    await upstream.close();
  });

  test("the gateway's own key refused: 502 upstream_auth_failed naming OPENAI_API_KEY, with the upstream's message", async () => {
    const gw = await start({ OPENAI_API_KEY: 'sk-wrong' });
    const before = upstream.calls.length;
    const { status, body } = await post(gw, '/v1/chat/completions', chatBody, { authorization: `Bearer ${ADMIN_KEY}` });
    assert.equal(status, 502);
    assert.equal(body.error.type, 'upstream_auth_error');
    assert.equal(body.error.code, 'upstream_auth_failed');
    assert.match(body.error.message, /^upstream 'default' refused the gateway's provider key \(401: /);
    assert.match(body.error.message, /OPENAI_API_KEY/);
    assert.match(body.error.message, /your Synapse credential was accepted/);
    assert.doesNotMatch(body.error.message, /invalid API key$|authentication failed/, 'not the wording of a bad Synapse key');
    assert.equal(upstream.calls.length - before, 1, 'a refused key is not retried');
  });

  test('no provider key at all: the message says to set OPENAI_API_KEY or send one in x-api-key', async () => {
    const gw = await start({ OPENAI_API_KEY: '' });
    const { status, body } = await post(gw, '/v1/chat/completions', chatBody, { authorization: `Bearer ${ADMIN_KEY}` });
    assert.equal(status, 502);
    assert.equal(body.error.code, 'upstream_auth_failed');
    assert.match(body.error.message, /carried no provider key/);
    assert.match(body.error.message, /set OPENAI_API_KEY in the gateway's environment, or send your own provider key in x-api-key/);
  });

  test("a key the client sent itself keeps the upstream's 401, and says it was that key", async () => {
    const gw = await start({ OPENAI_API_KEY: 'sk-right' });
    const { status, body } = await post(gw, '/v1/chat/completions', chatBody, { authorization: `Bearer ${ADMIN_KEY}`, 'x-api-key': 'sk-client-wrong' });
    assert.equal(status, 401);
    assert.equal(body.error.code, 'upstream_auth_failed');
    assert.match(body.error.message, /refused the provider key sent in x-api-key \(401: /);
    const fine = await post(gw, '/v1/chat/completions', chatBody, { authorization: `Bearer ${ADMIN_KEY}` });
    assert.equal(fine.status, 200, 'the gateway key itself works');
  });

  test("on the Anthropic Messages route it is Anthropic's api_error with the same message", async () => {
    const gw = await start({ ANTHROPIC_BASE_URL: upstream.origin, ANTHROPIC_API_KEY: 'sk-ant-wrong' });
    const body = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] };
    const response = await post(gw, '/v1/messages', body, { 'x-api-key': ADMIN_KEY, 'anthropic-version': '2023-06-01' });
    assert.equal(response.status, 502);
    assert.equal(response.body.type, 'error');
    assert.equal(response.body.error.type, 'api_error');
    assert.match(response.body.error.message, /^upstream 'anthropic' refused the gateway's provider key \(401: invalid x-api-key\)/);
    assert.match(response.body.error.message, /ANTHROPIC_API_KEY/);
  });
});
