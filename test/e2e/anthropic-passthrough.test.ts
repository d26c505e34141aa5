// End-to-end tests that the gateway relays Messages requests to an Anthropic upstream untouched:
// every field (known, newer or unknown) byte-for-byte in meaning, the `?beta=true` query string,
// the anthropic-version and anthropic-beta headers, and the /v1/v1 base URL Claude Code may use.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Anthropic from '@anthropic-ai/sdk';
import type { TestGateway } from '../helpers/test-gateway.js';
import {
  anthropicFor,
  ask,
  CLAUDE,
  sendMessages,
  startNativeGateway,
  uniq,
  upstreamCallsOn,
  WEATHER_TOOL,
  type Json,
} from '../helpers/anthropic-test-kit.js';

/** A request using much of the API at once, plus fields this gateway cannot know. */
function everythingRequest(question: string): Json {
  return {
    model: CLAUDE,
    max_tokens: 4096,
    system: [{ type: 'text', text: 'You are a careful agent.', cache_control: { type: 'ephemeral' } }],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture, and the weather?', cache_control: { type: 'ephemeral', ttl: '1h' } },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'I should call the weather tool.', signature: 'c2lnbmF0dXJl' },
          { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01A', content: [{ type: 'text', text: '18 degrees' }], is_error: false },
          { type: 'text', text: question },
        ],
      },
    ],
    tools: [{ ...WEATHER_TOOL, cache_control: { type: 'ephemeral' } }],
    tool_choice: { type: 'auto', disable_parallel_tool_use: true },
    thinking: { type: 'enabled', budget_tokens: 2048 },
    context_management: { edits: [{ type: 'clear_tool_uses_20250919', keep: { type: 'tool_uses', value: 3 } }] },
    output_config: { effort: 'medium' },
    metadata: { user_id: 'user-1234' },
    temperature: 1,
    top_k: 40,
    service_tier: 'auto',
    a_field_from_the_future: { nested: [1, 'two', { three: null }] },
  };
}

describe('Messages API pass-through to an Anthropic upstream', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startNativeGateway();
  });
  after(() => gw.close());

  test('the upstream receives exactly the body the client sent, JSON and streamed', async () => {
    const body = everythingRequest(uniq('And tomorrow?'));
    const json = await sendMessages(gw, body);
    assert.equal(json.status, 200, json.text);
    assert.equal(json.upstreamCalls, 1);
    assert.deepEqual(upstreamCallsOn(gw).at(-1)!.body, body);
    assert.equal(json.json.content[0].type, 'thinking', 'the upstream saw thinking enabled');

    const streamed = { ...everythingRequest(uniq('And the day after?')), stream: true };
    const sse = await sendMessages(gw, streamed);
    assert.equal(sse.status, 200, sse.text);
    assert.equal(sse.upstreamCalls, 1);
    assert.deepEqual(upstreamCallsOn(gw).at(-1)!.body, streamed);
  });

  test('system-role entries inside messages (Claude Code sends them) are relayed as they are and answered', async () => {
    const question = uniq('Bonjour?');
    const body = ask(uniq('question'), {
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: question },
        { role: 'system', content: 'Be brief.' },
      ],
    });
    const result = await sendMessages(gw, body);
    assert.equal(result.upstreamCalls, 1);
    assert.deepEqual(upstreamCallsOn(gw).at(-1)!.body, body);
    assert.equal(result.status, 200, result.text);
    assert.equal(result.json.content[0].text, `Echo: ${question}`);
  });

  test('an upstream refusal of the request reaches the client as the upstream said it', async () => {
    const body = ask(uniq('question'), { messages: [{ role: 'tool', content: 'no such role' }] });
    const result = await sendMessages(gw, body);
    assert.equal(result.upstreamCalls, 1);
    assert.equal(result.status, 400, result.text);
    assert.equal(result.json.type, 'error');
    assert.equal(result.json.error.type, 'invalid_request_error');
    assert.match(result.json.error.message, /messages\.0\.role/);
  });

  test('?beta=true and the anthropic-version and anthropic-beta headers reach the upstream', async () => {
    const body = ask(uniq('beta question'));
    const raw = await sendMessages(gw, body, {
      path: '/v1/messages?beta=true',
      headers: { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'context-management-2025-06-27,interleaved-thinking-2025-05-14' },
    });
    assert.equal(raw.status, 200, raw.text);
    const call = upstreamCallsOn(gw).at(-1)!;
    assert.equal(call.query, 'beta=true');
    assert.equal(call.headers['anthropic-version'], '2023-06-01');
    assert.equal(call.headers['anthropic-beta'], 'context-management-2025-06-27,interleaved-thinking-2025-05-14');

    const client = anthropicFor(gw);
    const viaSdk = ask(uniq('sdk beta question'));
    await client.beta.messages.create(
      { ...(viaSdk as Anthropic.Beta.MessageCreateParamsNonStreaming), betas: ['context-management-2025-06-27'] },
      { query: { beta: 'true' } },
    );
    const sdkCall = upstreamCallsOn(gw).at(-1)!;
    assert.equal(sdkCall.query, 'beta=true');
    assert.equal(sdkCall.headers['anthropic-beta'], 'context-management-2025-06-27');
    assert.match(String(sdkCall.headers['anthropic-version']), /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(sdkCall.body, viaSdk, 'betas is the SDK\'s, sent as a header and not in the body');

    const counted = await client.messages.countTokens(
      { model: CLAUDE, messages: [{ role: 'user', content: 'count me' }] },
      { query: { beta: 'true' }, headers: { 'anthropic-beta': 'token-counting-2024-11-01' } },
    );
    assert.ok(counted.input_tokens > 0);
    const countCall = upstreamCallsOn(gw, '/v1/messages/count_tokens').at(-1)!;
    assert.equal(countCall.query, 'beta=true');
    assert.equal(countCall.headers['anthropic-beta'], 'token-counting-2024-11-01');
  });

  test('a base URL ending in /v1 works: /v1/v1/messages and its count_tokens reach /v1/messages upstream', async () => {
    const client = anthropicFor(gw, undefined, `${gw.url}/v1`);
    const body = ask(uniq('double prefix')) as Anthropic.MessageCreateParamsNonStreaming;
    const { data, response } = await client.messages.create(body).withResponse();
    assert.equal(response.headers.get('x-synapse-cache-status'), 'MISS');
    assert.equal((data.content[0] as Anthropic.TextBlock).text, `Echo: ${body.messages[0]!.content as string}`);
    assert.equal(upstreamCallsOn(gw).at(-1)!.path, '/v1/messages');
    const streamed = await client.messages.stream(body).withResponse();
    assert.equal(streamed.response.headers.get('x-synapse-cache-status'), 'HIT', 'the same cache as /v1/messages');
    assert.deepEqual((await streamed.data.finalMessage()).content, data.content);
    const hitOnShortPath = await sendMessages(gw, body);
    assert.equal(hitOnShortPath.cache, 'HIT');

    const counted = await client.messages.countTokens({ model: CLAUDE, messages: body.messages });
    assert.ok(counted.input_tokens > 0);
    assert.equal(upstreamCallsOn(gw, '/v1/messages/count_tokens').at(-1)!.path, '/v1/messages/count_tokens');
  });
});
