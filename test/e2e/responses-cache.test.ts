// End-to-end tests of POST /v1/responses through the exact cache, with the official `openai` client
// and raw fetch: JSON miss then HIT, a streamed miss serving a JSON hit and the reverse (replayed as
// the API's whole event sequence), and function calls replayed with their call_id and arguments.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type OpenAI from 'openai';
import { uniq, type Json } from '../helpers/proxy-test-kit.js';
import {
  FN_TOOLS,
  assertFullSequence,
  outputTextOf,
  primeResponses,
  responsesCalls,
  responsesClient,
  sendResponses,
} from '../helpers/responses-test-kit.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

describe('Responses API through the cache', () => {
  let gw: TestGateway;
  let client: OpenAI;
  before(async () => {
    gw = await startTestGateway();
    client = responsesClient(gw);
  });
  after(() => gw.close());

  test('a JSON miss reaches the upstream; the repeat is a HIT with the same response', async () => {
    const input = uniq('What is a response cache?');
    const first = await client.responses.create({ model: 'gpt-4o', input }).withResponse();
    assert.equal(first.response.headers.get('x-synapse-cache-status'), 'MISS');
    assert.equal(first.data.output_text, `Echo: ${input}`);
    const calls = responsesCalls(gw);
    const second = await client.responses.create({ model: 'gpt-4o', input }).withResponse();
    assert.equal(second.response.headers.get('x-synapse-cache-status'), 'HIT');
    assert.equal(second.response.headers.get('x-cache-status'), 'HIT');
    assert.equal(second.response.headers.get('x-synapse-similarity'), '1.0000');
    assert.equal(responsesCalls(gw), calls, 'a HIT never reaches the upstream');
    assert.deepEqual(second.data, first.data, 'the stored response, as it was');

    const raw = await sendResponses(gw, { model: 'gpt-4o', input });
    assert.equal(raw.cache, 'HIT');
    assert.equal('synapse_metadata' in raw.json, false, 'the Responses wire carries no gateway fields');
    assert.equal(raw.json.id, first.data.id);
  });

  test('a streamed miss (responses.create stream) is served to a later JSON request as a HIT', async () => {
    const input = uniq('stream first');
    const { data: stream, response } = await client.responses.create({ model: 'gpt-4o', input, stream: true }).withResponse();
    assert.equal(response.headers.get('x-synapse-cache-status'), 'MISS');
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    assertFullSequence(events);
    const completed = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
    assert.equal(completed.response.output_text ?? outputTextOf(completed.response as unknown as Json), `Echo: ${input}`);

    const hit = await sendResponses(gw, { model: 'gpt-4o', input });
    assert.equal(hit.cache, 'HIT');
    assert.equal(hit.upstreamCalls, 0);
    assert.equal(hit.json.id, completed.response.id, 'the response the stream completed with');
    assert.equal(outputTextOf(hit.json), `Echo: ${input}`);
    assert.equal(hit.json.status, 'completed');
  });

  test('a JSON miss is replayed to a streaming client with the full event sequence', async () => {
    const input = uniq('json first, then streamed');
    const miss = await primeResponses(gw, { model: 'gpt-4o', input });

    const replay = await sendResponses(gw, { model: 'gpt-4o', input, stream: true });
    assert.equal(replay.status, 200);
    assert.equal(replay.cache, 'HIT');
    assert.equal(replay.upstreamCalls, 0);
    assertFullSequence(replay.events);
    const types = replay.events.map((e) => e.type);
    assert.ok(types.includes('response.content_part.added') && types.includes('response.output_text.done'), types.join(' '));
    const deltas = replay.events.filter((e) => e.type === 'response.output_text.delta');
    assert.ok(deltas.length >= 2, `${deltas.length} text deltas`);
    assert.equal(deltas.map((d) => d.delta).join(''), `Echo: ${input}`);
    assert.equal(replay.events[0]!.response.status, 'in_progress');
    assert.deepEqual(replay.events[0]!.response.output, []);
    assert.deepEqual(replay.events.at(-1)!.response, miss.json, 'response.completed carries the stored response whole');

    const calls = responsesCalls(gw);
    const final = await client.responses.stream({ model: 'gpt-4o', input }).finalResponse();
    assert.equal(responsesCalls(gw), calls);
    assert.equal(final.output_text, `Echo: ${input}`);
    assert.equal(final.id, miss.json.id);
  });

  test('a streamed miss is replayed to a later streaming client, which the stream helper reassembles', async () => {
    const input = uniq('streamed twice');
    const first = await sendResponses(gw, { model: 'gpt-4o', input, stream: true });
    assert.equal(first.cache, 'MISS');
    assert.equal(first.upstreamCalls, 1);
    assertFullSequence(first.events);

    const calls = responsesCalls(gw);
    const helper = client.responses.stream({ model: 'gpt-4o', input });
    const seen: string[] = [];
    helper.on('event', (event) => seen.push(event.type));
    const final = await helper.finalResponse();
    assert.equal(responsesCalls(gw), calls, 'the replay never calls the upstream');
    assert.equal(final.output_text, `Echo: ${input}`);
    assert.equal(seen[0], 'response.created');
    assert.equal(seen.at(-1), 'response.completed');

    const again = await sendResponses(gw, { model: 'gpt-4o', input, stream: true });
    assert.equal(again.cache, 'HIT');
    assertFullSequence(again.events);
    const originalTypes = first.events.map((e) => e.type).filter((t) => t !== 'response.output_text.delta');
    const replayTypes = again.events.map((e) => e.type).filter((t) => t !== 'response.output_text.delta');
    assert.deepEqual(replayTypes, originalTypes, 'the same events as the original stream (deltas may be cut differently)');
  });

  test('a function call is replayed as the same function_call item, as JSON and as a stream', async () => {
    const input = uniq('What is the weather in Paris?');
    const miss = await client.responses.create({ model: 'fake-tools', input, tools: FN_TOOLS }).withResponse();
    assert.equal(miss.response.headers.get('x-synapse-cache-status'), 'MISS');
    const call = miss.data.output.find((item) => item.type === 'function_call');
    assert.ok(call?.type === 'function_call', JSON.stringify(miss.data.output));
    assert.equal(call.name, 'get_weather');

    const calls = responsesCalls(gw);
    const json = await client.responses.create({ model: 'fake-tools', input, tools: FN_TOOLS });
    const jsonCall = json.output.find((item) => item.type === 'function_call');
    assert.deepEqual(jsonCall, call);

    const streamed = await client.responses.stream({ model: 'fake-tools', input, tools: FN_TOOLS }).finalResponse();
    const streamedCall = streamed.output.find((item) => item.type === 'function_call');
    assert.ok(streamedCall?.type === 'function_call');
    assert.equal(streamedCall.call_id, call.call_id);
    assert.equal(streamedCall.arguments, call.arguments);
    assert.equal(streamedCall.name, call.name);
    assert.equal(streamedCall.id, call.id);

    const raw = await sendResponses(gw, { model: 'fake-tools', input, tools: FN_TOOLS, stream: true });
    assert.equal(raw.cache, 'HIT');
    assertFullSequence(raw.events);
    const argDeltas = raw.events.filter((e) => e.type === 'response.function_call_arguments.delta');
    assert.equal(argDeltas.map((d) => d.delta).join(''), call.arguments);
    const done = raw.events.find((e) => e.type === 'response.function_call_arguments.done');
    assert.equal(done?.arguments, call.arguments);
    const added = raw.events.find((e) => e.type === 'response.output_item.added');
    assert.equal(added?.item.call_id, call.call_id);
    assert.equal(added?.item.arguments, '');
    assert.equal(responsesCalls(gw), calls, 'every replay came from the cache');
  });

  test('a streamed function call serves a later JSON request with the same call', async () => {
    const input = uniq('Weather in Lyon, streamed?');
    const streamed = await client.responses.stream({ model: 'fake-tools', input, tools: FN_TOOLS }).finalResponse();
    const call = streamed.output.find((item) => item.type === 'function_call');
    assert.ok(call?.type === 'function_call');
    const hit = await sendResponses(gw, { model: 'fake-tools', input, tools: FN_TOOLS });
    assert.equal(hit.cache, 'HIT');
    const hitCall = (hit.json.output as Json[]).find((item) => item.type === 'function_call');
    assert.equal(hitCall?.call_id, call.call_id);
    assert.equal(hitCall?.arguments, call.arguments);
  });
});
