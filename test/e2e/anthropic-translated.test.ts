// End-to-end tests of the Messages API without an Anthropic upstream: SYNAPSE_MODEL_MAP sends
// Claude model names to OpenAI-compatible models, requests are translated to chat completions and
// answers back (JSON, streams, a tool_use round trip), cached like native ones, with a local
// count_tokens estimate, a 400 for what cannot be translated, and the upstream model in the key.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeUpstream } from '../fake-upstream/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import {
  anthropicFor,
  ask,
  CLAUDE,
  sendMessages,
  sseEvents,
  startTranslatedGateway,
  uniq,
  upstreamCallsOn,
  WEATHER_TOOL,
  type Json,
} from '../helpers/anthropic-test-kit.js';

const CHAT = '/v1/chat/completions';
const TOOLS_CLAUDE = 'claude-tools-test';
const MODEL_MAP = `${TOOLS_CLAUDE}=fake-tools,claude-*=gpt-4o-mini`;
const onChat = { upstreamPath: CHAT };
type CreateParams = Anthropic.MessageCreateParamsNonStreaming;

describe('Messages API translated to an OpenAI-compatible upstream', () => {
  let gw: TestGateway;
  let client: Anthropic;
  before(async () => {
    gw = await startTranslatedGateway(MODEL_MAP);
    client = anthropicFor(gw);
  });
  after(() => gw.close());

  test('a JSON answer: the chat call carries the mapped model and a translated body; the repeat is a HIT', async () => {
    const body = ask(uniq('Translate me'), { system: 'You are terse.', metadata: { user_id: 'u-1' }, stop_sequences: ['END'] });
    const { data: message, response } = await client.messages.create(body as CreateParams).withResponse();
    assert.equal(response.headers.get('x-synapse-cache-status'), 'MISS');
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
    assert.equal(message.model, CLAUDE, 'the client sees the model it asked for');
    assert.match(message.id, /^msg_/);
    assert.deepEqual(message.content, [{ type: 'text', text: `Echo: ${body.messages[0].content}` }]);
    assert.equal(message.stop_reason, 'end_turn');
    assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);

    const call = upstreamCallsOn(gw, CHAT).at(-1)!;
    assert.equal(call.model, 'gpt-4o-mini');
    assert.deepEqual(call.body, {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: body.messages[0].content },
      ],
      max_tokens: 256,
      stop: ['END'],
    });
    assert.equal(gw.upstream.callCountFor('/v1/messages'), 0);

    const hit = await sendMessages(gw, body, onChat);
    assert.equal(hit.cache, 'HIT');
    assert.equal(hit.upstreamCalls, 0);
    assert.deepEqual(hit.json, JSON.parse(JSON.stringify(message)));
  });

  test('a streamed answer in Anthropic events; the SDK rebuilds it; it is stored for JSON and stream repeats', async () => {
    const body = ask(uniq('Stream me'), { system: [{ type: 'text', text: 'Be brief.' }] });
    const streamed = await client.messages.stream(body as CreateParams).withResponse();
    assert.equal(streamed.response.headers.get('x-synapse-cache-status'), 'MISS');
    const final = await streamed.data.finalMessage();
    assert.deepEqual(final.content, [{ type: 'text', text: `Echo: ${body.messages[0].content}` }]);
    assert.equal(final.stop_reason, 'end_turn');
    assert.equal(final.model, CLAUDE);
    assert.ok(final.usage.output_tokens > 0);
    const call = upstreamCallsOn(gw, CHAT).at(-1)!;
    assert.equal(call.stream, true);
    assert.equal((call.body as Json).model, 'gpt-4o-mini');
    assert.deepEqual((call.body as Json).messages[0], { role: 'system', content: 'Be brief.' });
    assert.deepEqual((call.body as Json).stream_options, { include_usage: true });

    const raw = await sendMessages(gw, { ...body, stream: true }, onChat);
    assert.equal(raw.cache, 'HIT');
    assert.equal(raw.upstreamCalls, 0);
    const names = sseEvents(raw.text).map((e) => e.event);
    assert.equal(names[0], 'message_start');
    assert.deepEqual(names.slice(-2), ['message_delta', 'message_stop']);
    const json = await sendMessages(gw, body, onChat);
    assert.equal(json.cache, 'HIT');
    assert.deepEqual(json.json.content, final.content);

    const fresh = ask(uniq('Live stream events'), { stream: true });
    const live = await sendMessages(gw, fresh, onChat);
    assert.equal(live.upstreamCalls, 1);
    const events = sseEvents(live.text);
    for (const { event, data } of events) assert.equal(event, data.type);
    assert.deepEqual(
      events.map((e) => e.event).filter((n) => n !== 'ping' && n !== 'content_block_delta'),
      ['message_start', 'content_block_start', 'content_block_stop', 'message_delta', 'message_stop'],
    );
  });

  test('a tool_use round trip: the mapped model calls the tool, and the tool_result goes back', async () => {
    const question = uniq('What is the weather in Paris?');
    const first = { model: TOOLS_CLAUDE, max_tokens: 300, tools: [WEATHER_TOOL], messages: [{ role: 'user', content: question }] };
    const message = await client.messages.create(first as CreateParams);
    assert.equal(message.stop_reason, 'tool_use');
    const toolUse = message.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    assert.ok(toolUse, JSON.stringify(message.content));
    assert.equal(toolUse.name, 'get_weather');
    assert.deepEqual(toolUse.input, { city: 'Paris' });
    assert.ok(toolUse.id.length > 0);
    const call = upstreamCallsOn(gw, CHAT).at(-1)!;
    assert.equal(call.model, 'fake-tools');
    assert.deepEqual((call.body as Json).tools, [
      { type: 'function', function: { name: 'get_weather', description: WEATHER_TOOL.description, parameters: WEATHER_TOOL.input_schema } },
    ]);

    const streamedToolUse = await client.messages.stream(first as CreateParams).finalMessage();
    assert.deepEqual(streamedToolUse.content, message.content, 'a cached tool_use replays as the same stream');
    const live = await client.messages.stream({ ...first, messages: [{ role: 'user', content: uniq('Weather, live?') }] } as CreateParams).finalMessage();
    assert.equal(live.stop_reason, 'tool_use');
    assert.deepEqual(live.content.map((b) => (b.type === 'tool_use' ? { name: b.name, input: b.input } : b.type)), [
      { name: 'get_weather', input: { city: 'Paris' } },
    ]);

    const second = {
      ...first,
      messages: [
        ...first.messages,
        { role: 'assistant', content: message.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '18 degrees' }] },
      ],
    };
    const answer = await client.messages.create(second as CreateParams);
    assert.equal(answer.stop_reason, 'end_turn');
    assert.deepEqual(answer.content, [{ type: 'text', text: `Echo: ${question}` }]);
    const followUp = (upstreamCallsOn(gw, CHAT).at(-1)!.body as Json).messages as Json[];
    assert.deepEqual(followUp.map((m) => m.role), ['user', 'assistant', 'tool']);
    assert.equal(followUp[1]!.tool_calls[0].id, toolUse.id);
    assert.deepEqual(JSON.parse(followUp[1]!.tool_calls[0].function.arguments as string), { city: 'Paris' });
    assert.deepEqual({ id: followUp[2]!.tool_call_id, content: followUp[2]!.content }, { id: toolUse.id, content: '18 degrees' });
  });

  test('count_tokens answers a local estimate without calling the upstream', async () => {
    const calls = gw.upstream.calls.length;
    const counted = await client.messages.countTokens({ model: CLAUDE, system: 'Count me.', messages: [{ role: 'user', content: 'How many tokens?' }] });
    assert.ok(Number.isInteger(counted.input_tokens) && counted.input_tokens > 0, JSON.stringify(counted));
    const withTools = await client.messages.countTokens({
      model: CLAUDE,
      messages: [{ role: 'user', content: 'How many tokens?' }],
      tools: [WEATHER_TOOL as Anthropic.Tool],
    });
    assert.ok(withTools.input_tokens > counted.input_tokens, 'tools cost tokens');
    assert.equal(gw.upstream.calls.length, calls);
  });

  test('a server tool cannot be translated: 400 invalid_request_error naming it, no upstream call', async () => {
    const body = ask(uniq('search the web'), { tools: [{ type: 'web_search_20250305', name: 'web_search' }] });
    const result = await sendMessages(gw, body, onChat);
    assert.equal(result.status, 400, result.text);
    assert.equal(result.json.type, 'error');
    assert.equal(result.json.error.type, 'invalid_request_error');
    assert.match(result.json.error.message, /web_search/);
    assert.equal(result.upstreamCalls, 0);
    await assert.rejects(client.messages.create(body as CreateParams), Anthropic.BadRequestError);
  });
});

describe('Messages API translated: upstream failures in Anthropic\'s shape', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({
      env: { SYNAPSE_MODEL_MAP: 'claude-limited=fake-429,claude-refused=fake-400,claude-broken=fake-error-midstream', SYNAPSE_UPSTREAM_MAX_RETRIES: '0' },
    });
  });
  after(() => gw.close());

  test('an OpenAI 429 or 400 becomes Anthropic\'s rate_limit_error or invalid_request_error', async () => {
    const limited = await sendMessages(gw, ask(uniq('limited'), { model: 'claude-limited' }), onChat);
    assert.equal(limited.status, 429, limited.text);
    assert.equal(limited.json.error.type, 'rate_limit_error');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    const refused = await sendMessages(gw, ask(uniq('refused'), { model: 'claude-refused' }), onChat);
    assert.equal(refused.status, 400, refused.text);
    assert.deepEqual(Object.keys(refused.json).sort(), ['error', 'request_id', 'type']);
    assert.equal(refused.json.error.type, 'invalid_request_error');
    assert.match(refused.json.error.message, /maximum context length/);
  });

  test('a chat stream that breaks off ends the Messages stream with an error event and is not cached', async () => {
    const body = ask(uniq('break the translated stream'), { model: 'claude-broken', stream: true });
    const first = await sendMessages(gw, body, onChat);
    assert.equal(first.status, 200);
    const events = sseEvents(first.text);
    assert.equal(events[0]!.event, 'message_start');
    assert.equal(events.at(-1)!.event, 'error');
    assert.equal(events.at(-1)!.data.type, 'error');
    assert.equal(events.filter((e) => e.event === 'message_stop').length, 0);
    const second = await sendMessages(gw, body, onChat);
    assert.equal(second.cache, 'MISS');
    assert.equal(second.upstreamCalls, 1);
  });
});

describe('Messages API translated: the upstream model is part of the cache key', () => {
  const upstreamReady = startFakeUpstream();
  const dataDir = mkdtempSync(join(tmpdir(), 'synapse-anthropic-map-'));
  after(async () => {
    await (await upstreamReady).close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('restarting with another map target is a MISS answered by the new model; the old target still hits', async () => {
    const upstream = await upstreamReady;
    const body = ask(uniq('Which model answers?'));
    const askWith = async (map: string): Promise<{ cache: string | null; model: string | undefined }> => {
      const gw = await startTranslatedGateway(map, { upstream, dataDir });
      try {
        const before = upstream.callCountFor(CHAT);
        const result = await sendMessages(gw, body, onChat);
        assert.equal(result.status, 200, result.text);
        assert.equal(result.json.model, CLAUDE);
        const called = upstream.callCountFor(CHAT) > before;
        return { cache: result.cache, model: called ? upstream.calls.at(-1)!.model : undefined };
      } finally {
        await gw.close();
      }
    };
    assert.deepEqual(await askWith('claude-*=gpt-4o-mini'), { cache: 'MISS', model: 'gpt-4o-mini' });
    assert.deepEqual(await askWith('claude-*=gpt-4o-mini'), { cache: 'HIT', model: undefined }, 'the entry outlives a restart');
    assert.deepEqual(await askWith('claude-*=gpt-4o'), { cache: 'MISS', model: 'gpt-4o' });
    assert.deepEqual(await askWith('claude-*=gpt-4o-mini'), { cache: 'HIT', model: undefined });
  });
});
