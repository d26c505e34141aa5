// Synapse credentials never become provider keys, end to end: an upstream configured with a Synapse
// key (ANTHROPIC_API_KEY=sk-syn-... exported for Claude Code) is refused before any call is made,
// and a Synapse key or token sent beside another one is never forwarded as the caller's own key.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { uniq, type Json } from '../helpers/proxy-test-kit.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const SYNAPSE_AS_PROVIDER_KEY = 'sk-syn-exported-for-claude-code-000000000000';
const ANTHROPIC_KEY = 'sk-ant-configured-key';
const ANTHROPIC_VERSION = { 'anthropic-version': '2023-06-01' };

const messagesBody = (): Json => ({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: uniq('hi') }] });

async function post(gw: TestGateway, path: string, body: Json, headers: Record<string, string>): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(gw.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Json, headers: res.headers };
}

describe('an upstream configured with a Synapse key as its provider key', () => {
  let upstream: FakeUpstream;
  let anthropicSide: TestGateway;
  let openaiSide: TestGateway;
  before(async () => {
    upstream = await startFakeUpstream();
    anthropicSide = await startTestGateway({ upstream, env: { ANTHROPIC_BASE_URL: upstream.origin, ANTHROPIC_API_KEY: SYNAPSE_AS_PROVIDER_KEY } });
    openaiSide = await startTestGateway({ upstream, env: { OPENAI_API_KEY: SYNAPSE_AS_PROVIDER_KEY } });
  });
  after(async () => {
    await anthropicSide.close();
    await openaiSide.close();
    await upstream.close();
  });

  test('ANTHROPIC_API_KEY=sk-syn-...: /v1/messages answers 502 upstream_key_is_synapse_key and nothing reaches the upstream', async () => {
    const from = upstream.calls.length;
    const res = await post(anthropicSide, '/v1/messages', messagesBody(), { 'x-api-key': ADMIN_KEY, ...ANTHROPIC_VERSION });
    assert.equal(res.status, 502, JSON.stringify(res.body));
    assert.equal(res.body.type, 'error', "Anthropic's error shape on the Messages route");
    assert.match(res.body.error.message, /ANTHROPIC_API_KEY/, 'the message names the variable to fix');
    assert.equal(res.headers.get('x-should-retry'), 'false');
    const counted = await post(anthropicSide, '/v1/messages/count_tokens', { model: 'claude-sonnet-4-5', messages: messagesBody().messages }, { 'x-api-key': ADMIN_KEY, ...ANTHROPIC_VERSION });
    assert.equal(counted.status, 502);

    const sdk = new Anthropic({ baseURL: anthropicSide.url, apiKey: ADMIN_KEY, maxRetries: 2 });
    const error = await sdk.messages.create(messagesBody() as Anthropic.MessageCreateParamsNonStreaming).catch((e: unknown) => e);
    assert.ok(error instanceof Anthropic.APIError, String(error));
    assert.equal(error.status, 502);
    assert.deepEqual(upstream.calls.slice(from), [], 'the fake upstream recorded no call at all');
  });

  test('the model list still comes from the other upstream, the Anthropic one is never asked', async () => {
    const from = upstream.calls.length;
    const res = await anthropicSide.request('/v1/models');
    const body = (await res.json()) as Json;
    assert.equal(res.status, 200);
    assert.ok((body.data as Json[]).some((m) => m.id === 'gpt-4o'));
    assert.equal(upstream.calls.slice(from).some((c) => c.headers['anthropic-version'] !== undefined), false);
  });

  test('OPENAI_API_KEY=sk-syn-...: chat and Responses answer 502 upstream_key_is_synapse_key, no upstream call', async () => {
    const from = upstream.calls.length;
    for (const [path, body] of [
      ['/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: uniq('hi') }] }],
      ['/v1/responses', { model: 'gpt-4o', input: uniq('hi') }],
      ['/v1/completions', { model: 'gpt-4o', prompt: uniq('hi') }],
    ] as const) {
      const res = await post(openaiSide, path, body, { authorization: `Bearer ${ADMIN_KEY}` });
      assert.equal(res.status, 502, `${path}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'upstream_key_is_synapse_key');
      assert.match(res.body.error.message, /OPENAI_API_KEY/);
    }
    assert.deepEqual(upstream.calls.slice(from), []);
  });

  test("a caller's own provider key is used instead, and then the call goes through", async () => {
    const res = await post(openaiSide, '/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: uniq('own key') }] }, {
      authorization: `Bearer ${ADMIN_KEY}`,
      'x-api-key': 'sk-caller-own-openai-key',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(upstream.calls.at(-1)!.headers.authorization, 'Bearer sk-caller-own-openai-key');
  });
});

describe('a Synapse credential beside another is never taken for a provider key', () => {
  let upstream: FakeUpstream;
  let gw: TestGateway;
  let jwt: string;
  before(async () => {
    upstream = await startFakeUpstream({ apiKey: 'sk-upstream-configured', anthropicApiKey: ANTHROPIC_KEY });
    gw = await startTestGateway({ upstream, env: { ANTHROPIC_BASE_URL: upstream.origin, ANTHROPIC_API_KEY: ANTHROPIC_KEY } });
    jwt = await gw.tokenFor(ADMIN_KEY);
  });
  after(async () => {
    await gw.close();
    await upstream.close();
  });

  /** Claude Code with ANTHROPIC_AUTH_TOKEN=<jwt> and ANTHROPIC_API_KEY=<synapse key>, and the swapped pair. */
  const pairs = (): Array<[string, Record<string, string>]> => [
    ['JWT bearer + Synapse key in x-api-key', { authorization: `Bearer ${jwt}`, 'x-api-key': ADMIN_KEY }],
    ['Synapse key bearer + JWT in x-api-key', { authorization: `Bearer ${ADMIN_KEY}`, 'x-api-key': jwt }],
  ];

  function assertNoSynapseCredentialUpstream(from: number): void {
    const calls = upstream.calls.slice(from);
    assert.ok(calls.length > 0);
    const wire = JSON.stringify(calls.map((c) => c.headers));
    assert.equal(wire.includes(ADMIN_KEY), false);
    assert.equal(wire.includes(jwt), false);
  }

  test('/v1/messages: the Anthropic upstream sees its configured key', async () => {
    for (const [why, headers] of pairs()) {
      const from = upstream.calls.length;
      const res = await post(gw, '/v1/messages', messagesBody(), { ...headers, ...ANTHROPIC_VERSION });
      assert.equal(res.status, 200, `${why}: ${JSON.stringify(res.body)}`);
      const call = upstream.calls.at(-1)!;
      assert.equal(call.path, '/v1/messages');
      assert.equal(call.headers['x-api-key'], ANTHROPIC_KEY, why);
      assert.equal(call.headers.authorization, undefined, `${why}: no bearer beside the configured key`);
      assertNoSynapseCredentialUpstream(from);
    }
  });

  test('chat completions and Responses: the OpenAI upstream sees its configured key', async () => {
    for (const [why, headers] of pairs()) {
      const from = upstream.calls.length;
      const chat = await post(gw, '/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: uniq('chat') }] }, headers);
      assert.equal(chat.status, 200, `${why}: ${JSON.stringify(chat.body)}`);
      assert.equal(upstream.calls.at(-1)!.headers.authorization, 'Bearer sk-upstream-configured', why);
      const responses = await post(gw, '/v1/responses', { model: 'gpt-4o', input: uniq('responses') }, headers);
      assert.equal(responses.status, 200, `${why}: ${JSON.stringify(responses.body)}`);
      assert.equal(upstream.calls.at(-1)!.headers.authorization, 'Bearer sk-upstream-configured', why);
      assert.equal(upstream.calls.at(-1)!.headers['x-api-key'], undefined, why);
      assertNoSynapseCredentialUpstream(from);
    }
  });
});
