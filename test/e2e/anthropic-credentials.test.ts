// End-to-end tests of credentials on the Messages API: a Synapse key or JWT in x-api-key or as a
// bearer (the ways Anthropic clients send theirs), the caller's own provider key next to it, and
// that the upstream only ever sees a provider key, never a Synapse credential.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { ADMIN_KEY, type TestGateway } from '../helpers/test-gateway.js';
import {
  anthropicFor,
  ask,
  sendMessages,
  startNativeGateway,
  uniq,
  upstreamCallsOn,
  UPSTREAM_KEY,
  type ClientCredential,
} from '../helpers/anthropic-test-kit.js';

/** Every place a recorded upstream call holds text: header values, query and body. */
function upstreamTexts(gw: TestGateway): string[] {
  return gw.upstream.calls.flatMap((call) => [
    ...Object.values(call.headers).flatMap((value) => (Array.isArray(value) ? value : [String(value)])),
    call.query,
    typeof call.body === 'string' ? call.body : JSON.stringify(call.body),
  ]);
}

function assertNeverSent(gw: TestGateway, secrets: Record<string, string>): void {
  const texts = upstreamTexts(gw);
  for (const [name, secret] of Object.entries(secrets)) {
    assert.equal(texts.filter((text) => text.includes(secret)).length, 0, `the upstream saw the ${name}`);
  }
}

describe('Messages API credentials', () => {
  let gw: TestGateway;
  let jwt: string;
  let readonlyKey: string;
  before(async () => {
    gw = await startNativeGateway();
    jwt = await gw.tokenFor(ADMIN_KEY);
    readonlyKey = (await gw.createKey({ role: 'readonly', name: 'anthropic-readonly' })).key;
  });
  after(() => gw.close());

  test('a Synapse key or JWT, in x-api-key or as a bearer, through the SDK: all answered by the configured key', async () => {
    const ways: Record<string, ClientCredential> = {
      'key in x-api-key': { xApiKey: ADMIN_KEY },
      'key as SDK apiKey (bearer)': { apiKey: ADMIN_KEY },
      'key as SDK authToken (bearer)': { authToken: ADMIN_KEY },
      'JWT in x-api-key': { xApiKey: jwt },
      'JWT as SDK authToken (bearer)': { authToken: jwt },
      'readonly key in x-api-key': { xApiKey: readonlyKey },
    };
    for (const [name, credential] of Object.entries(ways)) {
      const client = anthropicFor(gw, credential);
      const body = ask(uniq(`credentials ${name}`)) as Anthropic.MessageCreateParamsNonStreaming;
      const message = await client.messages.create(body);
      assert.equal((message.content[0] as Anthropic.TextBlock).text, `Echo: ${body.messages[0]!.content as string}`, name);
      const streamed = await client.messages.stream(ask(uniq(`streamed ${name}`)) as Anthropic.MessageCreateParamsNonStreaming).finalMessage();
      assert.equal(streamed.stop_reason, 'end_turn', name);
    }
    const calls = upstreamCallsOn(gw);
    assert.ok(calls.length >= 12);
    for (const call of calls) {
      assert.equal(call.headers['x-api-key'], UPSTREAM_KEY);
      assert.equal(call.headers.authorization, undefined);
    }
    assertNeverSent(gw, { 'admin key': ADMIN_KEY, JWT: jwt, 'readonly key': readonlyKey });
  });

  test("a caller's own provider key in x-api-key, next to a Synapse bearer, is used for that call only", async () => {
    const ownKey = 'sk-ant-callers-own-key-1234';
    const result = await sendMessages(gw, ask(uniq('own key')), { auth: { authorization: `Bearer ${ADMIN_KEY}`, 'x-api-key': ownKey } });
    assert.equal(upstreamCallsOn(gw).at(-1)!.headers['x-api-key'], ownKey);
    // This upstream knows only its configured key: its refusal reaches the caller as Anthropic's.
    assert.equal(result.status, 401, result.text);
    assert.equal(result.json.type, 'error');
    assert.equal(result.json.error.type, 'authentication_error');
    assert.match(result.json.error.message, /refused the provider key sent in x-api-key.*invalid x-api-key/, 'names the key and keeps the upstream message');

    const next = await sendMessages(gw, ask(uniq('configured key again')), { auth: { authorization: `Bearer ${jwt}` } });
    assert.equal(next.status, 200, next.text);
    assert.equal(upstreamCallsOn(gw).at(-1)!.headers['x-api-key'], UPSTREAM_KEY, 'the own key is not kept');
    assertNeverSent(gw, { 'admin key': ADMIN_KEY, JWT: jwt });
  });

  test('no credential, an unknown key or a provider key alone: 401 authentication_error in Anthropic\'s shape', async () => {
    const calls = gw.upstream.calls.length;
    const cases: Record<string, Record<string, string> | null> = {
      'no credential': null,
      'unknown Synapse key in x-api-key': { 'x-api-key': 'sk-syn-unknown-key-000000000000000000000000' },
      'unknown Synapse key as bearer': { authorization: 'Bearer sk-syn-unknown-key-000000000000000000000000' },
      'an Anthropic key alone': { 'x-api-key': UPSTREAM_KEY },
      'a forged JWT': { authorization: `Bearer ${jwt.slice(0, -4)}AAAA` },
    };
    for (const [name, auth] of Object.entries(cases)) {
      const result = await sendMessages(gw, ask(uniq(name)), { auth });
      assert.equal(result.status, 401, `${name}: ${result.text}`);
      assert.equal(result.json.type, 'error', name);
      assert.equal(result.json.error.type, 'authentication_error', name);
      assert.equal(typeof result.json.error.message, 'string', name);
    }
    assert.equal(gw.upstream.calls.length, calls, 'a refused caller never reaches the upstream');

    const client = anthropicFor(gw, { apiKey: 'sk-syn-unknown-key-000000000000000000000000' });
    await assert.rejects(client.messages.create(ask('who am I?') as Anthropic.MessageCreateParamsNonStreaming), (error: unknown) => {
      assert.ok(error instanceof Anthropic.AuthenticationError, String(error));
      assert.equal(error.status, 401);
      return true;
    });
    await assert.rejects(client.messages.countTokens({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'x' }] }), Anthropic.AuthenticationError);
  });
});

describe('Messages API with a caller-supplied provider key (upstream takes any key)', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startNativeGateway({}, { anyKey: true });
  });
  after(() => gw.close());

  test('the upstream sees the caller\'s key, JSON, streamed and for count_tokens, and never the Synapse key', async () => {
    const ownKey = 'sk-ant-callers-own-key-5678';
    const auth = { authorization: `Bearer ${ADMIN_KEY}`, 'x-api-key': ownKey };
    const json = await sendMessages(gw, ask(uniq('own key JSON')), { auth });
    assert.equal(json.status, 200, json.text);
    assert.equal(upstreamCallsOn(gw).at(-1)!.headers['x-api-key'], ownKey);
    const sse = await sendMessages(gw, ask(uniq('own key stream'), { stream: true }), { auth });
    assert.equal(sse.status, 200, sse.text);
    assert.equal(upstreamCallsOn(gw).at(-1)!.headers['x-api-key'], ownKey);
    const count = await sendMessages(gw, { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'count' }] }, {
      auth,
      path: '/v1/messages/count_tokens',
      upstreamPath: '/v1/messages/count_tokens',
    });
    assert.equal(count.status, 200, count.text);
    assert.equal(count.upstreamCalls, 1);
    assert.equal(upstreamCallsOn(gw, '/v1/messages/count_tokens').at(-1)!.headers['x-api-key'], ownKey);
    for (const call of gw.upstream.calls) assert.equal(call.headers.authorization, undefined);
    assertNeverSent(gw, { 'admin key': ADMIN_KEY });
  });
});
