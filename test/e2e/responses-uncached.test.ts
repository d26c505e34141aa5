// Responses requests the cache must leave alone, end to end: those that lean on state kept upstream
// (previous_response_id, background, conversation, item references), streams that break off, and
// upstream errors, which come back in OpenAI's error shape and status and are never stored.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI, { BadRequestError, RateLimitError } from 'openai';
import { uniq, type Json } from '../helpers/proxy-test-kit.js';
import { primeResponses, responsesCalls, responsesClient, sendResponses, type Sent } from '../helpers/responses-test-kit.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

describe('Responses requests that are never cached', () => {
  let gw: TestGateway;
  let client: OpenAI;
  before(async () => {
    // No gateway retries: a 429 comes straight back, and each attempt is one upstream call.
    gw = await startTestGateway({ env: { SYNAPSE_UPSTREAM_MAX_RETRIES: '0' } });
    client = responsesClient(gw);
  });
  after(() => gw.close());

  /** Sends the same body twice: both must reach the upstream as misses. */
  async function assertNeverCached(body: Json, why: string): Promise<[Sent, Sent]> {
    const first = await sendResponses(gw, body);
    const second = await sendResponses(gw, body);
    for (const sent of [first, second]) {
      assert.equal(sent.status, 200, `${why}: ${JSON.stringify(sent.json)}`);
      assert.equal(sent.cache, 'MISS', `${why}: never served from the cache`);
      assert.equal(sent.upstreamCalls, 1, `${why}: every call reaches the upstream`);
    }
    return [first, second];
  }

  test('follow-ups with previous_response_id both reach the upstream', async () => {
    const stored = await primeResponses(gw, { model: 'gpt-4o', input: uniq('Remember the number 42.') });
    const followUp = { model: 'gpt-4o', input: 'What number did I ask you to remember?', previous_response_id: stored.json.id };
    const [first, second] = await assertNeverCached(followUp, 'previous_response_id');
    assert.notEqual(first.json.id, second.json.id, 'two fresh responses');
    const forwarded = gw.upstream.calls.at(-1)!.body as Json;
    assert.equal(forwarded.previous_response_id, stored.json.id, 'forwarded as it is');
  });

  test('background, conversation and item references are forwarded uncached', async () => {
    await assertNeverCached({ model: 'gpt-4o', input: uniq('a long job'), background: true }, 'background');
    await assertNeverCached({ model: 'gpt-4o', input: uniq('in a conversation'), conversation: 'conv_abc123' }, 'conversation');
    await assertNeverCached(
      { model: 'gpt-4o', input: [{ type: 'item_reference', id: 'msg_stored_1' }, { role: 'user', content: uniq('and then?') }] },
      'item_reference',
    );
    // Not on by accident: without the state-bearing field, the same question is cached.
    const input = uniq('no state');
    await primeResponses(gw, { model: 'gpt-4o', input });
    assert.equal((await sendResponses(gw, { model: 'gpt-4o', input })).cache, 'HIT');
  });

  test('a stream that breaks off ends with an error event the client sees, and is not cached', async () => {
    const input = uniq('break this stream please now');
    const raw = await sendResponses(gw, { model: 'fake-error-midstream', input, stream: true });
    assert.equal(raw.status, 200, 'the stream had started');
    const last = raw.events.at(-1)!;
    assert.equal(last.type, 'error');
    assert.equal(typeof last.message, 'string');
    assert.equal(raw.events.some((e) => e.type === 'response.completed'), false);
    const numbers = raw.events.map((e) => e.sequence_number);
    assert.deepEqual(numbers, numbers.map((_, i) => i), 'the error event is numbered right after the last event the client got');

    const calls = responsesCalls(gw);
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of await client.responses.create({ model: 'fake-error-midstream', input, stream: true })) events.push(event);
    assert.equal(responsesCalls(gw), calls + 1, 'the broken stream was not cached');
    const error = events.at(-1);
    assert.ok(error?.type === 'error', JSON.stringify(error));
    assert.match(error.message, /error/i);

    const helper = client.responses.stream({ model: 'fake-error-midstream', input });
    await assert.rejects(helper.finalResponse(), 'the stream helper rejects: no response completed');
    assert.equal(responsesCalls(gw), calls + 2);
  });

  test('an upstream 400 comes back with its status, OpenAI error shape and code, and is not cached', async () => {
    const body = { model: 'fake-400', input: uniq('far too long') };
    const first = await sendResponses(gw, body);
    assert.equal(first.status, 400);
    assert.deepEqual(Object.keys(first.json), ['error']);
    assert.equal(typeof first.json.error.message, 'string');
    assert.match(first.json.error.message, /context length/);
    assert.equal(first.json.error.type, 'invalid_request_error');
    assert.equal(first.json.error.code, 'context_length_exceeded');
    assert.equal(first.upstreamCalls, 1);

    const thrown = await client.responses.create(body as OpenAI.Responses.ResponseCreateParamsNonStreaming).catch((e: unknown) => e);
    assert.ok(thrown instanceof BadRequestError, String(thrown));
    assert.equal(thrown.status, 400);
    assert.equal(thrown.code, 'context_length_exceeded');
    assert.equal(responsesCalls(gw, 'fake-400'), 2, 'an error is never cached');
  });

  test('an upstream 429 comes back as a 429 with Retry-After, and is not cached', async () => {
    const body = { model: 'fake-429', input: uniq('rate limited') };
    const first = await sendResponses(gw, body);
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '1');
    assert.equal(first.json.error.type, 'rate_limit_error');
    assert.equal(typeof first.json.error.message, 'string');
    const thrown = await client.responses.create(body as OpenAI.Responses.ResponseCreateParamsNonStreaming).catch((e: unknown) => e);
    assert.ok(thrown instanceof RateLimitError, String(thrown));
    assert.equal(thrown.headers?.get('retry-after'), '1');
    assert.equal(responsesCalls(gw, 'fake-429'), 2);
  });
});
