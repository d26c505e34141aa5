// End-to-end tests of the Messages API cache in front of an Anthropic upstream: MISS then HIT as
// JSON and as Anthropic's event stream (through the official client and raw fetch), and what the
// cache key keeps (everything that changes the answer) and drops (session identity, `stream`).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Anthropic from '@anthropic-ai/sdk';
import type { TestGateway } from '../helpers/test-gateway.js';
import {
  anthropicFor,
  ask,
  cacheOutcome,
  CLAUDE,
  sendMessages,
  sseEvents,
  startNativeGateway,
  uniq,
  upstreamCallsOn,
  WEATHER_TOOL,
  type Json,
} from '../helpers/anthropic-test-kit.js';

describe('Messages API cache, native Anthropic upstream', () => {
  let gw: TestGateway;
  let client: Anthropic;
  before(async () => {
    gw = await startNativeGateway();
    client = anthropicFor(gw);
  });
  after(() => gw.close());

  test('a JSON miss reaches the upstream; the repeat is a HIT with the very same message', async () => {
    const body = ask(uniq('What is a semantic cache?'));
    const miss = await sendMessages(gw, body);
    assert.equal(miss.status, 200, miss.text);
    assert.equal(miss.cache, 'MISS');
    assert.equal(miss.headers.get('x-cache-status'), 'MISS');
    assert.equal(miss.headers.get('x-synapse-similarity'), null);
    assert.equal(miss.upstreamCalls, 1);
    assert.equal(miss.json.type, 'message');
    assert.deepEqual(miss.json.content, [{ type: 'text', text: `Echo: ${body.messages[0].content}` }]);
    assert.equal('synapse_metadata' in miss.json, false, 'the Messages body carries no gateway fields');

    const hit = await sendMessages(gw, body);
    assert.equal(hit.cache, 'HIT');
    assert.equal(hit.headers.get('x-cache-status'), 'HIT');
    assert.equal(hit.headers.get('x-synapse-similarity'), '1.0000');
    assert.equal(hit.upstreamCalls, 0, 'a HIT never reaches the upstream');
    assert.deepEqual(hit.json, miss.json);
  });

  test('a stream after a JSON miss is a HIT replayed in Anthropic event order, rebuilt exactly by the SDK', async () => {
    const body = ask(uniq('Explain caching in a few words, please'));
    const { data: message, response } = await client.messages.create(body as Anthropic.MessageCreateParamsNonStreaming).withResponse();
    assert.equal(response.headers.get('x-synapse-cache-status'), 'MISS');
    const calls = gw.upstream.callCountFor('/v1/messages');

    const raw = await sendMessages(gw, { ...body, stream: true });
    assert.equal(raw.cache, 'HIT');
    assert.match(raw.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = sseEvents(raw.text);
    for (const { event, data } of events) assert.equal(event, data.type, 'each event is named after its type');
    const names = events.map((e) => e.event);
    const deltas = names.filter((n) => n === 'content_block_delta').length;
    assert.ok(deltas >= 2, `the text arrives in pieces, got ${deltas}`);
    assert.deepEqual(names, [
      'message_start',
      'content_block_start',
      'ping',
      ...Array<string>(deltas).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const start = events[0]!.data.message as Json;
    assert.deepEqual(start.content, []);
    assert.equal(start.stop_reason, null);
    assert.equal(start.id, message.id);
    const text = events.filter((e) => e.event === 'content_block_delta').map((e) => e.data.delta.text as string).join('');
    assert.equal(text, (message.content[0] as Anthropic.TextBlock).text);
    assert.equal(events.at(-2)!.data.delta.stop_reason, 'end_turn');

    const stream = client.messages.stream(body as Anthropic.MessageCreateParamsNonStreaming);
    const final = await stream.finalMessage();
    assert.deepEqual(final.content, message.content);
    assert.equal(final.stop_reason, message.stop_reason);
    assert.equal(final.stop_sequence, message.stop_sequence);
    assert.deepEqual(final.usage, message.usage);
    assert.equal(final.id, message.id);
    assert.equal(gw.upstream.callCountFor('/v1/messages'), calls, 'replays never reach the upstream');
  });

  test('a streamed miss is relayed live, stored, and served to a later JSON request', async () => {
    const body = ask(uniq('Tell me about streams'));
    const streamed = await client.messages.stream(body as Anthropic.MessageCreateParamsNonStreaming).withResponse();
    assert.equal(streamed.response.headers.get('x-synapse-cache-status'), 'MISS');
    const final = await streamed.data.finalMessage();
    assert.deepEqual(final.content, [{ type: 'text', text: `Echo: ${body.messages[0].content}` }]);
    assert.equal(upstreamCallsOn(gw).at(-1)!.stream, true, 'a streamed miss streams from the upstream');
    const calls = gw.upstream.callCountFor('/v1/messages');

    const hit = await sendMessages(gw, body);
    assert.equal(hit.cache, 'HIT');
    assert.deepEqual(hit.json.content, final.content);
    assert.equal(hit.json.stop_reason, final.stop_reason);
    assert.deepEqual(hit.json.usage, final.usage);
    const viaSdk = await client.messages.create(body as Anthropic.MessageCreateParamsNonStreaming);
    assert.deepEqual(viaSdk.content, final.content);
    assert.equal(gw.upstream.callCountFor('/v1/messages'), calls);
  });

  test('thinking and tool_use answers survive the cache: JSON first then stream, and stream first then JSON', async () => {
    const agentic = (content: string): Anthropic.MessageCreateParamsNonStreaming => ({
      model: 'fake-tools',
      max_tokens: 3000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [WEATHER_TOOL as Anthropic.Tool],
      messages: [{ role: 'user', content }],
    });
    const calls = gw.upstream.callCountFor('/v1/messages');
    const jsonFirst = agentic(uniq('weather, JSON first?'));
    const message = await client.messages.create(jsonFirst);
    assert.deepEqual(message.content.map((b) => b.type), ['thinking', 'tool_use']);
    assert.equal(message.stop_reason, 'tool_use');
    const replayed = await client.messages.stream(jsonFirst).finalMessage();
    assert.deepEqual(replayed.content, message.content, 'thinking text, signature, tool id and input replay exactly');
    assert.equal(replayed.stop_reason, 'tool_use');

    const streamFirst = agentic(uniq('weather, stream first?'));
    const streamed = await client.messages.stream(streamFirst).finalMessage();
    const stored = await client.messages.create(streamFirst);
    assert.deepEqual(stored.content, streamed.content);
    assert.deepEqual((stored.content[1] as Anthropic.ToolUseBlock).input, { city: 'Paris' });
    assert.equal(gw.upstream.callCountFor('/v1/messages'), calls + 2);
  });

  test('session identity and delivery are not in the key: metadata.user_id, stream, field order', async () => {
    const base = ask(uniq('identity question'), { metadata: { user_id: 'user-a' } });
    assert.deepEqual(await cacheOutcome(gw, base), { cache: 'MISS', upstreamCalls: 1 });
    const { metadata: _dropped, ...withoutMetadata } = base;
    const same: Record<string, Json> = {
      'another metadata.user_id': { ...base, metadata: { user_id: 'user-b' } },
      'no metadata': withoutMetadata,
      'stream: false': { ...base, stream: false },
      'stream: true': { ...base, stream: true },
      'fields in another order': Object.fromEntries(Object.entries(base).reverse()),
    };
    for (const [name, variant] of Object.entries(same)) {
      assert.deepEqual(await cacheOutcome(gw, variant), { cache: 'HIT', upstreamCalls: 0 }, name);
    }
  });

  test('everything that changes the answer is in the key', async () => {
    const question = uniq('key question');
    const base: Json = {
      model: CLAUDE,
      max_tokens: 2000,
      system: 'You are terse.',
      messages: [
        { role: 'user', content: 'earlier question' },
        { role: 'assistant', content: 'earlier answer' },
        { role: 'user', content: question },
      ],
      temperature: 0.5,
      stop_sequences: ['END'],
    };
    assert.deepEqual(await cacheOutcome(gw, base), { cache: 'MISS', upstreamCalls: 1 });
    assert.deepEqual(await cacheOutcome(gw, base), { cache: 'HIT', upstreamCalls: 0 });
    const messagesWith = (index: number, content: unknown): Json[] =>
      base.messages.map((m: Json, i: number) => (i === index ? { ...m, content } : m));
    // In order: the tool_choice variant differs from the (by then cached) tools variant only by it.
    const variants: Record<string, Json> = {
      model: { ...base, model: 'claude-haiku-4-5' },
      'system as blocks': { ...base, system: [{ type: 'text', text: 'You are terse.' }] },
      'system text': { ...base, system: 'You are verbose.' },
      tools: { ...base, tools: [WEATHER_TOOL] },
      tool_choice: { ...base, tools: [WEATHER_TOOL], tool_choice: { type: 'any' } },
      thinking: { ...base, thinking: { type: 'enabled', budget_tokens: 1024 } },
      temperature: { ...base, temperature: 0.6 },
      max_tokens: { ...base, max_tokens: 2001 },
      stop_sequences: { ...base, stop_sequences: ['STOP'] },
      'an earlier turn': { ...base, messages: messagesWith(1, 'a different earlier answer') },
    };
    for (const [name, variant] of Object.entries(variants)) {
      assert.deepEqual(await cacheOutcome(gw, variant), { cache: 'MISS', upstreamCalls: 1 }, `a different ${name} must miss`);
    }
  });

  test('the anthropic-beta flags are in the key, in any order; ?beta=true and the anthropic-version are not', async () => {
    const body = ask(uniq('beta flags question'));
    const betas = (value: string) => ({ headers: { 'anthropic-beta': value } });
    assert.deepEqual(await cacheOutcome(gw, body), { cache: 'MISS', upstreamCalls: 1 });
    assert.deepEqual(await cacheOutcome(gw, body, betas('interleaved-thinking-2025-05-14,context-1m-2025-08-07')), { cache: 'MISS', upstreamCalls: 1 });
    assert.deepEqual(await cacheOutcome(gw, body, betas('context-1m-2025-08-07, interleaved-thinking-2025-05-14')), { cache: 'HIT', upstreamCalls: 0 });
    assert.deepEqual(await cacheOutcome(gw, body, betas('context-1m-2025-08-07')), { cache: 'MISS', upstreamCalls: 1 });
    assert.deepEqual(await cacheOutcome(gw, body, { path: '/v1/messages?beta=true' }), { cache: 'HIT', upstreamCalls: 0 });
    assert.deepEqual(await cacheOutcome(gw, body, { headers: { 'anthropic-version': '2026-10-21' } }), { cache: 'HIT', upstreamCalls: 0 });
  });

  test('a different tool_result is a miss; the same tool loop is a hit', async () => {
    const toolLoop = (result: string): Json => ({
      model: CLAUDE,
      max_tokens: 300,
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: result }] },
      ],
    });
    const result = uniq('18 degrees');
    assert.deepEqual(await cacheOutcome(gw, toolLoop(result)), { cache: 'MISS', upstreamCalls: 1 });
    assert.deepEqual(await cacheOutcome(gw, toolLoop(result)), { cache: 'HIT', upstreamCalls: 0 });
    assert.deepEqual(await cacheOutcome(gw, toolLoop(uniq('25 degrees'))), { cache: 'MISS', upstreamCalls: 1 });
  });
});
