// End-to-end tests of failures on the Messages API in front of an Anthropic upstream: each comes
// in Anthropic's error shape with the status and type the official client turns into its matching
// error class; invalid requests never reach the upstream; broken streams end with an error event
// and are never cached.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { TestGateway } from '../helpers/test-gateway.js';
import { anthropicFor, ask, sendMessages, sseEvents, startNativeGateway, uniq, type Json } from '../helpers/anthropic-test-kit.js';

type ErrorClass = new (...args: any[]) => InstanceType<typeof Anthropic.APIError>;

function assertAnthropicError(result: { status: number; json: Json; text: string }, status: number, type: string, why: string): void {
  assert.equal(result.status, status, `${why}: ${result.text}`);
  assert.equal(result.json.type, 'error', why);
  assert.equal(result.json.error.type, type, why);
  assert.equal(typeof result.json.error.message, 'string', why);
  assert.equal(typeof result.json.request_id, 'string', why);
}

async function assertSdkRejects(promise: Promise<unknown>, errorClass: ErrorClass, status: number, type: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${String(error)}`);
    assert.equal(error.status, status);
    assert.equal((error.error as Json | undefined)?.error?.type, type);
    return true;
  });
}

describe('Messages API errors, native Anthropic upstream', () => {
  let gw: TestGateway;
  let client: Anthropic;
  before(async () => {
    // No retries: each scripted failure reaches the client after one upstream call.
    gw = await startNativeGateway({ SYNAPSE_UPSTREAM_MAX_RETRIES: '0' });
    client = anthropicFor(gw);
  });
  after(() => gw.close());

  test('an invalid request is a 400 invalid_request_error that never reaches the upstream nor the cache', async () => {
    const question = uniq('invalid');
    const { max_tokens: _max, ...noMaxTokens } = ask(question);
    const { messages: _messages, ...noMessages } = ask(question);
    const cases: Record<string, Json | string> = {
      'no max_tokens': noMaxTokens,
      'no messages': noMessages,
      'no model': { max_tokens: 10, messages: [{ role: 'user', content: question }] },
      'max_tokens 0': ask(question, { max_tokens: 0 }),
      'messages not a list': ask(question, { messages: 'hello' }),
      'a message without content': ask(question, { messages: [{ role: 'user' }] }),
      'not JSON': '{"model": "claude',
    };
    const calls = gw.upstream.calls.length;
    for (const [name, body] of Object.entries(cases)) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const result = await sendMessages(gw, body);
        assertAnthropicError(result, 400, 'invalid_request_error', name);
        assert.equal(result.cache, null, `${name}: no cache status for a refused request`);
      }
    }
    assert.equal(gw.upstream.calls.length, calls, 'invalid requests never reach the upstream');
    const missing = await sendMessages(gw, noMaxTokens);
    assert.match(missing.json.error.message, /max_tokens/);
    await assertSdkRejects(client.messages.create(noMaxTokens as Anthropic.MessageCreateParamsNonStreaming), Anthropic.BadRequestError, 400, 'invalid_request_error');
    // The valid request is then a plain miss: the refusals left nothing in the cache.
    const valid = await sendMessages(gw, ask(question));
    assert.equal(valid.cache, 'MISS');
    assert.equal(valid.upstreamCalls, 1);
  });

  test('upstream 429 becomes 429 rate_limit_error with retry-after; 529 overloaded; 400 with its message; 500 api_error', async () => {
    const rateLimited = await sendMessages(gw, ask(uniq('limited'), { model: 'fake-429' }));
    assertAnthropicError(rateLimited, 429, 'rate_limit_error', 'fake-429');
    assert.ok(Number(rateLimited.headers.get('retry-after')) >= 1, `retry-after ${rateLimited.headers.get('retry-after')}`);
    assert.equal(rateLimited.upstreamCalls, 1);

    const overloaded = await sendMessages(gw, ask(uniq('overloaded'), { model: 'fake-529' }));
    assertAnthropicError(overloaded, 529, 'overloaded_error', 'fake-529');

    const rejected = await sendMessages(gw, ask(uniq('too long'), { model: 'fake-400' }));
    assertAnthropicError(rejected, 400, 'invalid_request_error', 'fake-400');
    assert.match(rejected.json.error.message, /prompt is too long: 200001 tokens > 200000 maximum/);

    const failed = await sendMessages(gw, ask(uniq('broken'), { model: 'fake-500' }));
    assert.ok(failed.status >= 500 && failed.status < 600, failed.text);
    assertAnthropicError(failed, failed.status, 'api_error', 'fake-500');

    // Failures are never cached: the same request reaches the upstream again.
    const sameFailure = ask(uniq('same failure'), { model: 'fake-500' });
    assert.equal((await sendMessages(gw, sameFailure)).upstreamCalls, 1);
    assert.equal((await sendMessages(gw, sameFailure)).upstreamCalls, 1, 'a failure is not cached');
  });

  test('the SDK raises its matching error classes', async () => {
    const create = (model: string): Promise<unknown> => client.messages.create(ask(uniq(model), { model }) as Anthropic.MessageCreateParamsNonStreaming);
    await assertSdkRejects(create('fake-429'), Anthropic.RateLimitError, 429, 'rate_limit_error');
    await assertSdkRejects(create('fake-400'), Anthropic.BadRequestError, 400, 'invalid_request_error');
    await assertSdkRejects(create('fake-529'), Anthropic.APIError, 529, 'overloaded_error');
    await assert.rejects(create('fake-500'), (error: unknown) => {
      assert.ok(error instanceof Anthropic.InternalServerError, String(error));
      assert.equal((error.error as Json | undefined)?.error?.type, 'api_error');
      return true;
    });
    const streamed = client.messages.stream(ask(uniq('stream limited'), { model: 'fake-429' }) as Anthropic.MessageCreateParamsNonStreaming);
    await assertSdkRejects(streamed.finalMessage(), Anthropic.RateLimitError, 429, 'rate_limit_error');
  });

  test('an unknown route with anthropic-version answers 404 not_found_error', async () => {
    for (const [method, path] of [['GET', '/v1/no-such-thing'], ['POST', '/v1/messages/no-such-thing']] as const) {
      const res = await fetch(gw.url + path, {
        method,
        headers: { 'x-api-key': gw.adminKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      const json = (await res.json()) as Json;
      assertAnthropicError({ status: res.status, json, text: JSON.stringify(json) }, 404, 'not_found_error', `${method} ${path}`);
    }
  });

  test('a stream that breaks off midway ends with an error event and is not cached', async () => {
    const body = ask(uniq('break this stream'), { model: 'fake-error-midstream', stream: true });
    const first = await sendMessages(gw, body);
    assert.equal(first.status, 200, 'the stream had started');
    assert.equal(first.cache, 'MISS');
    assert.equal(first.upstreamCalls, 1);
    const events = sseEvents(first.text);
    assert.equal(events[0]!.event, 'message_start');
    assert.ok(events.some((e) => e.event === 'content_block_delta'), 'what came before the failure was relayed');
    const last = events.at(-1)!;
    assert.equal(last.event, 'error');
    assert.equal(last.data.type, 'error');
    // The fake breaks off with overloaded_error: clients retry on that type, so it must survive.
    assert.equal(last.data.error.type, 'overloaded_error', "the upstream's error type reaches the client");
    assert.match(last.data.error.message, /Overloaded/);
    assert.equal(events.filter((e) => e.event === 'message_stop').length, 0);

    const second = await sendMessages(gw, body);
    assert.equal(second.cache, 'MISS');
    assert.equal(second.upstreamCalls, 1, 'the broken answer was not cached');
    const asJson = await sendMessages(gw, { ...body, stream: false });
    assert.equal(asJson.cache, 'MISS', 'nor served to a JSON request');

    const sdkStream = client.messages.stream(ask(uniq('sdk broken stream'), { model: 'fake-error-midstream' }) as Anthropic.MessageCreateParamsNonStreaming);
    await assert.rejects(sdkStream.finalMessage(), Anthropic.APIError);
  });

  test('a refusal of the model name is relayed as not_found_error', async () => {
    const result = await sendMessages(gw, ask(uniq('who?'), { model: 'unknown-claude-model' }));
    assertAnthropicError(result, 404, 'not_found_error', 'unknown model');
    assert.match(result.json.error.message, /unknown-claude-model/);
  });
});
