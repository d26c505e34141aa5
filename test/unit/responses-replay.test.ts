// A stored response replayed as Responses API events must be the same response for every kind of
// client: the gateway's own relay, the openai SDK's delta accumulator, a client reading only
// finished items (as Codex does), and the official openai client over HTTP.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { Response as SdkResponse, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { replayResponseEvents } from '../../src/protocols/responses/response-replay.js';
import { ResponsesStreamRelay } from '../../src/protocols/responses/responses-stream-relay.js';
import type { ResponseObject } from '../../src/protocols/responses/responses-types.js';
import type { SseEvent } from '../../src/protocols/stream-relay.js';

const ANSWER =
  'A semantic cache stores answers to earlier prompts and serves them again when a new prompt means ' +
  'the same thing,\nso that  repeated questions cost no tokens — and come back in milliseconds 🚀.';

function storedResponse(): ResponseObject {
  return {
    id: 'resp_replay',
    object: 'response',
    created_at: 1_700_000_000,
    completed_at: 1_700_000_004,
    status: 'completed',
    model: 'gpt-5-2025-08-07',
    instructions: 'Be helpful.',
    output: [
      {
        type: 'reasoning',
        id: 'rs_1',
        summary: [
          { type: 'summary_text', text: '**Planning the answer** I should explain caching briefly.' },
          { type: 'summary_text', text: 'Then call the tool.' },
        ],
        encrypted_content: 'gAAAAB-opaque',
      },
      {
        type: 'message',
        id: 'msg_1',
        role: 'assistant',
        status: 'completed',
        content: [
          {
            type: 'output_text',
            text: ANSWER,
            annotations: [{ type: 'url_citation', start_index: 0, end_index: 16, url: 'https://example.com', title: 'Ex' }],
            logprobs: [],
          },
        ],
      },
      {
        type: 'function_call',
        id: 'fc_1',
        call_id: 'call_weather',
        name: 'get_weather',
        arguments: '{"city":"Zürich","unit":"celsius","note":"☀️ or 🌧"}',
        status: 'completed',
      },
      {
        type: 'custom_tool_call',
        id: 'ctc_1',
        call_id: 'call_patch',
        name: 'apply_patch',
        input: '*** Begin Patch\n*** Add File: a.txt\n+hello\n*** End Patch',
      },
      { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'semantic cache' } },
    ],
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    usage: {
      input_tokens: 40,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 90,
      output_tokens_details: { reasoning_tokens: 30 },
      total_tokens: 130,
    },
    error: null,
    incomplete_details: null,
    metadata: {},
  };
}

function refusalResponse(): ResponseObject {
  return {
    ...storedResponse(),
    id: 'resp_refusal',
    output: [{ type: 'message', id: 'msg_r', role: 'assistant', status: 'completed', content: [{ type: 'refusal', refusal: 'I cannot help with that request.' }] }],
  };
}

const dataOf = (event: SseEvent): Record<string, unknown> => event.data as Record<string, unknown>;

function toWire(event: SseEvent): string {
  const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  return `${event.event ? `event: ${event.event}\n` : ''}data: ${data}\n\n`;
}

/** The response without what the SDK adds to it (output_text, output_parsed, parsed, parsed_arguments). */
function withoutSdkAdditions(response: unknown): unknown {
  const added = new Set(['output_text', 'output_parsed', 'parsed', 'parsed_arguments']);
  return JSON.parse(JSON.stringify(response, (field, value: unknown) => (added.has(field) ? undefined : value)));
}

/** Normalizes statuses, which the in-progress forms of items legitimately differ in. */
function withStatusesOf(output: unknown[], reference: ResponseObject['output']): unknown[] {
  return output.map((item, i) => {
    const status = (reference[i] as { status?: unknown }).status;
    return status === undefined ? item : { ...(item as object), status };
  });
}

describe('replayResponseEvents', () => {
  test('emits the API sequence: lifecycle, then each item opened, filled and closed, then completed', () => {
    const events = replayResponseEvents(storedResponse());
    events.forEach((event, i) => {
      assert.equal(dataOf(event).type, event.event);
      assert.equal(dataOf(event).sequence_number, i);
    });
    const names = events.map((e) => e.event);
    assert.deepEqual(names.slice(0, 2), ['response.created', 'response.in_progress']);
    assert.equal(names.at(-1), 'response.completed');
    const created = dataOf(events[0]!).response as ResponseObject;
    assert.equal(created.status, 'in_progress');
    assert.deepEqual(created.output, []);
    assert.equal(created.usage, null);
    assert.equal(created.completed_at, null);
    assert.equal(names.filter((n) => n === 'response.output_item.added').length, 5);
    assert.equal(names.filter((n) => n === 'response.output_item.done').length, 5);
    assert.ok(names.filter((n) => n === 'response.output_text.delta').length >= 4, 'text comes in several pieces');
    assert.ok(names.filter((n) => n === 'response.function_call_arguments.delta').length >= 2);
    assert.ok(names.includes('response.reasoning_summary_part.added'));
    assert.ok(names.includes('response.custom_tool_call_input.done'));
    for (const event of events.filter((e) => e.event === 'response.output_text.delta')) {
      assert.deepEqual(Object.keys(dataOf(event)).sort(), ['content_index', 'delta', 'item_id', 'logprobs', 'output_index', 'sequence_number', 'type']);
      assert.deepEqual(dataOf(event).logprobs, []);
    }
    const added = events.filter((e) => e.event === 'response.output_item.added').map((e) => dataOf(e).item as Record<string, unknown>);
    assert.deepEqual(added[1], { type: 'message', id: 'msg_1', role: 'assistant', status: 'in_progress', content: [] });
    assert.equal(added[2]!.arguments, '');
    assert.equal(added[2]!.status, 'in_progress');
  });

  test('fed through the ResponsesStreamRelay, gives back the same response', () => {
    for (const original of [storedResponse(), refusalResponse()]) {
      const relay = new ResponsesStreamRelay();
      for (const event of replayResponseEvents(original)) {
        relay.accept({ ...(event.event ? { event: event.event } : {}), data: JSON.stringify(event.data) });
      }
      relay.finish();
      assert.deepEqual(relay.answer(), original);
    }
  });

  test('the openai SDK accumulator rebuilds every item from the deltas alone', () => {
    for (const original of [storedResponse(), refusalResponse()]) {
      const events = replayResponseEvents(original).map((e) => structuredClone(e.data) as ResponseStreamEvent);
      // Without the `.done` events and the terminal response, only deltas can fill the items in.
      const fromDeltas = events.filter((e) => !e.type.endsWith('.done') && e.type !== 'response.completed');
      let snapshot: SdkResponse | undefined;
      for (const event of fromDeltas) snapshot = accumulateResponse(event, snapshot);
      assert.deepEqual(withStatusesOf(snapshot!.output, original.output), original.output);
      let full: SdkResponse | undefined;
      for (const event of events) full = accumulateResponse(event, full);
      assert.deepEqual(full!.output, original.output);
    }
  });

  test('a client that reads only finished items (as Codex does) gets every item whole', () => {
    const original = storedResponse();
    const events = replayResponseEvents(original);
    const done = events.filter((e) => e.event === 'response.output_item.done').map((e) => dataOf(e).item);
    assert.deepEqual(done, original.output);
    assert.deepEqual(dataOf(events.at(-1)!).response, original);
  });

  test('an incomplete response ends with response.incomplete', () => {
    const incomplete: ResponseObject = { ...storedResponse(), status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
    const events = replayResponseEvents(incomplete);
    assert.equal(events.at(-1)!.event, 'response.incomplete');
    assert.equal((dataOf(events[0]!).response as ResponseObject).incomplete_details, null);
  });
});

describe('the official openai client reading a replayed stream over HTTP', () => {
  let server: Server;
  let client: OpenAI;
  let served: SseEvent[] = [];
  const requests: Array<Record<string, unknown>> = [];

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push(JSON.parse(body) as Record<string, unknown>);
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const event of served) res.write(toWire(event));
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new OpenAI({ apiKey: 'test-key', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('responses.stream(): text deltas, function call and final response match', async () => {
    const original = storedResponse();
    served = replayResponseEvents(original);
    const stream = client.responses.stream({ model: 'gpt-5', input: 'What is a semantic cache?' });
    let text = '';
    const argumentSnapshots: string[] = [];
    stream.on('response.output_text.delta', (event) => (text += event.delta));
    stream.on('response.function_call_arguments.delta', (event) => argumentSnapshots.push(event.snapshot));
    const final = await stream.finalResponse();
    assert.equal(requests.at(-1)!.stream, true);
    assert.equal(text, ANSWER);
    assert.equal(final.output_text, ANSWER);
    const call = final.output.find((item) => item.type === 'function_call');
    assert.deepEqual(withoutSdkAdditions(call), original.output[2]);
    assert.equal(argumentSnapshots.at(-1), (original.output[2] as { arguments: string }).arguments);
    assert.deepEqual(withoutSdkAdditions(final), original);
  });

  test('responses.create({stream: true}): every event arrives in order', async () => {
    served = replayResponseEvents(storedResponse());
    const stream = await client.responses.create({ model: 'gpt-5', input: 'hi', stream: true });
    const seen: ResponseStreamEvent[] = [];
    for await (const event of stream) seen.push(event);
    assert.deepEqual(seen.map((e) => e.sequence_number), served.map((_, i) => i));
    const completed = seen.at(-1)!;
    assert.equal(completed.type, 'response.completed');
    assert.equal(completed.type === 'response.completed' && completed.response.usage?.total_tokens, 130);
  });

  test('a refusal streams as refusal events the client accepts', async () => {
    const original = refusalResponse();
    served = replayResponseEvents(original);
    const stream = client.responses.stream({ model: 'gpt-5', input: 'hi' });
    let refusal = '';
    stream.on('response.refusal.delta', (event) => (refusal += event.delta));
    const final = await stream.finalResponse();
    assert.equal(refusal, 'I cannot help with that request.');
    assert.deepEqual(withoutSdkAdditions(final.output), original.output);
  });

  test("the relay's error event reaches the client as the API's own error event", async () => {
    const relay = new ResponsesStreamRelay();
    const replayed = replayResponseEvents(storedResponse()).slice(0, 5);
    for (const event of replayed) relay.accept({ event: event.event!, data: JSON.stringify(event.data) });
    served = [...replayed, relay.errorEvent({ message: 'upstream request failed: stream interrupted', type: 'proxy_error', code: 'upstream_failed' })];
    const stream = await client.responses.create({ model: 'gpt-5', input: 'hi', stream: true });
    const seen: ResponseStreamEvent[] = [];
    for await (const event of stream) seen.push(event);
    const last = seen.at(-1)!;
    assert.equal(last.type, 'error');
    assert.equal(last.type === 'error' && last.message, 'upstream request failed: stream interrupted');
    assert.equal(last.type === 'error' && last.code, 'upstream_failed');
    assert.equal(last.sequence_number, 5);
  });
});
